"""Keeping the search index in step with the catalogue.

`search_index_refresh` compares the catalogue with the index set-based (one join per
table, no per-row triggers on the catalogue, so bulk imports stay as fast as before) and
rewrites only films and people that are new, changed or gone. Importers call it once at
their end; single edits (admin, factories) reach it through the signals in apps.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import jellyfish
from django.db import connection, transaction

from whatsafter.search import aliases, bulk, fulltext, index, people_index
from whatsafter.search.aliases import FilmTitles, film_titles
from whatsafter.utils import batched

# Past this many changed films one pass over the whole index rebuilds the prefix lists
# (and the word lists) faster than inserting and trimming each film's prefixes (words).
PREFIX_REBUILD_AT = 5000


@dataclass
class RefreshCounts:
    """Rows of the index written and removed, for `search_index`'s line."""

    films: int = 0
    films_removed: int = 0
    people: int = 0
    people_removed: int = 0


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


def _films_remove(movie_ids: list[int], ranks: list[int], *, prefixes: bool) -> None:
    fulltext.titles_fts_write(removed=ranks, added=[])
    with connection.cursor() as cursor:
        for chunk in batched(movie_ids, 500):
            marks = bulk.in_marks(chunk)
            sql = f"DELETE FROM search_titleentry WHERE movie_id IN ({marks})"  # noqa: S608
            cursor.execute(sql, chunk)
            sql = f"DELETE FROM search_titleform WHERE movie_id IN ({marks})"  # noqa: S608
            cursor.execute(sql, chunk)
            if prefixes:
                for table in ("search_prefix", "search_wordtop"):
                    sql = f"DELETE FROM {table} WHERE movie_id IN ({marks})"  # noqa: S608
                    cursor.execute(sql, chunk)


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


def _lists_add(table: str, column: str, rows: list[tuple[str, int, int]], keep: int) -> None:
    """Add (list key, rank, movie id) rows to the prefix or word lists, trimming each
    touched list back to its `keep` most popular films."""
    bulk.insert(table, (column, "rank", "movie_id"), rows)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"DELETE FROM {table} WHERE {column} = %s AND rank > "  # noqa: S608
            f"(SELECT rank FROM {table} WHERE {column} = %s ORDER BY rank "
            "LIMIT 1 OFFSET %s)",
            [(k, k, keep - 1) for k in sorted({row[0] for row in rows})],
        )


def _prefixes_add(entries: list[tuple[int, str, int]]) -> None:
    """Add a few films to the prefix lists."""
    rows = [(p, rank, pk) for pk, key, rank in entries for p in index.prefixes(key)]
    _lists_add("search_prefix", "prefix", rows, index.PREFIX_KEEP)


def _word_lists_add(entries: list[tuple[int, str, str, int]]) -> None:
    """Add a few films (id, key, other, rank) to the word lists."""
    if not index.word_lists_kept():
        return
    rows = [
        (w, rank, pk)
        for pk, key, other, rank in entries
        for w in bulk.entry_words(f"{key} {other}")
    ]
    _lists_add("search_wordtop", "word", rows, index.WORD_TOP_KEEP)


def word_lists_rebuild() -> None:
    """Every word list from scratch, in one pass over the index in popularity order; the
    rows are written sorted by word, so each list's rows are neighbours on disk."""
    if not index.word_lists_kept():
        return
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_wordtop")
    kept: dict[str, list[tuple[int, int]]] = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT movie_id, key, other, rank FROM search_titleentry ORDER BY rank")
        while batch := cursor.fetchmany(bulk.CHUNK):
            for pk, key, other, rank in batch:
                for word in bulk.entry_words(f"{key} {other}"):
                    films = kept.setdefault(word, [])
                    if len(films) < index.WORD_TOP_KEEP:
                        films.append((rank, pk))
    rows = ((word, rank, pk) for word in sorted(kept) for rank, pk in kept[word])
    for chunk in batched(rows, 50_000):
        bulk.insert("search_wordtop", ("word", "rank", "movie_id"), chunk)


