"""Form controls a phone user types in or taps, at the page's type size and a finger's height.

The browser's default control font is about 13 px: small to read, a small target, and iOS
zooms the page into any field under 16 px when it is focused.
"""

from __future__ import annotations

import pytest

from tests.factories import GenreFactory, MovieFactory, with_verdict
from whatsafter.aftercredits.list_counts import list_counts_refresh

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEASURE = """(selector) => [...document.querySelectorAll(selector)].map((el) => {
    const box = el.getBoundingClientRect();
    return {name: el.name || el.textContent.trim(), font: parseFloat(getComputedStyle(el).fontSize),
            height: box.height};
})"""


def test_the_latest_filters_and_the_report_time_are_phone_sized(live_server, browser) -> None:  # type: ignore[no-untyped-def]
    movie = with_verdict(MovieFactory())
    movie.genres.add(GenreFactory(name="Science Fiction", slug="science-fiction"))
    list_counts_refresh()
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}/latest/")
    controls = page.evaluate(MEASURE, ".filters select, .filters button")
    page.goto(f"{live_server.url}{movie.get_absolute_url()}")
    page.get_by_text("Add a note or a time (optional)").click()
    controls += page.evaluate(MEASURE, ".report-more input")
    context.close()
    assert {c["name"] for c in controls} == {"genre", "Filter", "at"}
    small = [c for c in controls if c["font"] < 16 or c["height"] < 40]
    assert not small, small
