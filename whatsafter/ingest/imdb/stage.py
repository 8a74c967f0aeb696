"""Scratch tables the IMDb files are streamed into before anything touches the catalogue.

Staging first means a file that turns out truncated or of the wrong kind halfway through
leaves the catalogue untouched, and lets the merge be a few set-based statements instead
of a query per row. Only rows the import keeps are staged (films, and rows about them).

SQLite: a side database file written through its own connection, with no journal and no
fsync (it is scratch), so staging never holds the catalogue's write lock; the merge
ATTACHes it to Django's connection. PostgreSQL: TEMP tables (not WAL-logged, private to
the session, gone if the process dies) filled with COPY.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from django.db import connection

Row = tuple[Any, ...]

# What a staging column can hold: its SQLite and PostgreSQL types.
KINDS = {
    # The table's key for batching: the file line (or a running number) in file order.
    "key": ("INTEGER PRIMARY KEY", "bigint"),
    "big": ("INTEGER", "bigint"),  # a catalogue id or a file line
    "int": ("INTEGER", "integer"),
    "flag": ("INTEGER", "smallint"),
    "text": ("TEXT", "text"),
    "score": ("REAL", "numeric(3,1)"),  # an IMDb rating, 0.0-10.0
}


def _table(spec: str) -> tuple[tuple[str, str, str], ...]:
    """A table's columns from "name kind, …", as (name, SQLite type, PostgreSQL type)."""
    pairs = (column.split() for column in spec.split(","))
    return tuple((name, *KINDS[kind]) for name, kind in pairs)


# Columns per staging table, written like the CREATE TABLE each becomes.
TABLES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "s_title": _table(
        "line key, tconst text, title text, original_title text, year int, runtime int,"
        " genres text, base text"
    ),
    "s_rating": _table("line key, tconst text, raw text, value score, votes int"),
    # part: the character played; "" for crew.
    "s_credit": _table(
        "seq key, tconst text, nconst text, kind text, part text, ord int, department text,"
        " job text, weak flag"
    ),
    "s_person": _table(
        "line key, nconst text, name text, birth int, death int, professions text, base text"
    ),
    "s_aka": _table("line key, tconst text, title text, region text, language text, kind text"),
    # Slugs ranked for new rows that lost their bare base (see loader._upsert_by_imdb_id).
    "r_title": _table("line key, slug text"),
    "r_person": _table("line key, slug text"),
    # Title matching (match.py): catalogue films without an IMDb id and staged titles,
    # by normalised title ("t") or original title ("o"), their candidate pairs, and the
    # name-only people credited on films this import has.
    "k_film": _table("movie_id big, key text, kind text"),
    "k_title": _table("line big, key text, kind text"),
    "m_pair": _table(
        "line big, movie_id big, year_gap int, runtime_gap int, same_title int,"
        " same_original int, shared_cast int, cast_ours int, cast_theirs int, score int,"
        " clear int, merge int"
    ),
    # The titles in some pair, and their cast's IMDb ids and name slugs.
    "m_line": _table("line big, tconst text"),
    "m_line_nconst": _table("line big, nconst text"),
    "m_line_base": _table("line big, base text"),
    "k_person": _table("person_id big, tconst text, base text"),
    "m_person": _table("person_id big, tconst text, nconst text"),
    "m_cast": _table("person_id big, nconst text"),
}
# Added columns the merge fills in (candidate slug, and whether the row was new).
MERGE_COLUMNS = {
    "s_title": _table("is_new flag"),
    "s_person": _table("is_new flag"),
}
FLUSH_ROWS = 50_000


class Stage(Protocol):
    # How the merge's SQL names a staging table: "stage.s_title" or "s_title".
    prefix: str

    def sink(self, table: str) -> Any:  # a context manager yielding Callable[[Row], None]
        ...

    def attach(self) -> None: ...

    def close(self) -> None: ...


def _columns(table: str) -> list[str]:
    return [name for name, _, _ in TABLES[table]]