def prefix_lists_rebuild() -> None:
    """Every prefix list from scratch, in one pass over the index in popularity order."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_prefix")
    counts: dict[str, int] = {}
    keep = index.PREFIX_KEEP

    def rows() -> Iterator[tuple[str, int, int]]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT movie_id, key, rank FROM search_titleentry ORDER BY rank")
            while batch := cursor.fetchmany(bulk.CHUNK):
                for pk, key, rank in batch:
                    # A run's shorter prefixes were listed for every film its longest one
                    # was (or are full): once the longest is full, so are they all, and
                    # the run adds nothing. Most runs of common words fill early.
                    runs = [r for r in index.prefix_runs(key) if counts.get(r, 0) < keep]
                    if not runs:
                        continue
                    for p in index.run_prefixes(runs):
                        seen = counts.get(p, 0)
                        if seen < keep:
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
        fulltext.titles_fts_write(removed=[], added=[(r[5], r[4], r[6], r[2]) for r in rows])
    bulk.words_count(words, (f"{r[4]} {r[6]}" for r in rows))
    if prefixes:
        _prefixes_add([(r[0], r[4], r[5]) for r in rows])
        _word_lists_add([(r[0], r[4], r[6], r[5]) for r in rows])


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
    gone = bulk.entries_gone("search_titleentry", "movie_id", "catalog_movie", ids)
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
        for chunk in batched(films, bulk.CHUNK):
            _films_write(
                chunk, years, popularity, titles, words=words, prefixes=not rebuild, fts=not first
            )
    if first:
        fulltext.titles_fts_fill()
    if rebuild:
        prefix_lists_rebuild()
        word_lists_rebuild()
    counts.films, counts.films_removed = changed, len(gone)
    return touched


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
                    "search_wordtop",
                ):
                    cursor.execute(f"DELETE FROM {table}")  # noqa: S608
                cursor.execute("DELETE FROM search_word")
                cursor.execute("DELETE FROM search_nameword")
            fulltext.fts_clear()
            movie_ids = person_ids = None
        touched: list[int] | None = []
        words: Counter[str] = Counter()
        names: Counter[str] = Counter()
        # A first build (the first import, or `full`): the empty tables are filled without
        # their plain indexes, which are built once at the end.
        films_first = movie_ids is None and bulk.empty("search_titleentry")
        people_first = person_ids is None and bulk.empty("search_personentry")
        empty = (
            ["search_titleentry", "search_titleform", "search_prefix", "search_wordtop"]
            if films_first
            else []
        )
        empty += ["search_personentry"] if people_first else []
        # Not after `full` emptied them on PostgreSQL: DROP INDEX would lock out the
        # searches that still read the old rows until this transaction commits.
        deferred = empty if connection.vendor == "sqlite" or not full else []
        with bulk.indexes_built_after(deferred):
            if movie_ids is None or movie_ids:
                touched = _films_refresh(movie_ids, counts, full, words, first=films_first)
            if person_ids is None or person_ids:
                counts.people, counts.people_removed = people_index.people_refresh(
                    person_ids, None if full else touched, names, first=people_first
                )
        _words_write(words, "search_word")
        _words_write(names, "search_nameword")
        if connection.vendor == "postgresql" and counts.films + counts.people > bulk.CHUNK:
            _gin_flush()
    return counts


def search_index_build_missing() -> RefreshCounts | None:
    """Build the index of a catalogue that has films but no index; None when it has one.

    Run after every migrate (apps.py): a migration that changes the index's shape empties
    it rather than run this code, which follows the latest schema, not its own
    (docs/DECISIONS.md, "Migrations run no app code"). Two EXISTS when nothing is missing.
    """
    if bulk.empty("catalog_movie") or not bulk.empty("search_titleentry"):
        return None
    # `full`: whatever else a migration left (word counts, lists) is derived afresh too.
    return search_index_refresh(full=True)


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
            "search_wordtop, search_word, search_nameword"
        )
