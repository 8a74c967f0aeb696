"""Counts behind the Actors, Companies and Latest lists, stored on the catalogue's rows.

They live here, not in catalog, because a company's count of films with a scene comes
from the verdicts: the one layer that knows both (docs/ARCHITECTURE.md, "Layers").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction

from whatsafter.aftercredits.models import Verdict
from whatsafter.catalog.models import Company, Credit, Genre, Movie, MovieCompany, Person
from whatsafter.utils import batched, plain_indexes

# -- counts behind the Actors, Companies and Latest lists ------------------------------
# Aggregating every credit on every view cannot scale (97M credits at IMDb size), so the
# lists read counts stored on the rows. Every importer refreshes them all when it ends
# (beside the search index); a verdict change refreshes its films' companies; an
# editor's save refreshes its film's people, companies and genres.


COUNTED = ("people", "companies", "genres")


def list_counts_refresh(*, movie_ids: Iterable[int] | None = None) -> None:
    """Recount films per person, films and scene films per company, films per genre.

    With movie_ids, only the people, companies and genres of those films are recounted
    (a person dropped from a film's credits keeps the old count until the next full run).
    """
    if movie_ids is None:
        _recount(None)
        return
    for chunk in batched(sorted(set(movie_ids)), 500):
        _recount(list(chunk))


def company_counts_refresh(*, movie_ids: Iterable[int]) -> None:
    """Recount the companies of these films: their scene counts follow the verdicts."""
    for chunk in batched(sorted(set(movie_ids)), 500):
        _recount(list(chunk), what=("companies",))


@dataclass(frozen=True)
class _Counted:
    """One list's stored counts: which rows carry them, which rows they count."""

    table: str
    source: str  # a table with a movie_id column and a key pointing at `table`
    key: str
    films: str = "COUNT(*)"
    scenes: str = ""  # SQL for the scene count, where the table has one
    join: str = ""
    # For a recount of every row: a FROM item with one row per (key, film) to COUNT(*).
    # COUNT(DISTINCT movie_id) read each credit's film through the person index, a
    # random read of the credit table per credit (1.8 s of 2.5 at a million titles);
    # DISTINCT over both columns reads them from the credits' unique index in one pass.
    # Not for a few films' rows: it would read every credit each time.
    distinct: str = ""


def _counted(what: tuple[str, ...]) -> list[_Counted]:
    verdict = Verdict._meta.db_table
    specs = {
        "people": _Counted(
            Person._meta.db_table, Credit._meta.db_table, "person_id",
            films="COUNT(DISTINCT s.movie_id)",
            distinct=f"(SELECT DISTINCT person_id, movie_id FROM {Credit._meta.db_table})",  # noqa: S608
        ),
        "companies": _Counted(
            Company._meta.db_table, MovieCompany._meta.db_table, "company_id",
            scenes="COALESCE(SUM(CASE WHEN v.status = 'yes' THEN 1 ELSE 0 END), 0)",
            join=f"LEFT JOIN {verdict} AS v ON v.movie_id = s.movie_id",
        ),
        "genres": _Counted(Genre._meta.db_table, Movie.genres.through._meta.db_table, "genre_id"),
    }  # fmt: skip
    return [specs[name] for name in what]


@contextmanager
def _count_indexes_rebuilt(table: str, *, first: bool) -> Iterator[None]:
    """SQLite, a full recount of a table nothing is counted in yet (the first import):
    every counted row changes, so its count indexes are dropped and built once after the
    update instead of moved row by row (1.8M people at 5M IMDb titles: 16.1 → 7.7 CPU s).
    One transaction: WAL readers keep the old rows and index until it commits. Not on
    PostgreSQL, where DROP INDEX would lock the readers out."""
    if not first or connection.vendor != "sqlite" or _counted_any(table):
        yield
        return
    indexes = [(n, d) for n, d in plain_indexes(table) if "film_count" in d or "scene_count" in d]
    with transaction.atomic(), connection.cursor() as cursor:
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        yield
        for _, definition in indexes:
            cursor.execute(definition)


def _counted_any(table: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {table} WHERE film_count > 0)")  # noqa: S608
        return bool(cursor.fetchone()[0])


def _recount(movie_ids: list[int] | None, what: tuple[str, ...] = COUNTED) -> None:
    params = movie_ids or []
    # No transaction of its own: each statement leaves consistent counts, and callers
    # inside an import's transaction get them committed with the import.
    with connection.cursor() as cursor:
        for c in _counted(what):
            where = ""
            if movie_ids is not None:
                marks = ", ".join(["%s"] * len(movie_ids))
                # Table and column names come from the models, values are parameters.
                touched = f"SELECT {c.key} FROM {c.source} WHERE movie_id IN ({marks})"  # noqa: S608
                where = f"WHERE s.{c.key} IN ({touched})"
            scenes = f", {c.scenes} AS scenes" if c.scenes else ""
            source, films = c.source, c.films
            # SQLite only: PostgreSQL took the same 1.9 s for either form at 1M titles.
            if movie_ids is None and c.distinct and connection.vendor == "sqlite":
                source, films = c.distinct, "COUNT(*)"
            counted = (
                f"SELECT s.{c.key} AS id, {films} AS films{scenes} "  # noqa: S608
                f"FROM {source} AS s {c.join} {where} GROUP BY s.{c.key}"
            )
            set_scenes = ", scene_count = counted.scenes" if c.scenes else ""
            changed = f" OR {c.table}.scene_count <> counted.scenes" if c.scenes else ""
            with _count_indexes_rebuilt(c.table, first=movie_ids is None):
                cursor.execute(
                    f"UPDATE {c.table} SET film_count = counted.films{set_scenes} "  # noqa: S608
                    f"FROM ({counted}) AS counted WHERE {c.table}.id = counted.id "
                    f"AND ({c.table}.film_count <> counted.films{changed})",
                    params,
                )
            if movie_ids is None:
                # Rows whose last film went have no row in the count above.
                zero_scenes = ", scene_count = 0" if c.scenes else ""
                cursor.execute(
                    f"UPDATE {c.table} SET film_count = 0{zero_scenes} WHERE film_count > 0 "  # noqa: S608
                    f"AND NOT EXISTS (SELECT 1 FROM {c.source} AS s WHERE s.{c.key} = {c.table}.id)"
                )
