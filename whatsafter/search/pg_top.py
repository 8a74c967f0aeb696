"""PostgreSQL: the most popular full-text matches, with the plan chosen from word counts.

"Matches for these words, most popular first, LIMIT n" has two plans: walk the rank index
and check each row (cheap when the words are common, a scan of the table when they are
rare), or collect every match from the GIN index and sort (the reverse). PostgreSQL's
planner misjudges how common a prefix is, and the old fixed rule (walk the 3,000 most
popular rows, then collect) lost both ways at a million titles: most typo readings are
rare and walked 3,000 rows in vain; a word in 1-2% of titles ("girl") walked in vain and
then collected 17,000 rows.

So the plan is chosen here from the vocabulary's stored counts (`films` per word, one
index range per query word):

- the expected matches are the table size times each word's share (words taken as
  independent; an OR query sums them);
- walking to n matches costs about n * rows / matches rows; collecting costs the rows of
  the words given to the GIN index plus reading their postings. The cheaper one runs;
- a walk is bounded (WALK_SLACK times what it should need) and falls back to collecting,
  so a wrong estimate costs time, never results;
- a collect gives the GIN index only the words that pay for themselves (a one-letter
  prefix such as "p:*" unions the postings of every word starting with p, 36-62 ms on
  2M people) and checks the others on the rows found.

The counts are cached per process for a few minutes (a one-letter prefix sums a
twenty-sixth of the vocabulary).

Every plan returns exactly the first n matches in rank order, the same rows.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection

Groups = Sequence[Sequence[str]]  # per query word: the word as typed, then other spellings

# Relative costs, per row walked, per row collected from the heap and per posting read
# from the GIN index. EXPLAIN ANALYZE at 1M titles (2 December 2026): walking 3,000 /
# 30,000 / 100,000 rows took 2 / 26 / 105 ms (the top of the rank order stays cached);
# collecting 14,168 / 16,871 / 21,168 matches 71 / 137 / 168 ms (random heap pages), of
# which reading the postings 8-14 ms.
WALK_ROW = 0.15
HEAP_ROW = 1.0
POSTING = 0.07
# How many times the expected rows a walk may check before it falls back to collecting.
WALK_SLACK = 3.0
# Share of films in one year, for a query with a year (rough; only the plan depends on it).
YEAR_SHARE = 1 / 50
# When the table has never been analysed (no size known): the old fixed rule, walk this
# many rows and then collect; a walk may also go this far when collecting costs more.
DEFAULT_WALK = 3_000
# Words in the vocabulary are at most this long (services._words_count).
WORD_MAX = 64


def is_prefix(groups: Groups, i: int) -> bool:
    """Whether word i as typed may be the start of a longer word.

    One- and two-letter tokens before the last are whole words ("x men", "of mice"):
    as prefixes they would match a large share of the index ("o*") for nothing, and on
    PostgreSQL a GIN prefix search unions the postings of every matching word.
    """
    return len(groups[i][0]) >= 3 or i == len(groups) - 1


def ts_terms(groups: Groups) -> list[str]:
    """One tsquery term per query word: the word as typed (maybe a prefix) OR its others."""
    terms = []
    for i, group in enumerate(groups):
        options = [group[0] + (":*" if is_prefix(groups, i) else ""), *group[1:]]
        terms.append(options[0] if len(options) == 1 else f"({' | '.join(options)})")
    return terms


@dataclass(frozen=True)
class Plan:
    walk: int  # rows of the rank index to check first (0: collect straight away)
    indexed: list[int]  # the query words given to the GIN index when collecting


# Counts read lately, per process: a query's readings share most words, and common words
# recur across queries. Only the plan depends on them (every plan returns the same rows),
# so a count a few minutes old is as good as a fresh one.
_CACHE: dict[tuple[str, str, bool], tuple[float, float]] = {}
CACHE_SECONDS = 300.0
CACHE_SIZE = 20_000


def counts_forget() -> None:
    """Drop the cached counts (tests start from none; only the plan depends on them)."""
    _CACHE.clear()


def _keys(groups: Groups, vocabulary: str) -> list[list[tuple[str, str, bool]]]:
    """Per query word, the cache keys of its spellings (for a prefix: the words it starts)."""
    return [
        [(vocabulary, w, j == 0 and is_prefix(groups, i)) for j, w in enumerate(group)]
        for i, group in enumerate(groups)
    ]


Key = tuple[str, str, bool]  # vocabulary (or table), word ("" for the table), prefix


def counts_wanted(many: Sequence[tuple[Groups, str, str]]) -> list[Key]:
    """The cache keys of several queries' words, each (groups, table, vocabulary)."""
    wanted: list[Key] = []
    for groups, table, vocabulary in many:
        wanted.append((table, "", False))
        wanted += [k for group in _keys(groups, vocabulary) for k in group]
    return list(dict.fromkeys(wanted))


