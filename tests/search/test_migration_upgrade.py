"""A database that already has films upgrades through every migration.

Old migrations must not run today's code (it writes columns and tables that later
migrations create): they change the schema and fill data with the historical models, and
the search index is built once after the last one (search/apps.py). Each test takes the
real test database back to an old state, adds films with the models of that time, runs
`migrate` as an upgrade would, and checks the films are found and counted.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import MovieFactory
from whatsafter.catalog.models import Company, Genre, Movie, Person
from whatsafter.search import fulltext, index
from whatsafter.search.models import TitleEntry, WordTop
from whatsafter.search.selectors import search
from whatsafter.utils import migrations_pending

pytestmark = pytest.mark.django_db(transaction=True)

# The era of search 0002: before title forms, list counts, the scene flag and word lists.
# In the order they can be unapplied (catalog 0006 depends on aftercredits 0004).
OLD = (
    ("catalog", "0004_alternative_titles"),
    ("aftercredits", "0002_scene_details_reports_corrections"),
    ("search", "0002_fulltext"),
)


def _migrate(*target: str) -> None:
    """`manage.py migrate [app target]`, post_migrate signals and all."""
    call_command("migrate", *target, verbosity=0, interactive=False)


@pytest.fixture
def old_apps(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The test database at OLD; the historical models of that state. Migrated back to the
    latest afterwards, whatever happened, so later tests find the schema they expect."""
    # The word lists are checked on SQLite too (index.WORD_LISTS_ON_SQLITE).
    monkeypatch.setattr(index, "WORD_LISTS_ON_SQLITE", True)
    try:
        for app, name in OLD:
            _migrate(app, name)
        yield MigrationExecutor(connection).loader.project_state(list(OLD)).apps
    finally:
        _migrate()


@pytest.fixture(autouse=True)
def _fts_cleared() -> Iterator[None]:
    yield
    # The FTS5 tables are no model's: the flush that ends the test would leave their rows.
    fulltext.fts_clear()


def _old_catalogue(apps: Any) -> dict[str, int]:
    """Three films, a person in two, a company and a genre with two, one verdict "yes"."""
    movie = apps.get_model("catalog", "Movie").objects
    rocky = movie.create(title="Rocky", slug="rocky-1976", year=1976, popularity=8.0)
    avengers = movie.create(
        title="The Avengers", slug="the-avengers-2012", year=2012, popularity=30.0
    )
    thor = movie.create(title="Thor", slug="thor-2011", year=2011, popularity=12.0)
    apps.get_model("catalog", "AlternativeTitle").objects.create(
        movie=avengers, title="Avengers Assemble", region="GB", source="tmdb"
    )
    person = apps.get_model("catalog", "Person").objects.create(
        name="Chris Hemsworth", slug="chris-hemsworth"
    )
    company = apps.get_model("catalog", "Company").objects.create(
        name="Marvel Studios", slug="marvel-studios"
    )
    genre = apps.get_model("catalog", "Genre").objects.create(name="Action", slug="action")
    for film in (avengers, thor):
        apps.get_model("catalog", "Credit").objects.create(movie=film, person=person, kind="cast")
        apps.get_model("catalog", "MovieCompany").objects.create(movie=film, company=company)
        film.genres.add(genre)
    verdict = apps.get_model("aftercredits", "Verdict").objects
    now = datetime.now(tz=UTC)
    verdict.create(movie=avengers, status="yes", after_count=1, computed_at=now)
    verdict.create(movie=thor, status="no", computed_at=now)
    return {"rocky": rocky.pk, "avengers": avengers.pk, "thor": thor.pk}


def _stale_index(rocky: int) -> None:
    """An index the code of search 0004's time built, out of date: Rocky keyed "stale"."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO search_titleentry "
            "(movie_id, title, year, popularity, key, rank, other, weight, signature) "
            "VALUES (%s, 'Rocky', 1976, 8.0, 'stale', 1, '', 0, '')",
            [rocky],
        )
        if connection.vendor == "sqlite":
            cursor.execute(
                "INSERT INTO search_title_fts (rowid, key, other, year) "
                "VALUES (1, 'stale', '', 1976)"
            )


def _titles(query: str) -> list[str]:
    return [film.title for film in search(query).films]


@pytest.mark.parametrize("index_at", [None, "0004_titleform_rank"])
def test_a_catalogue_upgrades_to_the_latest_schema(old_apps: Any, index_at: str | None) -> None:
    """From search 0002 with films (and from 0004 with an index built then): `migrate` runs
    through, the index is rebuilt by today's code, the new counts and flags are filled."""
    ids = _old_catalogue(old_apps)
    if index_at:
        _migrate("search", index_at)
        _stale_index(ids["rocky"])

    _migrate()

    assert not migrations_pending()
    assert TitleEntry.objects.count() == 3
    assert _titles("rocky") == ["Rocky"]
    assert _titles("stale") == []
    assert _titles("avengers assemble")[0] == "The Avengers"  # its other title
    assert _titles("thor")[0] == "Thor"
    assert [p.name for p in search("chris hemsworth").people] == ["Chris Hemsworth"]
    assert WordTop.objects.filter(word="avengers", movie_id=ids["avengers"]).exists()
    # catalog 0005's counts and 0006's flag, filled with the models of their time.
    assert set(Movie.objects.filter(has_scene=True).values_list("pk", flat=True)) == {
        ids["avengers"]
    }
    assert Person.objects.get().film_count == 2
    company = Company.objects.get()
    assert (company.film_count, company.scene_count) == (2, 1)
    assert Genre.objects.get().film_count == 2


def test_migrate_builds_a_missing_index_only() -> None:
    """A `migrate` with nothing to apply builds no index for an empty catalogue (a fresh
    install, every test database), leaves an index that is there alone, and builds one
    that is missing while the catalogue has films."""
    _migrate()
    assert not TitleEntry.objects.exists()
    MovieFactory(title="Rocky", year=1976)  # indexed through its post_save signal
    TitleEntry.objects.update(key="stale")
    _migrate()
    assert TitleEntry.objects.get().key == "stale"
    TitleEntry.objects.all().delete()
    fulltext.fts_clear()
    _migrate()
    assert _titles("rocky") == ["Rocky"]