class SQLiteStage:
    """A scratch SQLite file next to nothing: its own connection, no journal, no fsync."""

    prefix = "stage."

    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="whatsafter-imdb-")
        self.path = Path(self._dir.name) / "stage.sqlite3"
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        for pragma in (
            "journal_mode = OFF",
            "synchronous = OFF",
            "cache_size = -32768",  # 32 MB: appends need little cache
            "temp_store = FILE",
        ):
            self._db.execute(f"PRAGMA {pragma}")
        for table, columns in TABLES.items():
            extra = MERGE_COLUMNS.get(table, ())
            spec = ", ".join(f"{name} {kind}" for name, kind, _ in (*columns, *extra))
            self._db.execute(f"CREATE TABLE {table} ({spec})")
        self._attached = False

    @contextmanager
    def sink(self, table: str) -> Iterator[Callable[[Row], None]]:
        marks = ", ".join("?" * len(TABLES[table]))
        sql = f"INSERT INTO {table} ({', '.join(_columns(table))}) VALUES ({marks})"  # noqa: S608
        buffer: list[Row] = []

        def flush() -> None:
            self._db.execute("BEGIN")
            self._db.executemany(sql, buffer)
            self._db.execute("COMMIT")
            buffer.clear()

        def add(row: Row) -> None:
            buffer.append(row)
            if len(buffer) >= FLUSH_ROWS:
                flush()

        yield add
        if buffer:
            flush()

    def attach(self) -> None:
        """Make the stage visible to Django's connection as `stage.*` for the merge."""
        self._db.close()
        with connection.cursor() as cursor:
            cursor.execute("ATTACH DATABASE %s AS stage", [str(self.path)])
            cursor.execute("PRAGMA stage.journal_mode = OFF")
            cursor.execute("PRAGMA stage.synchronous = OFF")
            # The attached file gets its own page cache, 2 MB by default: too small for
            # the merge's window queries, which then spend seconds in read/write calls.
            cursor.execute("PRAGMA stage.cache_size = -32768")
        self._attached = True

    def close(self) -> None:
        if self._attached:
            with connection.cursor() as cursor:
                cursor.execute("DETACH DATABASE stage")
            self._attached = False
        else:
            self._db.close()
        self._dir.cleanup()


class PostgresStage:
    """TEMP tables on Django's connection, loaded with COPY as the files stream."""

    prefix = ""

    def __init__(self) -> None:
        with connection.cursor() as cursor:
            for table, columns in TABLES.items():
                extra = MERGE_COLUMNS.get(table, ())
                spec = ", ".join(f"{name} {kind}" for name, _, kind in (*columns, *extra))
                cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{table}")
                cursor.execute(f"CREATE TEMP TABLE {table} ({spec})")

    @contextmanager
    def sink(self, table: str) -> Iterator[Callable[[Row], None]]:
        # One COPY stays open for the whole file, so the server parses and stores rows
        # while Python reads the next ones: the two cores work at once.
        raw = connection.connection
        assert raw is not None
        with (
            raw.cursor() as cursor,
            cursor.copy(f"COPY {table} ({', '.join(_columns(table))}) FROM STDIN") as copy,
        ):
            yield copy.write_row

    def attach(self) -> None:
        with connection.cursor() as cursor:
            for table, columns in TABLES.items():
                key = columns[0][0]
                # BRIN: tiny and instant on columns written in order; the merge reads
                # the stage in ranges of that column, one transaction per range.
                cursor.execute(f"CREATE INDEX ON {table} USING brin ({key})")
                # Autovacuum never analyzes TEMP tables; without statistics the planner
                # would join a million staged rows as if they were a handful.
                cursor.execute(f"ANALYZE {table}")

    def close(self) -> None:
        with connection.cursor() as cursor:
            for table in TABLES:
                cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{table}")


def open_stage() -> Stage:
    if connection.vendor == "postgresql":
        return PostgresStage()
    if connection.vendor == "sqlite":
        return SQLiteStage()
    raise NotImplementedError(
        f"import_imdb supports SQLite and PostgreSQL, not {connection.vendor}"
    )


def columns_of(table: str) -> Sequence[str]:
    return _columns(table)