def counts_missing(wanted: Sequence[Key]) -> list[Key]:
    """The keys among `wanted` to read (not cached, or cached too long ago)."""
    now = time.monotonic()
    missing = [k for k in wanted if now - _CACHE.get(k, (-CACHE_SECONDS, 0.0))[0] >= CACHE_SECONDS]
    if missing and len(_CACHE) > CACHE_SIZE:
        # Emptied whole, so every key asked for is read again (not only the missing
        # ones: the others would be gone when the caller reads them).
        _CACHE.clear()
        return list(wanted)
    return missing


def counts_store(keys: Sequence[Key], values: Sequence[float | None]) -> None:
    now = time.monotonic()
    for key, value in zip(keys, values, strict=True):
        _CACHE[key] = (now, max(float(value or 0), 0.0))


def counts_prefetch(many: Sequence[tuple[Groups, str, str]]) -> None:
    """Read the counts for several queries' words, each (groups, table, vocabulary), in
    one statement (when any is missing from the cache), so that `top` then plans each
    from the cache."""
    _cache_fill(counts_wanted(many))


def _cache_fill(wanted: Sequence[Key]) -> None:
    missing = counts_missing(wanted)
    if missing:
        counts_store(missing, _count_rows(missing))


def _counts(groups: Groups, vocabulary: str, table: str) -> tuple[float, list[float]]:
    """The table's row count (planner statistics) and, per query word, the entries with it
    or with one of its other spellings (for a prefix: with a word starting with it)."""
    keys = _keys(groups, vocabulary)
    _cache_fill([(table, "", False), *(k for group in keys for k in group)])
    counts = [sum(_CACHE[k][1] for k in group) for group in keys]
    return _CACHE[(table, "", False)][1], counts


def count_select(key: Key) -> tuple[str, list[Any]]:
    """A scalar subquery for one key: a table's row count (planner statistics), or the
    entries with a word (or, for a prefix, with any word starting with it)."""
    table, word, prefix = key
    if not word:
        return "(SELECT reltuples FROM pg_class WHERE oid = %s::regclass)", [table]
    if prefix:
        # Words are [0-9a-z] only, so every word starting with `word` sorts between it
        # and it padded with z's, in the C order and in any language's order.
        sql = f"(SELECT sum(films) FROM {table} WHERE word BETWEEN %s AND %s)"  # noqa: S608
        return sql, [word, word + "z" * (WORD_MAX - len(word))]
    return f"(SELECT sum(films) FROM {table} WHERE word = %s)", [word]  # noqa: S608


def _count_rows(keys: Sequence[Key]) -> list[float | None]:
    """One statement: the count of each key (count_select)."""
    selects = [count_select(key) for key in keys]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join(sql for sql, _ in selects),
            [p for _, params in selects for p in params],
        )
        row = cursor.fetchone()
    assert row is not None
    return list(row)


