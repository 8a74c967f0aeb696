"""Keeping the search index in step with the catalogue.

`search_index_refresh` compares the catalogue with the index set-based (one join per
table, no per-row triggers on the catalogue, so bulk imports stay as fast as before) and
rewrites only films and people that are new, changed or gone. Importers call it once at
their end; single edits (admin, factories) reach it through the signals in apps.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from whatsafter.normalise import title_key
from whatsafter.search import index
from whatsafter.search.query import name_key
from whatsafter.utils import batched

CHUNK = 5000
# Past this many changed films one pass over the whole index rebuilds the prefix lists
# faster than inserting and trimming each film's prefixes.
PREFIX_REBUILD_AT = 5000


@dataclass
class RefreshCounts:
    films: int = 0
    films_removed: int = 0
    people: int = 0
    people_removed: int = 0
    prefix_lists_rebuilt: bool = False


def _fetch(sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _insert(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
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


def _in(ids: Sequence[int]) -> str:
    return ", ".join(["%s"] * len(ids))


def _scoped(ids: Sequence[int] | None) -> Iterator[tuple[str, list[int]]]:
    """SQL conditions covering `ids` in chunks, or once for everything when ids is None."""
    if ids is None:
        yield "", []
        return
    for chunk in batched(list(ids), 500):
        yield f" AND {{col}} IN ({_in(chunk)})", list(chunk)


# Rows of changed films or people handled at a time when the whole catalogue is checked:
# memory stays flat however many changed (an IMDb import adds millions of people).
PAGE = 20_000

_FILM_CHANGED = (
    "SELECT m.id, m.title, m.year, m.popularity, e.rank FROM catalog_movie m "
    "LEFT JOIN search_titleentry e ON e.movie_id = m.id "
    "WHERE (e.movie_id IS NULL OR e.title <> m.title "
    "OR e.year IS DISTINCT FROM m.year OR e.popularity <> m.popularity)"
)


def _pages(sql: str, ids: Sequence[int] | None, column: str) -> Iterator[list[Any]]:
    """The rows of `sql` (a query whose first column is `column`), for the given ids or,
    with ids None, for the whole table in pages of PAGE in id order. Each page is
    handled before the next is read, and handling writes only rows of that page, so the
    id keyset never skips or repeats a row."""
    if ids is not None:
        for where, params in _scoped(ids):
            rows = _fetch(sql + where.format(col=column), params)
            if rows:
                yield rows
        return
    after = 0
    while rows := _fetch(
        f"{sql} AND {column} > %s ORDER BY {column} LIMIT {PAGE}",
        [after],
    ):
        yield rows
        after = rows[-1][0]


def _gone_films(ids: Sequence[int] | None) -> list[tuple[int, int]]:
    rows: list[tuple[int, int]] = []
    for where, params in _scoped(ids):
        rows += _fetch(
            "SELECT e.movie_id, e.rank FROM search_titleentry e "  # noqa: S608
            "LEFT JOIN catalog_movie m ON m.id = e.movie_id WHERE m.id IS NULL"
            + where.format(col="e.movie_id"),
            params,
        )
    return rows


def _films_remove(movie_ids: list[int], ranks: list[int], *, prefixes: bool) -> None:
    index.titles_fts_write(removed=ranks, added=[])
    with connection.cursor() as cursor:
        for chunk in batched(movie_ids, 500):
            marks = _in(chunk)
            sql = f"DELETE FROM search_titleentry WHERE movie_id IN ({marks})"  # noqa: S608
            cursor.execute(sql, chunk)
            if prefixes:
                sql = f"DELETE FROM search_prefix WHERE movie_id IN ({marks})"  # noqa: S608
                cursor.execute(sql, chunk)


def _words_add(keys: Iterable[str]) -> None:
    words = {w for key in keys for w in key.split() if len(w) <= 64}
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO search_word (word, initial, length) VALUES (%s, %s, %s) "
            "ON CONFLICT DO NOTHING",
            [(w, w[0], len(w)) for w in sorted(words)],
        )


def _prefixes_add(entries: list[tuple[int, str, int]]) -> None:
    """Add a few films to the prefix lists, trimming each touched list back to its top."""
    rows = [(p, rank, pk) for pk, key, rank in entries for p in index.prefixes(key)]
    _insert("search_prefix", ("prefix", "rank", "movie_id"), rows)
    with connection.cursor() as cursor:
        cursor.executemany(
            "DELETE FROM search_prefix WHERE prefix = %s AND rank > "
            "(SELECT rank FROM search_prefix WHERE prefix = %s ORDER BY rank "
            "LIMIT 1 OFFSET %s)",
            [(p, p, index.PREFIX_KEEP - 1) for p in sorted({row[0] for row in rows})],
        )


def prefix_lists_rebuild() -> None:
    """Every prefix list from scratch, in one pass over the index in popularity order."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_prefix")
    counts: dict[str, int] = {}

    def rows() -> Iterator[tuple[str, int, int]]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT movie_id, key, rank FROM search_titleentry ORDER BY rank")
            while batch := cursor.fetchmany(CHUNK):
                for pk, key, rank in batch:
                    for p in index.prefixes(key):
                        seen = counts.get(p, 0)
                        if seen < index.PREFIX_KEEP:
                            counts[p] = seen + 1
                            yield p, rank, pk

    for chunk in batched(rows(), 50_000):
        _insert("search_prefix", ("prefix", "rank", "movie_id"), chunk)


