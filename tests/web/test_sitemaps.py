"""Sitemap pages are runs of ids: each page listed once, with its own latest change."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from tests.factories import MovieFactory, PersonFactory
from whatsafter.catalog.models import SITEMAP_PAGE, Movie
from whatsafter.web.sitemaps import IdPagedSitemap, MovieSitemap, PersonSitemap

pytestmark = pytest.mark.django_db


def index_entries(client: Client) -> dict[str, str | None]:
    xml = client.get("/sitemap.xml").content.decode()
    entries = re.findall(r"<sitemap>\s*<loc>(.*?)</loc>\s*(?:<lastmod>(.*?)</lastmod>)?", xml)
    return {location: lastmod or None for location, lastmod in entries}


def stamp(movie: Movie, when: dt.datetime) -> None:
    Movie.objects.filter(pk=movie.pk).update(updated_at=when)


def test_each_page_of_films_is_listed_with_its_own_latest_change(client: Client) -> None:
    first = MovieFactory(id=7, slug="first-page-film")
    also_first = MovieFactory(id=SITEMAP_PAGE - 1, slug="end-of-first-page")
    third = MovieFactory(id=2 * SITEMAP_PAGE + 5, slug="third-page-film")
    stamp(first, dt.datetime(2024, 3, 1, 12, 0, tzinfo=dt.UTC))
    stamp(also_first, dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.UTC))
    stamp(third, dt.datetime(2023, 1, 2, 3, 4, tzinfo=dt.UTC))
    entries = index_entries(client)
    movies = {loc: mod for loc, mod in entries.items() if "sitemap-movies" in loc}
    assert movies == {
        "http://testserver/sitemap-movies.xml": "2025-06-01T12:00:00+00:00",
        "http://testserver/sitemap-movies.xml?p=3": "2023-01-02T03:04:00+00:00",
    }
    page_one = client.get("/sitemap-movies.xml").content.decode()
    assert "/movies/first-page-film/" in page_one and "/movies/end-of-first-page/" in page_one
    assert "third-page-film" not in page_one
    page_three = client.get("/sitemap-movies.xml", {"p": 3}).content.decode()
    assert page_three.count("<url>") == 1 and "/movies/third-page-film/" in page_three
    # A page whose run of ids is empty (not listed in the index) is empty, not an error;
    # past the last page, and a page that is not a number, are not found.
    assert client.get("/sitemap-movies.xml", {"p": 2}).content.decode().count("<url>") == 0
    assert client.get("/sitemap-movies.xml", {"p": 4}).status_code == 404
    assert client.get("/sitemap-movies.xml", {"p": "x"}).status_code == 404


def test_an_edit_moves_only_its_own_pages_lastmod(client: Client) -> None:
    old = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    films = [MovieFactory(id=n) for n in (3, SITEMAP_PAGE + 3)]
    for film in films:
        stamp(film, old)
    before = index_entries(client)
    films[1].title = "Renamed"
    films[1].save()  # auto_now moves updated_at
    after = index_entries(client)
    assert (
        after["http://testserver/sitemap-movies.xml"]
        == before["http://testserver/sitemap-movies.xml"]
    )
    moved = after["http://testserver/sitemap-movies.xml?p=2"]
    assert moved is not None and dt.datetime.fromisoformat(moved) > timezone.now() - dt.timedelta(
        minutes=5
    )


def test_people_pages_are_listed_by_their_runs_of_ids(client: Client) -> None:
    PersonFactory(id=SITEMAP_PAGE * 4 + 1, slug="far-along")
    PersonFactory(id=11, slug="early")
    people = sorted(loc for loc in index_entries(client) if "sitemap-people" in loc)
    assert people == [
        "http://testserver/sitemap-people.xml",
        "http://testserver/sitemap-people.xml?p=5",
    ]
    page = client.get("/sitemap-people.xml", {"p": 5}).content.decode()
    assert "/people/far-along/" in page and "/people/early/" not in page


def test_an_empty_catalogue_lists_only_the_sections(client: Client) -> None:
    assert list(index_entries(client)) == ["http://testserver/sitemap-sections.xml"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan text")
@pytest.mark.parametrize("sitemap", (MovieSitemap, PersonSitemap))
def test_each_pages_probe_is_an_index_lookup(sitemap: type[IdPagedSitemap]) -> None:
    MovieFactory()
    PersonFactory()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sitemap().index_pages_sql())
        probe = [str(row[-1]) for row in cursor.fetchall()][-1]
    # A constraint in the plan line: a seek into the run, not a read of the whole index.
    assert probe.startswith("SEARCH") and ("(<expr>=?)" in probe or "rowid>?" in probe), probe
