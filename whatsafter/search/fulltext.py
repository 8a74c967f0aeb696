"""The search index's full-text tables: their schema (migrations call it) and writes.

SQLite keeps them as FTS5 virtual tables whose row id is the entry's rank (index.py
reads them in that order); PostgreSQL as a generated tsvector column with a GIN index on
each entry table, which follows its table by itself, so the writes do nothing there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection


def _sqlite() -> bool:
    return connection.vendor == "sqlite"


# -- schema (migrations call these) ----------------------------------------------


def schema_create(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [
            # The year is a column of its own so "dune 1984" is an intersection of two
            # posting lists, not a scan of every "dune*" filtered afterwards; prefix
            # indexes down to one character keep initials ("catherine m sadler") cheap.
            "CREATE VIRTUAL TABLE search_title_fts USING fts5(key, other, year, prefix='1 2 3')",
            "CREATE VIRTUAL TABLE search_person_fts USING fts5(key, prefix='1 2 3')",
        ]
    if vendor == "postgresql":
        return [
            # Stored, not an expression index: when the planner walks the rank index
            # and checks each row, parsing the key every time cost 3-4x more.
            "ALTER TABLE search_titleentry ADD COLUMN tsv tsvector "
            "GENERATED ALWAYS AS (to_tsvector('simple', key || ' ' || other)) STORED",
            "CREATE INDEX search_title_tsv ON search_titleentry USING gin (tsv)",
            "ALTER TABLE search_personentry ADD COLUMN tsv tsvector "
            "GENERATED ALWAYS AS (to_tsvector('simple', key)) STORED",
            "CREATE INDEX search_person_tsv ON search_personentry USING gin (tsv)",
        ]
    return []


def schema_drop(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return ["DROP TABLE IF EXISTS search_title_fts", "DROP TABLE IF EXISTS search_person_fts"]
    if vendor == "postgresql":
        return [
            "DROP INDEX IF EXISTS search_title_tsv",
            "DROP INDEX IF EXISTS search_person_tsv",
            "ALTER TABLE search_titleentry DROP COLUMN IF EXISTS tsv",
            "ALTER TABLE search_personentry DROP COLUMN IF EXISTS tsv",
        ]
    return []


# -- writes ------------------------------------------------------------------------


def titles_fts_write(
    *, removed: Iterable[int], added: Sequence[tuple[int, str, str, int | None]]
) -> None:
    """Remove the films ranked `removed`, add (rank, key, other, year) rows (SQLite only)."""
    if not _sqlite():
        return  # PostgreSQL's generated tsv column follows search_titleentry by itself
    with connection.cursor() as cursor:
        cursor.executemany("DELETE FROM search_title_fts WHERE rowid = %s", [(r,) for r in removed])
        cursor.executemany(
            "INSERT INTO search_title_fts (rowid, key, other, year) VALUES (%s, %s, %s, %s)",
            added,
        )


def people_fts_write(*, removed: Iterable[int], added: Sequence[tuple[int, str]]) -> None:
    """Remove the people ranked `removed`, add (rank, key) rows (SQLite only)."""
    if not _sqlite():
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            "DELETE FROM search_person_fts WHERE rowid = %s", [(r,) for r in removed]
        )
        cursor.executemany("INSERT INTO search_person_fts (rowid, key) VALUES (%s, %s)", added)


# FTS5 keeps the terms of a transaction's writes in memory and writes them out as a new
# segment each time they pass its "hashsize" (1 MB unless set), merging segments as they
# pile up. A fill of 1.8M names (5M IMDb titles) took 13.6 CPU s with the default, 8.7
# with 8 MB plus 3.2 to merge what is left into one segment (below); 32 MB and more were
# no faster. The key is FTS5's own (fts5_config.c; its user documentation does not list
# it), set for the fill only.
FILL_HASHSIZE = 8 << 20
DEFAULT_HASHSIZE = 1 << 20


def _fts_fill(fts: str, columns: str, entries: str) -> None:
    """A full-text table from scratch, in one pass over its entry table in rank (row id)
    order: FTS5 then appends to one growing segment instead of flushing and merging
    pages of out-of-order row ids. (Names are ours, never input.)"""
    if _sqlite():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {fts}")  # noqa: S608
            config = f"INSERT INTO {fts} ({fts}, rank) VALUES ('hashsize', %s)"  # noqa: S608
            cursor.execute(config, [FILL_HASHSIZE])
            cursor.execute(
                f"INSERT INTO {fts} (rowid, {columns}) "  # noqa: S608
                f"SELECT rank, {columns} FROM {entries} ORDER BY rank"
            )
            cursor.execute(config, [DEFAULT_HASHSIZE])
            # The larger flushes leave more segments than the default's merges do, and
            # every match reads each segment: one merge into a single segment (3 CPU s
            # for 1.8M names) makes the queries as fast as after the default fill.
            cursor.execute(f"INSERT INTO {fts} ({fts}) VALUES ('optimize')")  # noqa: S608


def titles_fts_fill() -> None:
    """The films' full-text table from search_titleentry (SQLite only)."""
    _fts_fill("search_title_fts", "key, other, year", "search_titleentry")


def people_fts_fill() -> None:
    """The people's full-text table from search_personentry (SQLite only)."""
    _fts_fill("search_person_fts", "key", "search_personentry")


def fts_clear() -> None:
    if _sqlite():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_title_fts")
            cursor.execute("DELETE FROM search_person_fts")
