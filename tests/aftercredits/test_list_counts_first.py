"""A first full recount (nothing counted yet, as after a first import) builds the count
indexes after the update instead of moving each row in them (SQLite). The counts and the
indexes must be the ones the row-by-row update leaves."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from whatsafter.aftercredits.list_counts import list_counts_refresh
from whatsafter.catalog.models import Company, Genre, Person
from whatsafter.utils import plain_indexes

pytestmark = pytest.mark.django_db


def _catalogue() -> None:
    people = [factories.PersonFactory(name=f"Person {n}") for n in range(4)]
    companies = [factories.CompanyFactory() for _ in range(2)]
    drama = Genre.objects.create(name="Drama")
    for n in range(5):
        movie = factories.with_verdict(factories.MovieFactory())
        movie.genres.add(drama)
        factories.add_company(movie, companies[n % 2])
        for person in people[: n % 4 + 1]:
            factories.CreditFactory(movie=movie, person=person)
        # Two credits of one person in one film count that film once.
        factories.CreditFactory(movie=movie, person=people[0], kind="crew", job="Director")


def _counts() -> dict[str, Any]:
    return {
        "people": sorted(Person.objects.values_list("name", "film_count")),
        "companies": sorted(Company.objects.values_list("name", "film_count", "scene_count")),
        "genres": sorted(Genre.objects.values_list("name", "film_count")),
        "indexes": {t: plain_indexes(t) for t in ("catalog_person", "catalog_company")},
    }


def _dropped(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith("DROP INDEX")]


def test_a_first_recount_gives_the_counts_and_indexes_of_a_row_by_row_one() -> None:
    _catalogue()
    assert not Person.objects.filter(film_count__gt=0).exists()
    with CaptureQueriesContext(connection) as queries:
        list_counts_refresh()
    first = _counts()
    if connection.vendor == "sqlite":
        assert {'DROP INDEX "person_film_count_idx"', 'DROP INDEX "company_film_count_idx"'} <= set(
            _dropped(queries)
        )
    else:
        assert _dropped(queries) == []  # it would lock readers out on PostgreSQL
    assert first["people"] == [("Person 0", 5), ("Person 1", 3), ("Person 2", 2), ("Person 3", 1)]
    assert sorted(c[1] for c in first["companies"]) == [2, 3]
    assert first["genres"] == [("Drama", 5)]
    assert any("film_count" in sql for _, sql in first["indexes"]["catalog_person"])

    # The same counts through the row-by-row update: counts present, nothing dropped.
    Person.objects.update(film_count=1)
    Company.objects.update(film_count=1, scene_count=0)
    Genre.objects.update(film_count=1)
    with CaptureQueriesContext(connection) as queries:
        list_counts_refresh()
    assert _dropped(queries) == []
    assert _counts() == first
