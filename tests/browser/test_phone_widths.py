"""Pages read on a 390 px phone without sideways scrolling: a row that is wider than the
screen hides its last column behind a scroll the reader does not know is there."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import MovieFactory, WatchOfferFactory, with_verdict
from whatsafter.catalog.models import Release

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_a_film_pages_release_dates_fit_a_phone(live_server, browser) -> None:  # type: ignore[no-untyped-def]
    movie = with_verdict(MovieFactory(title="Avengers: Endgame", slug="avengers-endgame-2019"))
    # Country names (not codes) in the first column, a missing date, the longest kind and
    # a certification in the last: the widest rows the table has to show.
    for region, kind, date, rated in [
        ("XC", Release.Kind.THEATRICAL, None, ""),
        ("GB", Release.Kind.THEATRICAL_LIMITED, dt.date(2019, 4, 25), "12A"),
        ("US", Release.Kind.PREMIERE, dt.date(2019, 4, 22), "PG-13"),
    ]:
        Release.objects.create(
            movie=movie, region=region, kind=kind, release_date=date, certification=rated,
            source="test",
        )  # fmt: skip
    WatchOfferFactory(movie=movie, region="GB")
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}{movie.get_absolute_url()}")
    assert page.get_by_role("cell", name="Czechoslovakia").is_visible()
    widths = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    context.close()
    assert widths[0] <= widths[1], f"the page scrolls sideways: {widths}"
