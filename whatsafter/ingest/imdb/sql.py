"""The few places SQLite and PostgreSQL spell the merge's statements differently."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction

from whatsafter.catalog.models import AlternativeTitle, Credit, Genre, Movie, Person
from whatsafter.catalog.provenance import RANK
from whatsafter.ingest.imdb.stage import Stage
from whatsafter.ratings.models import Rating
from whatsafter.utils import batched, plain_indexes

MOVIE = Movie._meta.db_table
AKA = AlternativeTitle._meta.db_table
GENRE = Genre._meta.db_table
MOVIE_GENRES = Movie.genres.through._meta.db_table
PERSON = Person._meta.db_table
CREDIT = Credit._meta.db_table
RATING = Rating._meta.db_table


class Sql:
    """The few places SQLite and PostgreSQL spell the same statement differently."""

    def __init__(self, stage: Stage) -> None:
        self.vendor = connection.vendor
        self.s = stage.prefix
        self.postgres = self.vendor == "postgresql"

    @property
    def join_in_order(self) -> str:
        """A join SQLite must do in the order written: the stage tables have no
        statistics, and a wrong guess there loops over a table with no usable index for
        every row of another. PostgreSQL plans from ANALYZE (see index)."""
        return "JOIN" if self.postgres else "CROSS JOIN"

    def json_param(self) -> str:
        return "%s::jsonb" if self.postgres else "%s"

    def json_merge(self, column: str, patch: str) -> str:
        if self.postgres:
            return f"{column} || ({patch})::jsonb"
        return f"json_patch({column}, {patch})"

    def json_text(self, column: str, *path: str) -> str:
        """The text at `path` inside a JSON column (names are ours, never user input)."""
        if self.postgres:
            return f"({column} #>> '{{{','.join(path)}}}')"
        return f"json_extract({column}, '$.{'.'.join(path)}')"

    def import_wins(self, column: str, field: str, *, source: str, as_of: dt.date) -> str:
        """True where an import from `source` dated `as_of` may write `field`.

        Not over an editor's or the TMDb API's value, nor the same source's newer snapshot:
        catalog.provenance.import_may_write, spelled in SQL for set-based updates.
        """
        owner = f"COALESCE({self.json_text(column, field, 'source')}, '')"
        stamped = f"COALESCE({self.json_text(column, field, 'as_of')}, '')"
        day = as_of.isoformat()  # a date's own ISO text: safe to inline
        # The sources that outrank a file import (provenance.RANK: editors, the TMDb API).
        above = ", ".join(f"'{name}'" for name, rank in RANK.items() if rank > RANK.get(source, 1))
        return f"NOT ({owner} IN ({above}) OR ({owner} = '{source}' AND {stamped} > '{day}'))"

    def genre_tokens(self, alias: str) -> str:
        """A FROM item yielding one `value` row per name in `alias`.genres."""
        if self.postgres:
            return f"unnest(string_to_array({alias}.genres, ',')) AS j(value)"
        # Genre names are checked to be letters and dashes, so this is valid JSON.
        return f"""json_each('["' || replace({alias}.genres, ',', '","') || '"]') AS j"""

    @contextmanager
    def first_load(self, table: str) -> Iterator[None]:
        """A table still empty: load it without its plain indexes (and, on PostgreSQL,
        its foreign keys), then build them once, all in one transaction.

        Building an index from loaded rows sorts once; keeping it up to date while
        inserting rows in random key order (a person's name, a credit's person) costs a
        page miss per row once the index outgrows the cache. On PostgreSQL the deferred
        foreign-key checks at each commit cost more than the inserts themselves.
        Measured on 482,000 credits on PostgreSQL: 18.2 s with both, 4.4 s this way.
        Being one transaction, a crash or a kill leaves the table empty with its keys
        and indexes as they were, and a re-run loads it again; the table is locked
        meanwhile, which on an empty table keeps nobody from anything. Unique indexes
        stay (ON CONFLICT needs them). A table that has rows is left alone: rebuilding
        its indexes would cost more than it saves and lock readers out.
        """
        if self.fetch(f"SELECT EXISTS (SELECT 1 FROM {table})")[0][0]:  # noqa: S608
            yield
            return
        with transaction.atomic():
            if self.postgres:
                keys = self.fetch(
                    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
                    [table],
                )
            else:
                # SQLite's merge already runs without foreign-key checks.
                keys = []
            indexes = plain_indexes(table)
            for name, _ in keys:
                self.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            for name, _ in indexes:
                self.execute(f'DROP INDEX "{name}"')
            yield
            for _, definition in indexes:
                self.execute(definition)
            for name, definition in keys:
                self.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')

    def insert_many(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        """Rows computed in Python (title keys) into a stage table, in chunks."""
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {self.s}{table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608
        if not self.postgres:
            sql = sql.replace("%s", "?")
        raw = connection.connection
        assert raw is not None
        count = 0
        for chunk in batched(rows, 5000):
            cursor = raw.cursor()
            try:
                cursor.executemany(sql, chunk)
            finally:
                cursor.close()
            count += len(chunk)
        return count

    def index(self, table: str, *columns: str) -> None:
        """An index on a stage table filled during the merge (and, on PostgreSQL, the
        statistics the planner needs to use it)."""
        if self.postgres:
            self.execute(f"CREATE INDEX ON {table} ({', '.join(columns)})")
            self.execute(f"ANALYZE {table}")
        else:
            name = f"{table}_{'_'.join(columns)}"
            self.execute(
                f"CREATE INDEX IF NOT EXISTS {self.s}{name} ON {table} ({', '.join(columns)})"
            )

    def execute(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> int:
        """Run one statement on the raw connection; the rows it changed."""
        return int(self._run(sql, params, lambda cursor: cursor.rowcount))

    def fetch(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[tuple[Any, ...]]:
        return list(self._run(sql, params, lambda cursor: cursor.fetchall()))

    def _run(
        self, sql: str, params: tuple[Any, ...] | list[Any], result: Callable[[Any], Any]
    ) -> Any:
        # The raw DB-API cursor, not Django's: no per-statement wrapping or debug logging
        # around statements that each touch hundreds of thousands of rows.
        raw = connection.connection
        assert raw is not None
        if not self.postgres:
            sql = sql.replace("%s", "?")
        cursor = raw.cursor()
        try:
            cursor.execute(sql, params)
            return result(cursor)
        finally:
            cursor.close()