def choose(
    total: float, counts: Sequence[float], limit: int, *, any_word: bool, year: bool
) -> Plan:
    """The cheaper plan for `limit` matches among `total` rows, words matching `counts`."""
    if total <= 0:
        return Plan(walk=DEFAULT_WALK, indexed=list(range(len(counts))))
    shares = [min(1.0, c / total) for c in counts]
    if any_word:
        expected = min(1.0, sum(shares)) * total
        indexed = list(range(len(counts)))
        collect = expected * HEAP_ROW + sum(shares) * total * POSTING
    else:
        expected = total * math.prod(shares)
        # The rarest word first, then each word that saves more heap rows than its
        # postings cost to read.
        order = sorted(range(len(counts)), key=lambda i: shares[i])
        indexed, rows = [order[0]], shares[order[0]] * total
        collect = rows * (HEAP_ROW + POSTING)
        for i in order[1:]:
            saved = rows * (1 - shares[i]) * HEAP_ROW
            if saved > shares[i] * total * POSTING:
                indexed.append(i)
                collect += shares[i] * total * POSTING - saved
                rows *= shares[i]
    if year:
        # The year has an index of its own: a collect reads the year's rows from it too
        # and fetches only the matches of that year from the heap.
        expected *= YEAR_SHARE
        postings = sum(shares[i] for i in indexed) * total + total * YEAR_SHARE
        collect = min(collect, expected * HEAP_ROW + postings * POSTING)
    walk_rows = limit * total / max(expected, 1.0)
    if walk_rows * WALK_ROW >= collect:
        return Plan(walk=0, indexed=sorted(indexed))
    # Words are not independent of popularity or of each other: the walk may go on a few
    # times what it should need, and as far as the old fixed rule while that stays
    # cheaper than collecting, before it gives up.
    walk = max(walk_rows * WALK_SLACK, min(DEFAULT_WALK, collect / WALK_ROW))
    return Plan(walk=math.ceil(min(total, walk)), indexed=sorted(indexed))


def _implied(groups: Groups, i: int) -> bool:
    """Whether query word i matches every row that another query word matches."""
    word, prefix = groups[i][0], is_prefix(groups, i)
    for j, other in enumerate(groups):
        if j == i or len(other) > 1:
            continue
        other_prefix = is_prefix(groups, j)
        covers = other[0].startswith(word) if prefix else other[0] == word and not other_prefix
        # The same word twice implies itself: the first one stays.
        if covers and not (other[0] == word and other_prefix == prefix and j < i):
            return True
    return False


def top(
    groups: Groups,
    *,
    table: str,
    vocabulary: str,
    columns: str,
    limit: int,
    any_word: bool = False,
    year: int | None = None,
    plan: Plan | None = None,
) -> tuple[str, list[Any]]:
    """SQL and parameters for the first `limit` rows of `table` (by rank) matching the words.

    `plan` overrides the choice (tests compare every plan's rows).
    """
    if plan is None:
        total, counts = _counts(groups, vocabulary, table)
        if not any_word:
            # "william:* & williams:*": every row with the second has the first, so the
            # first tells nothing more (taken as independent, they looked rare together).
            counts = [total if _implied(groups, i) else c for i, c in enumerate(counts)]
        plan = choose(total, counts, limit, any_word=any_word, year=year is not None)
    terms = ts_terms(groups)
    full = (" | " if any_word else " & ").join(terms)
    where = " AND year = %s" if year is not None else ""
    by_year = [year] if year is not None else []
    match = f"tsv @@ to_tsquery('simple', %s){where}"
    if any_word or len(plan.indexed) == len(terms):
        rest = f"SELECT {columns} FROM {table} WHERE {match} AND "  # noqa: S608
        rest_params: list[Any] = [full, *by_year]
    else:
        # OFFSET 0 keeps the other words out of the index scan: they are checked on the
        # rows the indexed words found.
        indexed = " & ".join(terms[i] for i in plan.indexed)
        rest = (
            f"SELECT {columns} FROM (SELECT * FROM {table} WHERE {match} OFFSET 0) c "  # noqa: S608
            "WHERE c.tsv @@ to_tsquery('simple', %s) AND "
        )
        rest_params = [indexed, *by_year, full]
    sql = (
        f"WITH walk AS (SELECT {columns} FROM (SELECT * FROM {table} "  # noqa: S608
        f"ORDER BY rank LIMIT {int(plan.walk)}) w WHERE {match} ORDER BY rank LIMIT %s), "
        f"rest AS MATERIALIZED ({rest}(SELECT count(*) FROM walk) < %s) "
        "SELECT * FROM (SELECT * FROM walk UNION SELECT * FROM rest) t ORDER BY rank LIMIT %s"
    )
    return sql, [full, *by_year, limit, *rest_params, limit, limit]
