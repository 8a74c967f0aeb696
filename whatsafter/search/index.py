"""The search index's storage, per database: SQLite FTS5, or PostgreSQL full text.

Everything vendor-specific about reading the search index lives here (its full-text
tables' schema and writes are in fulltext.py); services.py keeps the tables in step with
the catalogue and selectors.py asks the questions. Title keys are already folded
(lower case ASCII letters, digits and single spaces, see whatsafter.normalise.title_key), so
both engines index them with their simplest tokenizer and query tokens need no escaping
beyond the quoting below.

The films' full-text row id is `TitleEntry.rank`: popularity order. "Matches for these
words, most popular first, LIMIT n" is then read in row-id order and stops after n rows
instead of ranking every match, which keeps common words ("the", "a*") fast at millions
of titles.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from whatsafter.search import pg_top
from whatsafter.search.pg_top import Groups

# Popularity is a float (TMDb's score, up to a few thousand); three decimals are plenty
# to order by, and the movie id breaks ties so the rank is unique.
POPULARITY_STEPS = (1 << 30) - 1
ID_BITS = 31

# Prefixes up to this many characters come from the precomputed lists; longer ones are
# selective enough for the full-text index.
PREFIX_MAX = 8
# Films kept per prefix: a few more than a suggestion list shows, so an edit that drops
# one film from a list does not leave it short until the next full rebuild.
PREFIX_KEEP = 16


# Films kept per word in the word lists (WordTop), and the most a lookup may ask of them:
# the lists hold the true most popular films with each word as long as fewer than the
# difference have left a list (deleted, or retitled without the word) since it was built;
# a refresh of many films rebuilds them, as the prefix lists.
WORD_TOP_KEEP = 150
WORD_TOP_LIMIT = 100
# The lists pay on PostgreSQL only. SQLite's FTS5 reads matches in rank order already (its
# row ids are the ranks): at 1M titles the same lookups took a median of 0.62 ms from it
# and 0.47 from the lists, a p95 of 2.2 against 4.0, so SQLite neither builds nor reads
# them (its tests switch them on, to check them there too).
WORD_LISTS_ON_SQLITE = False


def rank_for(movie_id: int, popularity: float) -> int:
    """Most popular first: a smaller rank for a larger popularity, then the smaller id."""
    step = min(max(int(popularity * 1000), 0), POPULARITY_STEPS)
    return ((POPULARITY_STEPS - step) << ID_BITS) | movie_id


def prefixes(key: str) -> set[str]:
    """'avengers endgame' → 'a', 'av', … 'avengers', 'e', 'en', … 'endgame' (≤ PREFIX_MAX).

    Each run of words from any word onwards, so typing the start of a later word or of
    several words ("star wa") finds the film as well as typing its first word.
    """
    return run_prefixes(prefix_runs(key))


def prefix_runs(key: str) -> list[str]:
    """The words from each word onwards, cut to PREFIX_MAX: 'star wars' → 'star war', 'wars'.
    Each is the longest of its prefixes (run_prefixes)."""
    words = key.split()
    return [" ".join(words[i:])[:PREFIX_MAX].rstrip() for i in range(len(words))]


def run_prefixes(runs: list[str]) -> set[str]:
    """Every prefix of these runs that ends in a letter or digit."""
    found: set[str] = set()
    for run in runs:
        found.update(run[:n] for n in range(1, len(run) + 1) if run[n - 1] != " ")
    return found


def _sqlite() -> bool:
    return connection.vendor == "sqlite"


def _fts_query(
    groups: Groups, year: int | None = None, column: str = "", *, any_word: bool = False
) -> str:
    # Every token quoted, which keeps words like AND/NEAR literal; the column filter keeps
    # the year column out of title matches. Only the word as typed is a prefix.
    columns = column or "{key other}"
    terms = []
    for i, group in enumerate(groups):
        star = "*" if pg_top.is_prefix(groups, i) else ""
        options = [f'"{group[0]}"{star}', *(f'"{w}"' for w in group[1:])]
        terms.append(f"{columns} : ({' OR '.join(options)})")
    query = " AND ".join(terms) if not any_word else "(" + " OR ".join(terms) + ")"
    if year is not None:
        query += f' AND year : "{year}"'
    return query


def _in(values: Sequence[object]) -> str:
    return ", ".join(["%s"] * len(values))


# -- reads -------------------------------------------------------------------------

Hit = tuple[int, str, str, int]  # movie id, key, other, rank
Part = tuple[str, list[Any]]  # SQL for rows of one lookup, and its parameters


def _parts(parts: Sequence[Part]) -> list[list[tuple[Any, ...]]]:
    """Several lookups in one statement: each part's rows, tagged and split again.

    A search asks up to a dozen small questions at once (the exact titles of every
    reading of a typo, then their matches); one statement for all costs one round trip,
    parse and plan instead of one each. Every part keeps its own ORDER BY and LIMIT.
    """
    if not parts:
        return []
    sql = " UNION ALL ".join(
        f"SELECT {i} AS part, t.* FROM ({part}) t"  # noqa: S608
        for i, (part, _) in enumerate(parts)
    )
    found: list[list[tuple[Any, ...]]] = [[] for _ in parts]
    with connection.cursor() as cursor:
        cursor.execute(sql, [p for _, params in parts for p in params])
        for row in cursor.fetchall():
            found[row[0]].append(tuple(row[1:]))
    return found


def _exact_parts(key: str, form: str, year: int | None, limit: int) -> list[Part]:
    """Films whose title key is `key` and films one of whose titles has the form `form`:
    each the first rows of one index range in rank order ((key, rank) and (form, rank)),
    or with a year, the few rows of (key, year) and (form, year)."""
    by_year = " AND {}.year = %s" if year is not None else ""
    years = [year] if year is not None else []
    return [
        (
            "SELECT e.movie_id, e.key, e.other, e.rank FROM search_titleentry e "  # noqa: S608
            f"WHERE e.key = %s{by_year.format('e')} ORDER BY e.rank LIMIT %s",
            [key, *years, limit],
        ),
        (
            "SELECT e.movie_id, e.key, e.other, e.rank FROM search_titleform f "  # noqa: S608
            "JOIN search_titleentry e ON e.movie_id = f.movie_id "
            f"WHERE f.form = %s{by_year.format('f')} ORDER BY f.rank LIMIT %s",
            [form, *years, limit],
        ),
    ]


def _word_lists_part(groups: Groups, limit: int) -> Part:
    """Films with any of the words (a prefix: any word starting with it), most popular
    first, from the word lists: the first `limit` of the union of each word's list are
    the first `limit` of the union of its films, when each list holds its word's first
    `limit` films (WORD_TOP_LIMIT). A few index ranges, however common the words."""
    ranges: list[str] = []
    params: list[Any] = []
    for i, group in enumerate(groups):
        for j, word in enumerate(group):
            if j == 0 and pg_top.is_prefix(groups, i):
                ranges.append("w.word BETWEEN %s AND %s")
                params += [word, word + "z" * (pg_top.WORD_MAX - len(word))]
            else:
                ranges.append("w.word = %s")
                params.append(word)
    sql = (
        "SELECT e.movie_id, e.key, e.other, e.rank FROM (SELECT DISTINCT w.movie_id, w.rank "  # noqa: S608
        f"FROM search_wordtop w WHERE {' OR '.join(ranges)} ORDER BY w.rank LIMIT %s) t "
        "JOIN search_titleentry e ON e.movie_id = t.movie_id ORDER BY e.rank"
    )
    return sql, [*params, limit]


def word_lists_kept() -> bool:
    """Whether this database keeps the word lists (WORD_LISTS_ON_SQLITE)."""
    return not _sqlite() or WORD_LISTS_ON_SQLITE


def word_lists_answer(groups: Groups, any_word: bool, year: int | None, limit: int) -> bool:
    """Whether a matching lookup is read from the word lists (no plan, no word counts):
    films with any of the words, or with the one word asked (a typo's one-word readings,
    "soory" → "story", were walks of tens of thousands of rows too)."""
    # (The lists leave out words past WORD_MAX letters, as the vocabulary does.)
    short = all(len(w) <= pg_top.WORD_MAX for group in groups for w in group)
    asked = (any_word and bool(groups)) or len(groups) == 1
    return asked and short and year is None and limit <= WORD_TOP_LIMIT and word_lists_kept()


def _matching_part(groups: Groups, year: int | None, limit: int, any_word: bool) -> Part:
    if word_lists_answer(groups, any_word, year, limit):
        return _word_lists_part(groups, limit)
    if _sqlite():
        # CROSS JOIN keeps the FTS table outermost, so its row-id order is the result order
        # and LIMIT ends the scan early.
        sql = (
            "SELECT e.movie_id, e.key, e.other, e.rank FROM search_title_fts f "
            "CROSS JOIN search_titleentry e ON e.rank = f.rowid "
            "WHERE search_title_fts MATCH %s ORDER BY f.rowid LIMIT %s"
        )
        return sql, [_fts_query(groups, year, any_word=any_word), limit]
    return pg_top.top(
        groups,
        table="search_titleentry",
        vocabulary="search_word",
        columns="movie_id, key, other, rank",
        limit=limit,
        any_word=any_word,
        year=year,
    )


@dataclass
class Lookups:
    """Title and people lookups asked together in one statement (`find`).

    - `exact`: (key, form) pairs: films whose key is `key` or one of whose titles has the
      canonical `form` (up to `limit` of each, most popular first), of `year` if given;
    - `matching`: (groups, any_word, n): films with, for each query word, a word starting
      with it (or with one of its other spellings) in their title or other titles, or
      with any of the words; up to n, most popular first;
    - `prefix`: the precomputed most popular films for a short prefix (`limit`);
    - `people_exact`: names: people named exactly so (`people_limit`, most popular first);
    - `people_matching`: token lists: people with a word starting with each token;
    - `counts_for`: (groups, table, vocabulary) of matches a later `find` may ask: on
      PostgreSQL the word counts their plans need are read in this statement too.
    """

    year: int | None = None
    limit: int = 0
    exact: Sequence[tuple[str, str]] = field(default_factory=list)
    matching: Sequence[tuple[Groups, bool, int]] = field(default_factory=list)
    prefix: str | None = None
    people_limit: int = 0
    people_exact: Sequence[str] = field(default_factory=list)
    people_matching: Sequence[Sequence[str]] = field(default_factory=list)
    counts_for: Sequence[tuple[Groups, str, str]] = field(default_factory=list)


Person = tuple[int, int]  # person id, rank


@dataclass
class Found:
    """What `find` found, in the order asked; `listed` is None when the prefix was longer
    than the lists go (or none was asked)."""

    exact: list[list[Hit]]
    matched: list[list[Hit]]
    listed: list[Hit] | None
    people_exact: list[list[Person]]
    people_matched: list[list[Person]]


def find(ask: Lookups) -> Found:
    """Every lookup of `ask` in one statement (and, on PostgreSQL, one more for the word
    counts the matches are planned from, when some are not cached)."""
    if not _sqlite():
        pg_top.counts_prefetch(
            [
                (g, "search_titleentry", "search_word")
                for g, any_word, n in ask.matching
                if not word_lists_answer(g, any_word, ask.year, n)
            ]
            + [
                ([[t] for t in tokens], "search_personentry", "search_nameword")
                for tokens in ask.people_matching
            ]
        )
    parts = [p for key, form in ask.exact for p in _exact_parts(key, form, ask.year, ask.limit)]
    parts += [_matching_part(g, ask.year, n, any_word) for g, any_word, n in ask.matching]
    listed = ask.prefix is not None and len(ask.prefix) <= PREFIX_MAX
    if listed:
        parts.append(
            (
                "SELECT p.movie_id, e.key, e.other, p.rank FROM search_prefix p "
                "JOIN search_titleentry e ON e.movie_id = p.movie_id "
                "WHERE p.prefix = %s ORDER BY p.rank LIMIT %s",
                [ask.prefix, ask.limit],
            )
        )
    # People's rows take the films' columns (id, key, other, rank), with no key.
    people = [_people_exact_part(key, ask.people_limit) for key in ask.people_exact]
    people += [_people_match_part(tokens, ask.people_limit) for tokens in ask.people_matching]
    parts += [
        (
            "SELECT p.id, CAST(NULL AS varchar(500)), CAST(NULL AS text), p.rank "  # noqa: S608
            f"FROM ({sql}) p",
            params,
        )
        for sql, params in people
    ]
    counts = [] if _sqlite() else pg_top.counts_missing(pg_top.counts_wanted(ask.counts_for))
    for key in counts:
        sql, params = pg_top.count_select(key)
        parts.append(
            (
                "SELECT CAST(NULL AS integer), CAST(NULL AS varchar(500)), CAST(NULL AS text), "
                f"CAST({sql} AS bigint)",
                params,
            )
        )
    rows = iter(_parts(parts))
    # The key and the form lookups of one pair find the same film more than once.
    exact = [list(dict.fromkeys(next(rows) + next(rows))) for _ in ask.exact]
    matched = [next(rows) for _ in ask.matching]
    prefix_hits = next(rows) if listed else None
    people_exact = [[(r[0], r[3]) for r in next(rows)] for _ in ask.people_exact]
    people_matched = [[(r[0], r[3]) for r in next(rows)] for _ in ask.people_matching]
    pg_top.counts_store(counts, [next(rows)[0][3] for _ in counts])
    return Found(exact, matched, prefix_hits, people_exact, people_matched)


def titles_exact(key: str, form: str, year: int | None, limit: int) -> list[Hit]:
    """Films whose title key is `key`, or one of whose titles has the canonical `form`."""
    return find(Lookups(year=year, limit=limit, exact=[(key, form)])).exact[0]


def titles_matching(
    groups: Groups, year: int | None, limit: int, *, any_word: bool = False
) -> list[Hit]:
    """Films with, for each query word, a word starting with it (or with one of its other
    spellings), in their title or other titles; most popular first. With `any_word`, films
    with any of the words."""
    return find(Lookups(year=year, matching=[(groups, any_word, limit)])).matched[0]


def titles_by_prefix(prefix: str, limit: int) -> list[Hit] | None:
    """The precomputed most popular films for a short prefix; None when it is too long."""
    return find(Lookups(limit=limit, prefix=prefix)).listed


def _people_exact_part(key: str, limit: int) -> Part:
    return (
        "SELECT person_id AS id, rank FROM search_personentry WHERE key = %s "
        "ORDER BY rank LIMIT %s",
        [key, limit],
    )


def _people_match_part(tokens: Sequence[str], limit: int) -> Part:
    if _sqlite():
        sql = (
            "SELECT e.person_id AS id, e.rank AS rank FROM search_person_fts f "
            "CROSS JOIN search_personentry e ON e.rank = f.rowid "
            "WHERE search_person_fts MATCH %s ORDER BY f.rowid LIMIT %s"
        )
        return sql, [_fts_query([[t] for t in tokens], column="key"), limit]
    return pg_top.top(
        [[t] for t in tokens],
        table="search_personentry",
        vocabulary="search_nameword",
        columns="person_id AS id, rank",
        limit=limit,
    )


def people_ids(exact: Sequence[Person], matched: Sequence[Person], limit: int) -> list[int]:
    """People named exactly as typed first, then the matches; each most popular first."""
    rows = sorted([(0, rank, pk) for pk, rank in exact] + [(1, rank, pk) for pk, rank in matched])
    return list(dict.fromkeys(pk for _, _, pk in rows))[:limit]


def people_matching(key: str, tokens: Sequence[str], limit: int) -> list[int]:
    """People named exactly `key` first, then those with a word starting with each token,
    each most popular first (the popularity of their films, `PersonEntry.rank`)."""
    found = find(Lookups(people_limit=limit, people_exact=[key], people_matching=[tokens]))
    return people_ids(found.people_exact[0], found.people_matched[0], limit)
