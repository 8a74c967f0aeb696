"""Keeping the search index in step with the catalogue.

`search_index_refresh` compares the catalogue with the index set-based (one join per
table, no per-row triggers on the catalogue, so bulk imports stay as fast as before) and
rewrites only films and people that are new, changed or gone. Importers call it once at
their end; single edits (admin, factories) reach it through the signals in apps.py.
"""

from __future__ import annotations

import itertools
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import jellyfish
from django.db import connection, transaction

from whatsafter.search import aliases, bulk, index
from whatsafter.search.aliases import FilmTitles, film_titles
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


# Everything else the index derives from a film, in one comparable string: the version
# of the rules that derive it (a release that changes them re-indexes every film at the
# next refresh), its original title, the length of its Wikipedia intro, how many other
# titles and credits it has (new credits move its people's popularity), its IMDb votes
# (last: aliases.weight_of).
_FILM_SIGNATURE = (
    f"('{aliases.RULES}|' || m.original_title || '|' || length(m.wikipedia_extract) || '|' || "  # noqa: S608
    "(SELECT count(*) FROM catalog_alternativetitle a WHERE a.movie_id = m.id) || '|' || "
    "(SELECT count(*) FROM catalog_credit c WHERE c.movie_id = m.id) || '|' || "
    "COALESCE((SELECT max(r.vote_count) FROM ratings_rating r "
    "WHERE r.movie_id = m.id AND r.source = 'imdb'), 0))"
)
_FILM_CHANGED = (
    "SELECT m.id, m.title, m.year, m.popularity, e.rank, m.original_title, "  # noqa: S608
    f"substr(m.wikipedia_extract, 1, 600), {_FILM_SIGNATURE} "
    "FROM catalog_movie m LEFT JOIN search_titleentry e ON e.movie_id = m.id "
    "WHERE (e.movie_id IS NULL OR e.title <> m.title "
    "OR e.year IS DISTINCT FROM m.year OR e.popularity <> m.popularity "
    f"OR e.signature <> {_FILM_SIGNATURE})"
)


def _entries_gone(
    entries: str, key: str, catalogue: str, ids: Sequence[int] | None
) -> list[tuple[int, int]]:
    """(id, rank) of the index `entries` whose catalogue row (films or people) is gone."""
    rows: list[tuple[int, int]] = []
    for where, params in bulk.scoped(ids):
        rows += bulk.fetch(
            f"SELECT e.{key}, e.rank FROM {entries} e "  # noqa: S608
            f"LEFT JOIN {catalogue} c ON c.id = e.{key} WHERE c.id IS NULL"
            + where.format(col=f"e.{key}"),
            params,
        )
    return rows


def _films_remove(movie_ids: list[int], ranks: list[int], *, prefixes: bool) -> None:
    index.titles_fts_write(removed=ranks, added=[])
    with connection.cursor() as cursor:
        for chunk in batched(movie_ids, 500):
            marks = bulk.in_marks(chunk)
            sql = f"DELETE FROM search_titleentry WHERE movie_id IN ({marks})"  # noqa: S608
            cursor.execute(sql, chunk)
            sql = f"DELETE FROM search_titleform WHERE movie_id IN ({marks})"  # noqa: S608
            cursor.execute(sql, chunk)
            if prefixes:
                sql = f"DELETE FROM search_prefix WHERE movie_id IN ({marks})"  # noqa: S608
                cursor.execute(sql, chunk)


def _words_count(words: Counter[str], keys: Iterable[str]) -> None:
    """Count each key's words once; written by _words_write when the refresh ends."""
    # Without the series-number mark: "#ice" is the word "ice" (aliases.NUMBERED).
    keys = (key.replace(aliases.NUMBERED, " ") for key in keys)
    words.update(w for key in keys for w in set(key.split()) if len(w) <= 64 and w != "|")


def _words_write(words: Counter[str], table: str) -> None:
    """Add a refresh's word counts, one upsert per word. (Upserting per chunk of films
    left a rebuilt word table with ~65 dead rows per live one, which every correction
    lookup read through until a VACUUM: 935,437 dead to 14,394 live at 1M titles.)"""
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (word, initial, length, sound, films) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s) "
            f"ON CONFLICT (word) DO UPDATE SET films = {table}.films + excluded.films",
            [(w, w[0], len(w), jellyfish.metaphone(w)[:64], n) for w, n in sorted(words.items())],
        )


