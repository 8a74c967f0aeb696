"""Set-based reads and writes the search index refresh is built from: the same SQL on SQLite
and PostgreSQL, bounded by chunks of ids or pages in id order."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain
from operator import methodcaller
from typing import Any

from django.db import connection

from whatsafter.search.aliases import NUMBERED
from whatsafter.search.pg_top import WORD_MAX
from whatsafter.utils import batched, plain_indexes


def fetch(sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def insert(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Many rows at once: COPY on PostgreSQL, executemany on SQLite."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
                list(rows),
            )


def in_marks(ids: Sequence[int]) -> str:
    return ", ".join(["%s"] * len(ids))


def scoped(ids: Sequence[int] | None) -> Iterator[tuple[str, list[int]]]:
    """SQL conditions covering `ids` in chunks, or once for everything when ids is None."""
    if ids is None:
        yield "", []
        return
    for chunk in batched(list(ids), 500):
        yield f" AND {{col}} IN ({in_marks(chunk)})", list(chunk)


# Index rows written per batch.
CHUNK = 5000
# Rows of changed films or people handled at a time when the whole catalogue is checked:
# memory stays flat however many changed (an IMDb import adds millions of people).
PAGE = 20_000


def pages(sql: str, ids: Sequence[int] | None, column: str) -> Iterator[list[Any]]:
    """The rows of `sql` (a query whose first column is `column`), for the given ids or,
    with ids None, for the whole table in pages of PAGE in id order. Each page is
    handled before the next is read, and handling writes only rows of that page, so the
    id keyset never skips or repeats a row."""
    if ids is not None:
        for where, params in scoped(ids):
            rows = fetch(sql + where.format(col=column), params)
            if rows:
                yield rows
        return
    after = 0
    while rows := fetch(
        f"{sql} AND {column} > %s ORDER BY {column} LIMIT {PAGE}",
        [after],
    ):
        yield rows
        after = rows[-1][0]


def empty(table: str) -> bool:
    return not fetch(f"SELECT EXISTS (SELECT 1 FROM {table})")[0][0]  # noqa: S608


@contextmanager
def indexes_built_after(tables: Sequence[str]) -> Iterator[None]:
    """Fill empty `tables` without their plain indexes, then build each index once.

    Sorting the finished rows once beats keeping an index in step row by row (on
    PostgreSQL, GIN indexes most of all). Inside the caller's transaction: a failure rolls
    the drops back with the rows. Only for tables that were empty when the transaction
    began, so no reader is kept from an index it was using (PostgreSQL locks the table).
    """
    indexes = [index for table in tables for index in plain_indexes(table)]
    with connection.cursor() as cursor:
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    with connection.cursor() as cursor:
        for _, definition in indexes:
            cursor.execute(definition)


def entries_gone(
    entries: str, key: str, catalogue: str, ids: Sequence[int] | None
) -> list[tuple[int, int]]:
    """(id, rank) of the index `entries` whose catalogue row (films or people) is gone."""
    rows: list[tuple[int, int]] = []
    for where, params in scoped(ids):
        rows += fetch(
            f"SELECT e.{key}, e.rank FROM {entries} e "  # noqa: S608
            f"LEFT JOIN {catalogue} c ON c.id = e.{key} WHERE c.id IS NULL"
            + where.format(col=f"e.{key}"),
            params,
        )
    return rows


def _word_kept(word: str) -> bool:
    """Whether a word of an entry is indexed: not the other titles' separator, and no
    longer than the vocabulary's column (WORD_MAX)."""
    return len(word) <= WORD_MAX and word != "|"


def entry_words(text: str) -> set[str]:
    """The words of an index row's key and other titles, as the full-text index sees them:
    without the series-number mark ("#ice" is the word "ice", NUMBERED) and the separator."""
    return set(filter(_word_kept, text.replace(NUMBERED, " ").split()))


def words_count(words: Counter[str], keys: Iterable[str]) -> None:
    """Count each key's words once; written by services._words_write when the refresh ends."""
    # Without the series-number mark: "#ice" is the word "ice" (NUMBERED). Counted by
    # map and Counter in C, then the words not kept are taken out again.
    unmarked = map(methodcaller("replace", NUMBERED, " "), keys)
    counted = Counter(chain.from_iterable(map(set, map(str.split, unmarked))))
    for word in [w for w in counted if not _word_kept(w)]:
        del counted[word]
    words.update(counted)
