"""N+1 guard for the company page and the sitemaps: one item or three, same queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.factories import (
    CompanyFactory,
    EvidenceFactory,
    MovieFactory,
    PersonFactory,
    add_company,
    with_verdict,
)
from tests.web.test_findability import sitemap_page

pytestmark = pytest.mark.django_db


def test_a_company_page_costs_the_same_for_one_or_many_films(
    client: Client, item_count: int, django_assert_num_queries
) -> None:
    studio = CompanyFactory(slug="stinger-pictures")
    films = [
        with_verdict(EvidenceFactory(claim="after", movie__year=year).movie)
        for year in range(2001, 2001 + item_count)
    ]
    for film in films:
        add_company(film, studio)
    with django_assert_num_queries(2):  # the company, its films with their verdicts
        response = client.get("/companies/stinger-pictures/")
    assert response.status_code == 200
    assert all(film.get_absolute_url() in response.content.decode() for film in films)


@pytest.mark.parametrize("section", ("movies", "people", "companies", "sections"))
def test_a_sitemap_section_costs_the_same_for_one_or_many_entries(
    client: Client, item_count: int, section: str, django_assert_num_queries
) -> None:
    rows: dict[str, list[Any]] = {"movies": [], "people": [], "companies": [], "sections": []}
    for _ in range(item_count):
        rows["movies"].append(MovieFactory())
        rows["people"].append(PersonFactory())
        rows["companies"].append(CompanyFactory())
    # Pages are runs of ids: ask for the page of the first row made (on PostgreSQL ids keep
    # counting across tests), and count the rows made that fall in it.
    url = sitemap_page(section, rows[section][0].id) if rows[section] else "/sitemap-sections.xml"
    queries = 0 if section == "sections" else 2  # the last id (how many pages), then the page
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    if section != "sections":
        same_page = [r for r in rows[section] if sitemap_page(section, r.id) == url]
        assert response.content.decode().count("<url>") == len(same_page) >= 1


def test_the_sitemap_index_costs_the_same_however_many_entries(
    client: Client, item_count: int, django_assert_num_queries
) -> None:
    for _ in range(item_count):
        MovieFactory()
        PersonFactory()
        CompanyFactory()
    # one per section that lists rows: its pages and each page's latest change, each an
    # index lookup (web/sitemaps.py)
    with django_assert_num_queries(3):
        assert client.get("/sitemap.xml").status_code == 200
