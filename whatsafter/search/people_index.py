"""The people's half of the search index refresh (services.search_index_refresh).

A person is found by name and ranked by popularity: the summed weight of the films they
are credited in, so new credits move it. Films are refreshed first, in the same
transaction, and people's popularity is read from the films' index rows.
"""

from __future__ import annotations

import itertools
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any

from django.db import connection

from whatsafter.search import bulk, fulltext, index
from whatsafter.search.query import name_keys
from whatsafter.utils import batched


# A person's popularity: the summed weight of the films they are credited in, read through
# the credit table's person index. Floats added in another order can differ in the last
# bit, and _popularity_by_person must give the same value, so the order is fixed: SQLite
# reads a person's credits in row-id order through that index; PostgreSQL's plan may
# read them in any order, so its sum is told to add them in heap order (ctid).
def _person_popularity() -> str:
    order = " ORDER BY c.ctid" if connection.vendor == "postgresql" else ""
    return (
        f"(SELECT COALESCE(sum(t.weight{order}), 0) FROM catalog_credit c "  # noqa: S608
        "JOIN search_titleentry t ON t.movie_id = c.movie_id WHERE c.person_id = p.id)"
    )


def _person_row() -> str:
    return (
        f"SELECT p.id, p.name, e.person_id, e.rank, {_person_popularity()} "  # noqa: S608
        "FROM catalog_person p LEFT JOIN search_personentry e ON e.person_id = p.id "
    )


def _person_changed() -> str:
    """New or renamed people: a cheap check of every row."""
    return _person_row() + "WHERE (e.person_id IS NULL OR e.name <> p.name)"


def _person_stale() -> str:
    """... or with a popularity that moved: a sum over their credits each, so only for
    people credited in changed films, or for everyone after a large import."""
    return (
        _person_row() + "WHERE (e.person_id IS NULL OR e.name <> p.name "
        f"OR e.popularity <> {_person_popularity()})"
    )


def _popularity_by_person() -> array[float]:
    """Every person's popularity (_person_popularity), from one pass over the credits.

    A sum per person read through the credits' person index costs a random read of the
    credit table per credit (8 s of a first import at a million titles). This pass reads
    the credits once and adds each person's in the order that index lists them, so each
    sum is the same float the SQL gives: by row id on SQLite, by heap position (ctid)
    on PostgreSQL, whose b-tree lists equal keys in heap order.
    """
    (top,) = bulk.fetch("SELECT COALESCE(max(id), 0) FROM catalog_person")[0]
    sums = array("d", bytes(8 * (top + 1)))
    if connection.vendor == "sqlite":
        order, join = "c.id", "CROSS JOIN"  # credits outermost: read in row-id order
    else:
        order, join = "c.ctid", "JOIN"
    # chunked_cursor: a server-side cursor on PostgreSQL, so the rows stream.
    with connection.chunked_cursor() as cursor:
        cursor.execute(
            f"SELECT c.person_id, t.weight FROM catalog_credit c {join} "  # noqa: S608
            f"search_titleentry t ON t.movie_id = c.movie_id ORDER BY {order}"
        )
        while rows := cursor.fetchmany(bulk.PAGE * 5):
            for person, weight in rows:
                if person >= len(sums):  # added since max(id) was read
                    sums.extend(bytes(8 * (person + 1 - len(sums))))
                sums[person] += weight
    return sums


# Every person with their entry, when everyone's popularity is checked in Python.
_PERSON_EVERYONE = (
    "SELECT p.id, p.name, e.person_id, e.rank, e.name, e.popularity "
    "FROM catalog_person p LEFT JOIN search_personentry e ON e.person_id = p.id WHERE 1 = 1"
)


def _people_everyone(*, first: bool = False) -> Iterator[list[Any]]:
    """Pages of _person_stale()'s rows for the whole catalogue, with the popularity summed
    by _popularity_by_person instead of once per person in SQL. `first`: nobody has an
    entry yet, so everyone is new and the entries are not read."""
    sums = _popularity_by_person()
    if first:
        for page in bulk.pages(
            "SELECT p.id, p.name FROM catalog_person p WHERE 1 = 1", None, "p.id"
        ):
            yield [(pk, name, None, None, sums[pk] if pk < len(sums) else 0.0) for pk, name in page]
        return
    for page in bulk.pages(_PERSON_EVERYONE, None, "p.id"):
        rows = []
        for pk, name, entry, rank, indexed_name, indexed_popularity in page:
            popularity = sums[pk] if pk < len(sums) else 0.0
            if entry is None or indexed_name != name or indexed_popularity != popularity:
                rows.append((pk, name, entry, rank, popularity))
        if rows:
            yield rows


def _credited(movie_ids: Sequence[int]) -> list[int]:
    people: set[int] = set()
    for chunk in batched(list(movie_ids), 500):
        people.update(
            pk
            for (pk,) in bulk.fetch(
                "SELECT DISTINCT person_id FROM catalog_credit "  # noqa: S608
                f"WHERE movie_id IN ({bulk.in_marks(chunk)})",
                chunk,
            )
        )
    return sorted(people)


def _people_remove(person_ids: list[int], ranks: list[int]) -> None:
    fulltext.people_fts_write(removed=ranks, added=[])
    with connection.cursor() as cursor:
        for chunk in batched(person_ids, 500):
            sql = f"DELETE FROM search_personentry WHERE person_id IN ({bulk.in_marks(chunk)})"  # noqa: S608
            cursor.execute(sql, chunk)


def people_refresh(
    ids: Sequence[int] | None,
    films_touched: list[int] | None,
    names: Counter[str],
    *,
    first: bool = False,
) -> tuple[int, int]:
    """Refresh people: new, renamed and gone ones, and the popularity of those credited in
    the films that changed (`films_touched`; None: check everyone's). `first`: the index
    has nobody yet, so everyone is new and the full-text table is filled once at the end.
    Returns how many people were written and removed."""
    gone = bulk.entries_gone("search_personentry", "person_id", "catalog_person", ids)
    _people_remove([pk for pk, _ in gone], [rank for _, rank in gone])
    changed = 0
    pages: Iterator[list[Any]]
    if ids is None and (films_touched is None or first):
        pages = _people_everyone(first=first)
    elif films_touched is None or ids is not None:
        pages = bulk.pages(_person_stale(), ids, "p.id")
    else:
        credited = _credited(films_touched)
        pages = itertools.chain(
            bulk.pages(_person_changed(), ids, "p.id"),
            # Each page is written before the next is read, so people already rewritten
            # by the first pass compare equal here.
            bulk.pages(_person_stale(), credited, "p.id") if credited else iter(()),
        )
    for page in pages:
        changed += len(page)
        stale = [(row[0], row[3]) for row in page if row[2] is not None]
        _people_remove([pk for pk, _ in stale], [rank for _, rank in stale])
        if not first:  # neighbouring ranks for the full-text writes; a first build has none
            page.sort(key=lambda row: index.rank_for(row[0], row[4]))
        rank_for = index.rank_for
        for rows in batched(page, bulk.CHUNK):
            keys = name_keys([row[1] for row in rows])
            people = [
                (pk, name, key, popularity, rank_for(pk, popularity))
                for (pk, name, _, _, popularity), key in zip(rows, keys, strict=True)
                if key
            ]
            bulk.insert(
                "search_personentry", ("person_id", "name", "key", "popularity", "rank"), people
            )
            if not first:
                fulltext.people_fts_write(removed=[], added=[(p[4], p[2]) for p in people])
            bulk.words_count(names, (p[2] for p in people))
    if first:
        fulltext.people_fts_fill()
    return changed, len(gone)
