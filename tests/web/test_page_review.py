"""Defects a moviegoer noticed in a page-by-page review (phone and desktop, JS on and off)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import MovieFactory, with_verdict

pytestmark = pytest.mark.django_db

REPORT_THANKS = "Thank you! Your report counts toward the answer."
CORRECTION_THANKS = "Thank you. An editor will look at it."


def _report_box(html: str) -> str:
    return html[html.index('id="report"') : html.index('class="movie-head"')]


def _correction_box(html: str) -> str:
    return html[html.index('id="correction"') : html.index("</article>")]


def test_without_js_the_thanks_for_a_report_is_in_the_box_the_visitor_lands_on(
    client: Client,
) -> None:
    """The redirect lands on #report: the thanks must be there, in place of the buttons (as
    htmx shows it), not at the top of the page while the same buttons invite a second tap."""
    movie = with_verdict(MovieFactory())
    response = client.post(f"/movies/{movie.slug}/report/", {"saw": "after"}, follow=True)
    assert response.redirect_chain[-1][0].endswith("#report")
    html = response.content.decode()
    box = _report_box(html)
    assert REPORT_THANKS in box
    assert 'name="saw"' not in box
    assert html.count(REPORT_THANKS) == 1
    # The thanks is said once: the next visit has the buttons back.
    again = client.get(movie.get_absolute_url()).content.decode()
    assert 'name="saw"' in _report_box(again) and REPORT_THANKS not in again


def test_without_js_the_thanks_for_a_correction_is_in_its_open_box(client: Client) -> None:
    movie = with_verdict(MovieFactory())
    data = {"field": "year", "proposal": "It came out in 2015."}
    response = client.post(f"/movies/{movie.slug}/correction/", data, follow=True)
    assert response.redirect_chain[-1][0].endswith("#correction")
    html = response.content.decode()
    box = _correction_box(html)
    assert CORRECTION_THANKS in box and "<details open>" in box
    assert 'name="proposal"' not in box
    assert html.count(CORRECTION_THANKS) == 1
