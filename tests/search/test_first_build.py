"""A first build of the search index (the first import, or `full`) takes a faster path than
a refresh of a few rows: empty tables filled without their plain indexes, full-text tables
filled once in rank order, people's popularity summed in one pass over the credits. The
index it leaves must be the one the row-by-row refresh leaves, row for row."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from tests.factories import CreditFactory, MovieFactory, PersonFactory, RatingFactory
from whatsafter.catalog.models import AlternativeTitle, Movie, Person
from whatsafter.search import services
from whatsafter.search.selectors import film_search, search
from whatsafter.search.services import search_index_refresh

pytestmark = pytest.mark.django_db

# Every column of every index table except surrogate ids, in a fixed order.
TABLES = {
    "search_titleentry": "movie_id, title, year, popularity, key, rank, other, weight, signature",
    "search_titleform": "form, movie_id",
    "search_personentry": "person_id, name, key, popularity, rank",
    "search_prefix": "prefix, rank, movie_id",
    "search_wordtop": "word, rank, movie_id",
    "search_word": "word, initial, length, sound, films",
    "search_nameword": "word, initial, length, sound, films",
}
QUERIES = ["rocky 2", "doctor", "part two", "star", "rocky balboa", "stallone", "an", "the"]


def _catalogue() -> None:
    # Popularity sums that depend on the order of addition: (0.1 + 0.2) + 0.3 is not
    # 0.1 + (0.2 + 0.3) in floating point. Credits are written in an order unlike the
    # films' ids, so a sum in any other order than the SQL's shows.
    films = [
        MovieFactory(title=title, popularity=popularity, year=1976 + n)
        for n, (title, popularity) in enumerate(
            [
                ("Rocky", 0.1),
                ("Rocky II", 0.2),
                ("Doctor Strange in the Multiverse", 0.3),
                ("Star Wars: Part Two", 0.7),
                ("An Affair", 3.3),
                ("!!!", 1.0),  # no words: no entry
            ]
        )
    ]
    stallone = PersonFactory(name="Sylvester Stallone")
    shire = PersonFactory(name="Talia Shire")
    PersonFactory(name="Nobody Credited")
    PersonFactory(name="--")  # no words: no entry
    for film in [films[2], films[0], films[3], films[1], films[4]]:
        CreditFactory(movie=film, person=stallone)
    for film in [films[3], films[1], films[0]]:
        CreditFactory(movie=film, person=shire)
    RatingFactory(movie=films[4], vote_count=123_457)
    AlternativeTitle.objects.create(movie=films[0], title="Rocky Balboa Begins")
    Movie.objects.filter(pk=films[3].pk).update(original_title="La Guerre des étoiles")


def _index() -> dict[str, Any]:
    found: dict[str, Any] = {}
    with connection.cursor() as cursor:
        for table, columns in TABLES.items():
            cursor.execute(f"SELECT {columns} FROM {table} ORDER BY {columns}")  # noqa: S608
            found[table] = cursor.fetchall()
        if connection.vendor == "sqlite":
            for fts, columns in (
                ("search_title_fts", "rowid, key, other, year"),
                ("search_person_fts", "rowid, key"),
            ):
                cursor.execute(f"INSERT INTO {fts} ({fts}) VALUES ('integrity-check')")  # noqa: S608
                cursor.execute(f"SELECT {columns} FROM {fts} ORDER BY rowid")  # noqa: S608
                found[fts] = cursor.fetchall()
    found["answers"] = [
        (
            [film.pk for film in film_search(query)[0]],
            [film.pk for film in film_search(query, suggest=True)[0]],
            [person.pk for person in search(query).people],
        )
        for query in QUERIES
    ]
    return found


def _index_emptied() -> None:
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608
    from whatsafter.search import fulltext

    fulltext.fts_clear()


def test_a_first_build_writes_the_index_a_refresh_writes() -> None:
    _catalogue()
    _index_emptied()
    # Every row named: the row-by-row path, as a refresh after single edits takes it.
    search_index_refresh(
        movie_ids=list(Movie.objects.values_list("pk", flat=True)),
        person_ids=list(Person.objects.values_list("pk", flat=True)),
    )
    row_by_row = _index()
    assert len(row_by_row["search_titleentry"]) == 5
    assert len(row_by_row["search_personentry"]) == 3
    (stallone,) = [r for r in row_by_row["search_personentry"] if r[1] == "Sylvester Stallone"]
    assert stallone[3] == 0.3 + 0.1 + 0.7 + 0.2 + 12.3457  # summed in the credits' id order

    _index_emptied()  # as before a first import
    counts = search_index_refresh()
    assert (counts.films, counts.people) == (6, 4)
    assert _index() == row_by_row
    search_index_refresh(full=True)
    assert _index() == row_by_row
    # A refresh after it rewrites nothing but the two without words, which get no entry.
    again = search_index_refresh()
    assert (again.films, again.people) == (1, 1)
    assert _index() == row_by_row


def test_everyone_checked_at_once_gives_the_popularity_the_sql_gives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """After a large import every person's popularity is checked in one pass over the
    credits instead of a sum per person in SQL; both must agree, also where little moved."""
    _catalogue()
    search_index_refresh()
    Movie.objects.filter(title="Rocky II").update(popularity=0.25)
    search_index_refresh()  # a few films changed: the SQL sum for the people credited
    by_sql = _index()
    Movie.objects.filter(title="Rocky II").update(popularity=0.2)
    search_index_refresh()
    Movie.objects.filter(title="Rocky II").update(popularity=0.25)
    monkeypatch.setattr(services, "PEOPLE_RECHECK_AT", 0)  # as after a large import
    search_index_refresh()
    after = _index()
    # The word counts grow with every rewrite (models.Vocabulary), so only the rest compares.
    for vocabulary in ("search_word", "search_nameword"):
        del after[vocabulary], by_sql[vocabulary]
    assert after == by_sql
