"""The one-tap form on the film page, with and without htmx, and its abuse cases."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import CreditSceneFactory, EvidenceFactory, MovieFactory, with_verdict
from whatsafter.aftercredits.models import Correction, CreditsTiming, Report

pytestmark = pytest.mark.django_db


def test_the_film_page_offers_the_one_tap_form(client: Client) -> None:
    movie = MovieFactory()
    html = client.get(movie.get_absolute_url()).content.decode()
    assert f'action="/movies/{movie.slug}/report/"' in html
    for value in ("during", "after", "both", "nothing"):
        assert f'name="saw" value="{value}"' in html
    # The page is shared by every visitor (page cache): no per-visitor token in it.
    assert "csrfmiddlewaretoken" not in html
    assert "Something wrong on this page?" in html


@pytest.mark.parametrize(
    ("headers", "stored"),
    [
        ({"HTTP_SEC_FETCH_SITE": "cross-site"}, False),
        ({"HTTP_SEC_FETCH_SITE": "same-site"}, False),
        ({"HTTP_ORIGIN": "https://evil.example"}, False),
        ({"HTTP_REFERER": "https://evil.example/page"}, False),
        ({"HTTP_SEC_FETCH_SITE": "same-origin"}, True),
        ({"HTTP_ORIGIN": "http://testserver"}, True),
    ],
)
def test_reports_and_corrections_from_another_site_are_refused(
    headers: dict[str, str], stored: bool
) -> None:
    client = Client(enforce_csrf_checks=True)
    movie = MovieFactory()
    report = client.post(f"/movies/{movie.slug}/report/", {"saw": "after"}, **headers)
    correction = client.post(
        f"/movies/{movie.slug}/correction/", {"field": "title", "proposal": "x"}, **headers
    )
    expected = {200, 302} if stored else {403}
    assert {report.status_code, correction.status_code} <= expected
    assert Report.objects.exists() is stored and Correction.objects.exists() is stored


def test_a_report_without_js_lands_back_on_the_page_with_thanks(client: Client) -> None:
    movie = MovieFactory()
    response = client.post(
        f"/movies/{movie.slug}/report/",
        {"saw": "after", "at": "1:52", "note": "Stay!"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Thank you! Your report counts" in response.content.decode()
    report = Report.objects.get()
    assert (report.saw_after, report.saw_during, report.at_minute, report.note) == (
        True,
        False,
        112,
        "Stay!",
    )
    assert "wa_visitor" in response.client.cookies


def test_a_report_through_htmx_gets_just_the_fragment(client: Client) -> None:
    movie = MovieFactory()
    response = client.post(
        f"/movies/{movie.slug}/report/", {"saw": "nothing"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="report"')
    assert "<html" not in html
    assert "Thank you!" in html


def test_the_cookie_stops_a_second_report_from_the_same_browser(client: Client) -> None:
    movie = MovieFactory()
    client.post(f"/movies/{movie.slug}/report/", {"saw": "after"})
    response = client.post(
        f"/movies/{movie.slug}/report/", {"saw": "nothing"}, REMOTE_ADDR="192.0.2.77"
    )
    assert response.status_code == 409
    assert "already reported" in response.content.decode()
    assert Report.objects.count() == 1


def test_a_report_for_an_unknown_film_is_a_404(client: Client) -> None:
    assert client.post("/movies/no-such-film-2001/report/", {"saw": "after"}).status_code == 404


def test_a_script_in_a_note_is_refused_or_rendered_as_text(client: Client) -> None:
    movie = MovieFactory()
    response = client.post(
        f"/movies/{movie.slug}/report/", {"saw": "after", "note": "<script>alert(1)</script>"}
    )
    assert response.status_code == 302
    note = Report.objects.get().note
    assert note == "<script>alert(1)</script>"  # kept as typed …
    html = client.get(movie.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html  # … and never rendered as markup


def test_a_refusal_is_shown_in_the_page_with_its_status(client: Client) -> None:
    movie = MovieFactory()
    response = client.post(
        f"/movies/{movie.slug}/report/", {"saw": "after", "note": "see http://x.example"}
    )
    assert response.status_code == 400
    assert "Please leave links out of the note." in response.content.decode()


@pytest.mark.parametrize(
    ("form", "data"),
    [("report", {"saw": "after"}), ("correction", {"field": "title", "proposal": "x"})],
)
def test_the_rate_limit_answers_429_with_retry_after(
    client: Client, settings, form: str, data: dict[str, str]
) -> None:
    settings.REPORTS_PER_HOUR = 3
    films = [MovieFactory() for _ in range(5)]
    statuses = [
        client.post(f"/movies/{f.slug}/{form}/", data, REMOTE_ADDR="192.0.2.1").status_code
        for f in films
    ]
    assert statuses[:3] == [302, 302, 302]
    last = client.post(f"/movies/{films[4].slug}/{form}/", data, REMOTE_ADDR="192.0.2.1")
    assert last.status_code == 429
    assert 0 < int(last["Retry-After"]) <= 3600  # the end of the hour-long window


def test_a_correction_goes_to_the_queue(client: Client) -> None:
    movie = MovieFactory()
    response = client.post(
        f"/movies/{movie.slug}/correction/",
        {"field": "runtime", "proposal": "It runs 104 minutes."},
        follow=True,
    )
    assert "An editor will look at it" in response.content.decode()
    assert Correction.objects.get().field == "runtime"


def test_scene_details_and_when_to_leave(client: Client) -> None:
    movie = MovieFactory(runtime_minutes=143)
    CreditSceneFactory(
        movie=movie,
        order=1,
        position="between",
        kind="teaser",
        at_minute=136,
        length_seconds=30,
        sets_up_sequel=True,
    )
    CreditSceneFactory(
        movie=movie, order=2, position="after", kind="gag", at_minute=143, length_seconds=45
    )
    CreditsTiming.objects.create(
        movie=movie, starts_at_minute=135, length_minutes=8, source="editor"
    )
    with_verdict(movie)
    html = client.get(movie.get_absolute_url()).content.decode()
    assert (
        "Safe to leave at 2:15 if you only want the story; stay to 2:24 for the last scene." in html
    )
    assert "between the animated and the crawl credits" in html
    assert "teaser for a sequel" in html
    assert "matters for a sequel" in html
    assert "at about 2:16" in html and "30 s" in html


def test_without_scenes_the_timing_says_when_the_credits_run(client: Client) -> None:
    movie = with_verdict(EvidenceFactory(claim="none_recorded").movie)
    CreditsTiming.objects.create(
        movie=movie, starts_at_minute=98, length_minutes=6, source="editor"
    )
    assert (
        "The credits run from 1:38 to 1:44."
        in client.get(movie.get_absolute_url()).content.decode()
    )


def test_accepted_notes_show_escaped_and_new_ones_wait(client: Client) -> None:
    movie = MovieFactory()
    client.post(
        f"/movies/{movie.slug}/report/",
        {"saw": "after", "note": "<script>alert(1)</script> wait for it"},
    )
    assert "wait for it" not in client.get(movie.get_absolute_url()).content.decode()
    Report.objects.update(status="accepted")
    html = client.get(movie.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; wait for it" in html
    assert "<script>alert(1)</script>" not in html
