"""Canonical URLs, schema.org JSON-LD, Open Graph, sitemap and robots.txt."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from tests.factories import (
    CompanyFactory,
    CreditFactory,
    MovieFactory,
    PersonFactory,
    RatingFactory,
)
from whatsafter.catalog.models import SITEMAP_PAGE

pytestmark = pytest.mark.django_db


def jsonld(html: str) -> dict:  # type: ignore[type-arg]
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD block"
    return json.loads(match.group(1))


def test_a_film_page_describes_itself_as_a_movie(client: Client) -> None:
    movie = MovieFactory(
        title="Never Let Me Go",
        slug="never-let-me-go-2010",
        imdb_id="tt1334260",
        runtime_minutes=104,
    )
    CreditFactory(movie=movie, person__name="Carey Mulligan")
    RatingFactory(movie=movie, source="imdb")
    html = client.get(movie.get_absolute_url()).content.decode()
    data = jsonld(html)
    assert (data["@type"], data["name"], data["duration"]) == ("Movie", "Never Let Me Go", "PT104M")
    assert data["actor"][0]["name"] == "Carey Mulligan"
    assert data["aggregateRating"]["ratingCount"] == 252
    assert '<link rel="canonical" href="http://testserver/movies/never-let-me-go-2010/">' in html
    assert '<meta property="og:type" content="video.movie">' in html


def test_json_ld_cannot_be_closed_by_data(client: Client) -> None:
    movie = MovieFactory(title="</script><script>alert(1)</script>")
    html = client.get(movie.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert jsonld(html)["name"] == "</script><script>alert(1)</script>"


def test_people_and_companies_have_their_types(client: Client) -> None:
    person = PersonFactory(imdb_id="nm1659547")
    assert jsonld(client.get(person.get_absolute_url()).content.decode())["@type"] == "Person"
    CompanyFactory(slug="film4", tmdb_id=9349)
    data = jsonld(client.get("/companies/film4/").content.decode())
    assert (data["@type"], data["sameAs"]) == (
        "Organization",
        ["https://www.themoviedb.org/company/9349"],
    )


def sitemap_page(section: str, row_id: int) -> str:
    """The sitemap page that holds a row: pages are runs of ids (web/sitemaps.py), so on a
    database whose ids have run past the first page (PostgreSQL's sequences survive each
    test's rollback) it is not page 1."""
    page = row_id // SITEMAP_PAGE + 1
    return f"/sitemap-{section}.xml" + (f"?p={page}" if page > 1 else "")


def test_the_sitemap_lists_every_section(client: Client) -> None:
    film = MovieFactory(slug="a-film-2010")
    person = PersonFactory(slug="a-person")
    company = CompanyFactory(slug="a-company")
    index = client.get("/sitemap.xml").content.decode()
    for section in ("sections", "movies", "people", "companies"):
        assert f"/sitemap-{section}.xml" in index
    for section, row, url in (
        ("movies", film, "/movies/a-film-2010/"),
        ("people", person, "/people/a-person/"),
        ("companies", company, "/companies/a-company/"),
    ):
        page = sitemap_page(section, row.id)
        assert "http://testserver" + page.replace("&", "&amp;") in index  # the index lists it
        assert url in client.get(page).content.decode()


def test_robots_points_at_the_sitemap(client: Client) -> None:
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text
