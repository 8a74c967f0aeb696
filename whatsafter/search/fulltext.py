"""The search index's full-text tables: their writes. (Their schema is written out in the
search migrations 0002 and 0003, frozen as each created it.)

SQLite keeps them as FTS5 virtual tables whose row id is the entry's rank (index.py
reads them in that order); PostgreSQL as a generated tsvector column with a GIN index on
each entry table, which follows its table by itself, so the writes do nothing there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection


def _sqlite() -> bool:
    return connection.vendor == "sqlite"


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
