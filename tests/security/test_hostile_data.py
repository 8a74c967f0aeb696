"""Titles, names, notes and imported text carrying markup render as text on every page type,
in JSON-LD, in the sitemap and in the API."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from django.test import Client

from tests.factories import (
    CompanyFactory,
    CreditFactory,
    CreditSceneFactory,
    EvidenceFactory,
    GenreFactory,
    MovieFactory,
    WatchOfferFactory,
    add_company,
    with_verdict,
)
from whatsafter.aftercredits.list_counts import list_counts_refresh
from whatsafter.aftercredits.models import Report, ReportStatus
from whatsafter.normalise import web_url
from whatsafter.quizzes.models import PlotSection

pytestmark = pytest.mark.django_db

# Each payload would run or inject markup if rendered raw; the marker finds it in a page.
TITLE = '</title></script><script>alert("title")</script>'
NAME = '<img src=x onerror=alert("name")>'
COMPANY = '<svg onload=alert("company")>'
NOTE = "<iframe src=javascript:alert('note')>"
PLOT = '"><script>alert("plot")</script>'
GENRE = "<b onmouseover=alert('genre')>Noir</b>"
RAW = ("<script>alert", "<img src=x", "<svg onload", "<iframe", "<b onmouseover")


def strings(data: object) -> Iterator[str]:
    """Every string value in a decoded JSON document."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings(value)


@pytest.fixture
def hostile(client: Client) -> Client:
    movie = MovieFactory(
        title=TITLE, slug="hostile-2010", overview=PLOT, tagline=NAME, popularity=99
    )
    movie.genres.add(GenreFactory(name=GENRE, slug="noir"))
    CreditFactory(movie=movie, person__name=NAME, person__slug="hostile-person", character=PLOT)
    add_company(movie, CompanyFactory(name=COMPANY, slug="hostile-company"))
    EvidenceFactory(movie=movie, claim="after")
    CreditSceneFactory(movie=movie, description=PLOT)
    PlotSection.objects.create(movie=movie, part="setup", text=PLOT, source="editor", licence="x")
    with_verdict(movie)
    Report.objects.create(
        movie=movie, saw_during=False, saw_after=True, note=NOTE, visitor_id="v",
        address_hash="h" * 64, status=ReportStatus.ACCEPTED,
    )  # fmt: skip
    list_counts_refresh()  # what every import does when it ends: Actors lists the person
    return client


PAGES = [
    "/", "/latest/", "/actors/", "/companies/", "/search/?q=alert",
    "/movies/hostile-2010/", "/movies/hostile-2010/?spoilers=1", "/movies/hostile-2010/quiz/",
    "/people/hostile-person/", "/companies/hostile-company/",
]  # fmt: skip


@pytest.mark.parametrize("path", PAGES)
def test_pages_show_markup_as_text(hostile: Client, path: str) -> None:
    response = hostile.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    for raw in RAW:
        assert raw not in html, (path, raw)
    assert "&lt;" in html  # the payload is there, escaped


@pytest.mark.parametrize(
    "path", ["/movies/hostile-2010/", "/people/hostile-person/", "/companies/hostile-company/"]
)
def test_json_ld_cannot_be_closed_by_data(hostile: Client, path: str) -> None:
    html = hostile.get(path).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert blocks
    for block in blocks:
        assert "<" not in block and ">" not in block
        # Still valid JSON, with the text intact.
        assert {TITLE, NAME, COMPANY} & set(strings(json.loads(block)))


def test_the_sitemap_stays_valid_xml(hostile: Client) -> None:
    index = hostile.get("/sitemap.xml")
    ET.fromstring(index.content)  # noqa: S314 - our own response
    for section in ("movies", "people", "companies"):
        response = hostile.get(f"/sitemap-{section}.xml")
        if response.status_code == 404:
            continue
        ET.fromstring(response.content)  # noqa: S314 - raises on injected markup


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/movies/hostile-2010?spoilers=true",
        "/api/v1/people/hostile-person",
        "/api/v1/companies/hostile-company",
        "/api/v1/search?q=alert",
    ],
)
def test_the_api_returns_the_text_as_json_data(hostile: Client, path: str) -> None:
    response = hostile.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"  # never sniffed as HTML
    assert {TITLE, NAME, COMPANY} & set(strings(response.json()))


@pytest.mark.parametrize(
    "url", ["javascript:alert('url')", " JavaScript:alert(1)", "data:text/html,<b>x</b>", "//x"]
)
def test_imported_links_reach_pages_only_as_http(client: Client, url: str) -> None:
    """A poster, photo, offer or plot-source link that is not http(s) is left out of the page;
    a real one is kept."""
    movie = MovieFactory(slug="links-2010", poster_url=url, popularity=99)
    CreditFactory(movie=movie, person__slug="linked-person", person__photo_url=url)
    WatchOfferFactory(movie=movie, url=url)
    WatchOfferFactory(movie=movie, url="https://example.org/watch", provider="Kept")
    PlotSection.objects.create(
        movie=movie, part="setup", text="Plot.", source="editor", licence="x", source_url=url
    )
    for path in ("/movies/links-2010/", "/movies/links-2010/?spoilers=1", "/people/linked-person/"):
        html = client.get(path).content.decode()
        assert url.strip() not in html and "javascript:" not in html.lower(), path
    assert 'href="https://example.org/watch"' in client.get("/movies/links-2010/").content.decode()


def test_web_url_keeps_only_http_addresses() -> None:
    assert web_url("https://image.tmdb.org/p/w342/x.jpg") == "https://image.tmdb.org/p/w342/x.jpg"
    assert web_url(" http://example.org/ ") == "http://example.org/"
    for bad in ("javascript:alert(1)", "JAVASCRIPT:x", "data:image/png;base64,AA", "", None):
        assert web_url(bad) == ""