def _films_refresh(ids: Sequence[int] | None, counts: RefreshCounts, full: bool) -> None:
    gone = _gone_films(ids)
    if gone:
        _films_remove([pk for pk, _ in gone], [rank for _, rank in gone], prefixes=not full)
    rebuild = full
    changed = 0
    for page in _pages(_FILM_CHANGED, ids, "m.id"):
        changed += len(page)
        # Past this many films one pass over the whole index rebuilds the prefix lists
        # faster than adding and trimming each film's; lists added so far are redone.
        rebuild = rebuild or changed + len(gone) > PREFIX_REBUILD_AT
        stale = [(row[0], row[4]) for row in page if row[4] is not None]
        if stale:
            _films_remove([pk for pk, _ in stale], [r for _, r in stale], prefixes=not rebuild)
        # Written in popularity order within each page: neighbouring ranks, neighbouring
        # pages of the rank index.
        page.sort(key=lambda row: index.rank_for(row[0], row[3]))
        for chunk in batched(page, CHUNK):
            entries = [
                (pk, title, year, popularity, title_key(title), index.rank_for(pk, popularity))
                for pk, title, year, popularity, _ in chunk
            ]
            entries = [e for e in entries if e[4]]  # a title of only symbols has no words
            _insert(
                "search_titleentry",
                ("movie_id", "title", "year", "popularity", "key", "rank"),
                entries,
            )
            index.titles_fts_write(removed=[], added=[(e[5], e[4], e[2]) for e in entries])
            _words_add(e[4] for e in entries)
            if not rebuild:
                _prefixes_add([(e[0], e[4], e[5]) for e in entries])
    if rebuild:
        prefix_lists_rebuild()
    counts.films, counts.films_removed = changed, len(gone)
    counts.prefix_lists_rebuilt = rebuild


_PERSON_CHANGED = (
    "SELECT p.id, p.name, e.person_id FROM catalog_person p "
    "LEFT JOIN search_personentry e ON e.person_id = p.id "
    "WHERE (e.person_id IS NULL OR e.name <> p.name)"
)


def _people_remove(person_ids: list[int]) -> None:
    index.people_fts_write(removed=person_ids, added=[])
    with connection.cursor() as cursor:
        for chunk in batched(person_ids, 500):
            sql = f"DELETE FROM search_personentry WHERE person_id IN ({_in(chunk)})"  # noqa: S608
            cursor.execute(sql, chunk)


def _people_refresh(ids: Sequence[int] | None, counts: RefreshCounts) -> None:
    gone: list[int] = []
    for where, params in _scoped(ids):
        gone += [
            pk
            for (pk,) in _fetch(
                "SELECT e.person_id FROM search_personentry e "  # noqa: S608
                "LEFT JOIN catalog_person p ON p.id = e.person_id WHERE p.id IS NULL"
                + where.format(col="e.person_id"),
                params,
            )
        ]
    _people_remove(gone)
    changed = 0
    for page in _pages(_PERSON_CHANGED, ids, "p.id"):
        changed += len(page)
        _people_remove([pk for pk, _, old in page if old is not None])
        for rows in batched(page, CHUNK):
            people = [(pk, name, name_key(name)) for pk, name, _ in rows]
            people = [p for p in people if p[2]]
            _insert("search_personentry", ("person_id", "name", "key"), people)
            index.people_fts_write(removed=[], added=[(p[0], p[2]) for p in people])
    counts.people, counts.people_removed = changed, len(gone)


def search_index_refresh(
    *,
    movie_ids: Sequence[int] | None = None,
    person_ids: Sequence[int] | None = None,
    full: bool = False,
) -> RefreshCounts:
    """Bring the index in step with the catalogue; None means "check every row".

    `full` empties the index first (a rebuild after a schema change, or to restore prefix
    lists that many single edits have thinned).
    """
    counts = RefreshCounts()
    with transaction.atomic():
        if full:
            with connection.cursor() as cursor:
                for table in ("search_titleentry", "search_personentry", "search_prefix"):
                    cursor.execute(f"DELETE FROM {table}")  # noqa: S608
                cursor.execute("DELETE FROM search_word")
            index.fts_clear()
            movie_ids = person_ids = None
        if movie_ids is None or movie_ids:
            _films_refresh(movie_ids, counts, full)
        if person_ids is None or person_ids:
            _people_refresh(person_ids, counts)
        if connection.vendor == "postgresql" and counts.films + counts.people > CHUNK:
            _gin_flush()
    return counts


def _gin_flush() -> None:
    """Merge the GIN indexes' pending lists after a bulk write.

    Rows COPYed in land in an unsorted pending list that every search then reads through:
    at a million titles that was 5 ms of every 6 ms query until autovacuum got to it.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT gin_clean_pending_list('search_title_tsv'::regclass), "
            "gin_clean_pending_list('search_person_tsv'::regclass)"
        )