def _other_titles(movie_ids: Sequence[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for chunk in batched(list(movie_ids), 500):
        rows = bulk.fetch(
            "SELECT movie_id, title FROM catalog_alternativetitle "  # noqa: S608
            f"WHERE movie_id IN ({bulk.in_marks(chunk)})",
            chunk,
        )
        for pk, title in rows:
            found.setdefault(pk, []).append(title)
    return found


def _prefixes_add(entries: list[tuple[int, str, int]]) -> None:
    """Add a few films to the prefix lists, trimming each touched list back to its top."""
    rows = [(p, rank, pk) for pk, key, rank in entries for p in index.prefixes(key)]
    bulk.insert("search_prefix", ("prefix", "rank", "movie_id"), rows)
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
        bulk.insert("search_prefix", ("prefix", "rank", "movie_id"), chunk)


def _films_write(
    films: Sequence[FilmTitles],
    years: dict[int, int | None],
    popularity: dict[int, float],
    titles: dict[int, str],
    *,
    words: Counter[str],
    prefixes: bool,
    fts: bool,
) -> None:
    rows = [
        (
            f.movie_id,
            titles[f.movie_id],
            years[f.movie_id],
            popularity[f.movie_id],
            f.key,
            index.rank_for(f.movie_id, f.weight),
            f.other,
            f.weight,
            f.signature,
        )
        for f in films
    ]
    bulk.insert(
        "search_titleentry",
        ("movie_id", "title", "year", "popularity", "key", "rank", "other", "weight", "signature"),
        rows,
    )
    bulk.insert(
        "search_titleform",
        ("form", "movie_id", "rank", "year"),
        [(form, r[0], r[5], r[2]) for f, r in zip(films, rows, strict=True) for form in f.forms],
    )
    if fts:
        index.titles_fts_write(removed=[], added=[(r[5], r[4], r[6], r[2]) for r in rows])
    _words_count(words, (f"{r[4]} {r[6]}" for r in rows))
    if prefixes:
        _prefixes_add([(r[0], r[4], r[5]) for r in rows])


# Past this many changed films, every person's popularity is checked rather than those
# credited in the changed films.
PEOPLE_RECHECK_AT = 50_000


def _films_refresh(
    ids: Sequence[int] | None,
    counts: RefreshCounts,
    full: bool,
    words: Counter[str],
    *,
    first: bool = False,
) -> list[int] | None:
    """Refresh films; returns the ids of films changed or gone, None when there are many.

    `first`: the index has no film yet, so the full-text table is filled once at the end,
    in rank order, instead of page by page."""
    gone = _entries_gone("search_titleentry", "movie_id", "catalog_movie", ids)
    if gone:
        _films_remove([pk for pk, _ in gone], [rank for _, rank in gone], prefixes=not full)
    rebuild = full
    changed = 0
    touched: list[int] | None = [pk for pk, _ in gone]
    for page in bulk.pages(_FILM_CHANGED, ids, "m.id"):
        changed += len(page)
        if touched is not None:
            touched += [row[0] for row in page]
            touched = touched if len(touched) <= PEOPLE_RECHECK_AT else None
        # Past this many films one pass over the whole index rebuilds the prefix lists
        # faster than adding and trimming each film's; lists added so far are redone.
        rebuild = rebuild or changed + len(gone) > PREFIX_REBUILD_AT
        stale = [(row[0], row[4]) for row in page if row[4] is not None]
        if stale:
            _films_remove([pk for pk, _ in stale], [r for _, r in stale], prefixes=not rebuild)
        others = _other_titles([row[0] for row in page])
        films = [
            film_titles(
                movie_id=row[0],
                title=row[1],
                original_title=row[5],
                other_titles=others.get(row[0], []),
                intro=row[6] or "",
                popularity=row[3],
                signature=row[7],
            )
            for row in page
        ]
        films = [f for f in films if f.key]  # a title of only symbols has no words
        # Written in popularity order within each page: neighbouring ranks, neighbouring
        # pages of the rank index.
        films.sort(key=lambda f: index.rank_for(f.movie_id, f.weight))
        years = {row[0]: row[2] for row in page}
        popularity = {row[0]: row[3] for row in page}
        titles = {row[0]: row[1] for row in page}
        for chunk in batched(films, CHUNK):
            _films_write(
                chunk, years, popularity, titles, words=words, prefixes=not rebuild, fts=not first
            )
    if first:
        index.titles_fts_fill()
    if rebuild:
        prefix_lists_rebuild()
    counts.films, counts.films_removed = changed, len(gone)
    counts.prefix_lists_rebuilt = rebuild
    return touched


# A person's popularity: the summed weight of the films they are credited in, read through
# the credit table's person index.
_PERSON_POPULARITY = (
    "(SELECT COALESCE(sum(t.weight), 0) FROM catalog_credit c "
    "JOIN search_titleentry t ON t.movie_id = c.movie_id WHERE c.person_id = p.id)"
)
_PERSON_ROW = (
    f"SELECT p.id, p.name, e.person_id, e.rank, {_PERSON_POPULARITY} "  # noqa: S608
    "FROM catalog_person p LEFT JOIN search_personentry e ON e.person_id = p.id "
)
# New or renamed people: a cheap check of every row.
_PERSON_CHANGED = _PERSON_ROW + "WHERE (e.person_id IS NULL OR e.name <> p.name)"
# ... or with a popularity that moved: a sum over their credits each, so only for people
# credited in changed films, or for everyone after a large import.
_PERSON_STALE = (
    _PERSON_ROW + "WHERE (e.person_id IS NULL OR e.name <> p.name "
    f"OR e.popularity <> {_PERSON_POPULARITY})"
)


def _popularity_by_person() -> array[float]:
    """Every person's popularity (_PERSON_POPULARITY), from one pass over the credits.

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


def _people_everyone() -> Iterator[list[Any]]:
    """Pages of _PERSON_STALE's rows for the whole catalogue, with the popularity summed
    by _popularity_by_person instead of once per person in SQL."""
    sums = _popularity_by_person()
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
    index.people_fts_write(removed=ranks, added=[])
    with connection.cursor() as cursor:
        for chunk in batched(person_ids, 500):
            sql = f"DELETE FROM search_personentry WHERE person_id IN ({bulk.in_marks(chunk)})"  # noqa: S608
            cursor.execute(sql, chunk)


def _people_refresh(
    ids: Sequence[int] | None,
    counts: RefreshCounts,
    films_touched: list[int] | None,
    names: Counter[str],
    *,
    first: bool = False,
) -> None:
    """Refresh people: new, renamed and gone ones, and the popularity of those credited in
    the films that changed (`films_touched`; None: check everyone's). `first`: the index
    has nobody yet, so everyone is new and the full-text table is filled once at the end."""
    gone = _entries_gone("search_personentry", "person_id", "catalog_person", ids)
    _people_remove([pk for pk, _ in gone], [rank for _, rank in gone])
    changed = 0
    pages: Iterator[list[Any]]
    if ids is None and (films_touched is None or first):
        pages = _people_everyone()
    elif films_touched is None or ids is not None:
        pages = bulk.pages(_PERSON_STALE, ids, "p.id")
    else:
        credited = _credited(films_touched)
        pages = itertools.chain(
            bulk.pages(_PERSON_CHANGED, ids, "p.id"),
            # Each page is written before the next is read, so people already rewritten
            # by the first pass compare equal here.
            bulk.pages(_PERSON_STALE, credited, "p.id") if credited else iter(()),
        )
    for page in pages:
        changed += len(page)
        stale = [(row[0], row[3]) for row in page if row[2] is not None]
        _people_remove([pk for pk, _ in stale], [rank for _, rank in stale])
        if not first:  # neighbouring ranks for the full-text writes; a first build has none
            page.sort(key=lambda row: index.rank_for(row[0], row[4]))
        for rows in batched(page, CHUNK):
            people = [
                (pk, name, name_key(name), popularity, index.rank_for(pk, popularity))
                for pk, name, _, _, popularity in rows
            ]
            people = [p for p in people if p[2]]
            bulk.insert(
                "search_personentry", ("person_id", "name", "key", "popularity", "rank"), people
            )
            if not first:
                index.people_fts_write(removed=[], added=[(p[4], p[2]) for p in people])
            _words_count(names, (p[2] for p in people))
    if first:
        index.people_fts_fill()
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
                for table in (
                    "search_titleentry",
                    "search_titleform",
                    "search_personentry",
                    "search_prefix",
                ):
                    cursor.execute(f"DELETE FROM {table}")  # noqa: S608
                cursor.execute("DELETE FROM search_word")
                cursor.execute("DELETE FROM search_nameword")
            index.fts_clear()
            movie_ids = person_ids = None
        touched: list[int] | None = []
        words: Counter[str] = Counter()
        names: Counter[str] = Counter()
        # A first build (the first import, or `full`): the empty tables are filled without
        # their plain indexes, which are built once at the end.
        films_first = movie_ids is None and bulk.empty("search_titleentry")
        people_first = person_ids is None and bulk.empty("search_personentry")
        empty = ["search_titleentry", "search_titleform", "search_prefix"] if films_first else []
        empty += ["search_personentry"] if people_first else []
        # Not after `full` emptied them on PostgreSQL: DROP INDEX would lock out the
        # searches that still read the old rows until this transaction commits.
        deferred = empty if connection.vendor == "sqlite" or not full else []
        with bulk.indexes_built_after(deferred):
            if movie_ids is None or movie_ids:
                touched = _films_refresh(movie_ids, counts, full, words, first=films_first)
            if person_ids is None or person_ids:
                _people_refresh(
                    person_ids, counts, None if full else touched, names, first=people_first
                )
        _words_write(words, "search_word")
        _words_write(names, "search_nameword")
        if connection.vendor == "postgresql" and counts.films + counts.people > CHUNK:
            _gin_flush()
    return counts


def _gin_flush() -> None:
    """Merge the GIN indexes' pending lists after a bulk write, and refresh the statistics.

    Rows COPYed in land in an unsorted pending list that every search then reads through:
    at a million titles that was 5 ms of every 6 ms query until autovacuum got to it.
    The statistics too would wait for autovacuum: until then the word tables had none (a
    correction lookup scanned all of search_nameword instead of its indexes) and the entry
    tables no row count, which pg_top needs to choose a plan.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT gin_clean_pending_list('search_title_tsv'::regclass), "
            "gin_clean_pending_list('search_person_tsv'::regclass)"
        )
        cursor.execute(
            "ANALYZE search_titleentry, search_titleform, search_personentry, search_prefix, "
            "search_word, search_nameword"
        )
