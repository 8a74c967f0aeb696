"""The search index's storage, per database: SQLite FTS5, or PostgreSQL full text.

Everything vendor-specific about search lives here; services.py keeps the tables in step
with the catalogue and selectors.py asks the questions. Title keys are already folded
(lower case ASCII letters, digits and single spaces, see whatsafter.normalise.title_key), so
both engines index them with their simplest tokenizer and query tokens need no escaping
beyond the quoting below.

The films' full-text row id is `TitleEntry.rank`: popularity order. "Matches for these
words, most popular first, LIMIT n" is then read in row-id order and stops after n rows
instead of ranking every match, which keeps common words ("the", "a*") fast at millions
of titles.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection

# Popularity is a float (TMDb's score, up to a few thousand); three decimals are plenty
# to order by, and the movie id breaks ties so the rank is unique.
_POPULARITY_STEPS = (1 << 30) - 1
_ID_BITS = 31

# Prefixes up to this many characters come from the precomputed lists; longer ones are
# selective enough for the full-text index.
PREFIX_MAX = 8
# Films kept per prefix: a few more than a suggestion list shows, so an edit that drops
# one film from a list does not leave it short until the next full rebuild.
PREFIX_KEEP = 16


def rank_for(movie_id: int, popularity: float) -> int:
    """Most popular first: a smaller rank for a larger popularity, then the smaller id."""
    step = min(max(int(popularity * 1000), 0), _POPULARITY_STEPS)
    return ((_POPULARITY_STEPS - step) << _ID_BITS) | movie_id


def prefixes(key: str) -> set[str]:
    """'avengers endgame' → 'a', 'av', … 'avengers', 'e', 'en', … 'endgame' (≤ PREFIX_MAX).

    Each run of words from any word onwards, so typing the start of a later word or of
    several words ("star wa") finds the film as well as typing its first word.
    """
    words = key.split()
    found: set[str] = set()
    for i in range(len(words)):
        run = " ".join(words[i:])[:PREFIX_MAX].rstrip()
        found.update(run[:n] for n in range(1, len(run) + 1) if run[n - 1] != " ")
    return found


def _sqlite() -> bool:
    return connection.vendor == "sqlite"


def _is_prefix(tokens: Sequence[str], i: int) -> bool:
    """Whether token i may be the start of a longer word.

    One- and two-letter tokens before the last are whole words ("x men", "of mice"):
    as prefixes they would match a large share of the index ("o*") for nothing, and on
    PostgreSQL a GIN prefix search unions the postings of every matching word.
    """
    return len(tokens[i]) >= 3 or i == len(tokens) - 1


def _fts_query(tokens: Sequence[str], year: int | None = None) -> str:
    # Every token quoted, which keeps words like AND/NEAR literal; the column filter keeps
    # the year column out of title matches.
    terms = [f'key : "{t}"' + ("*" if _is_prefix(tokens, i) else "") for i, t in enumerate(tokens)]
    if year is not None:
        terms.append(f'year : "{year}"')
    return " AND ".join(terms)


def _ts_query(tokens: Sequence[str]) -> str:
    return " & ".join(t + (":*" if _is_prefix(tokens, i) else "") for i, t in enumerate(tokens))


# Rows of the order index checked before collecting every match instead (PostgreSQL).
_WALK = 3_000


def _pg_top(columns: str, table: str, order: str, where: str, select: str = "*") -> str:
    """SQL for the first matches in `order`, with bounded work whatever the words.

    Walking the order index and checking each row is quick for common words and a full
    scan for rare ones; collecting every match from the GIN index is the reverse, and the
    planner misjudges how common a prefix is. So both, bounded: check the first _WALK rows
    in order (they are the most popular, so their matches are the true top); only when
    that finds fewer than the limit, collect every match, which is then a rare word.
    Parameters: the tsquery and `where`'s twice, then the limit three times.
    """
    match = f"tsv @@ to_tsquery('simple', %s){where}"
    return (
        f"WITH walk AS (SELECT {columns} FROM (SELECT * FROM {table} "  # noqa: S608
        f"ORDER BY {order} LIMIT {_WALK}) w WHERE {match} ORDER BY {order} LIMIT %s), "
        f"rest AS MATERIALIZED (SELECT {columns} FROM {table} WHERE {match} "
        f"AND (SELECT count(*) FROM walk) < %s) "
        f"SELECT {select} FROM (SELECT * FROM walk UNION SELECT * FROM rest) t "
        f"ORDER BY {order} LIMIT %s"
    )


def _in(values: Sequence[object]) -> str:
    return ", ".join(["%s"] * len(values))


# -- schema (migrations call these) ----------------------------------------------


def schema_create(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [
            # The year is a column of its own so "dune 1984" is an intersection of two
            # posting lists, not a scan of every "dune*" filtered afterwards; prefix
            # indexes down to one character keep initials ("catherine m sadler") cheap.
            "CREATE VIRTUAL TABLE search_title_fts USING fts5(key, year, prefix='1 2 3')",
            "CREATE VIRTUAL TABLE search_person_fts USING fts5(key, prefix='1 2 3')",
        ]
    if vendor == "postgresql":
        return [
            # Stored, not an expression index: when the planner walks the rank index
            # and checks each row, parsing the key every time cost 3-4x more.
            "ALTER TABLE search_titleentry ADD COLUMN tsv tsvector "
            "GENERATED ALWAYS AS (to_tsvector('simple', key)) STORED",
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
    *, removed: Iterable[int], added: Sequence[tuple[int, str, int | None]]
) -> None:
    """Remove the films ranked `removed` and add (rank, key, year) rows (SQLite only)."""
    if not _sqlite():
        return  # PostgreSQL's generated tsv column follows search_titleentry by itself
    with connection.cursor() as cursor:
        cursor.executemany("DELETE FROM search_title_fts WHERE rowid = %s", [(r,) for r in removed])
        cursor.executemany(
            "INSERT INTO search_title_fts (rowid, key, year) VALUES (%s, %s, %s)", added
        )


def people_fts_write(*, removed: Iterable[int], added: Sequence[tuple[int, str]]) -> None:
    if not _sqlite():
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            "DELETE FROM search_person_fts WHERE rowid = %s", [(r,) for r in removed]
        )
        cursor.executemany("INSERT INTO search_person_fts (rowid, key) VALUES (%s, %s)", added)


def fts_clear() -> None:
    if _sqlite():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_title_fts")
            cursor.execute("DELETE FROM search_person_fts")


# -- reads -------------------------------------------------------------------------

Hit = tuple[int, str, int]  # movie id, key, rank


def titles_exact(key: str, year: int | None, limit: int) -> list[Hit]:
    """Films whose whole title key is `key`: an index lookup, however large the catalogue."""
    sql = "SELECT movie_id, key, rank FROM search_titleentry WHERE key = %s"
    params: list[Any] = [key]
    if year is not None:
        sql += " AND year = %s"
        params.append(year)
    with connection.cursor() as cursor:
        cursor.execute(sql + " ORDER BY rank LIMIT %s", [*params, limit])
        return list(cursor.fetchall())


def titles_matching(tokens: Sequence[str], year: int | None, limit: int) -> list[Hit]:
    """Films with a word starting with each token, most popular first."""
    params: list[Any]
    if _sqlite():
        # CROSS JOIN keeps the FTS table outermost, so its row-id order is the result order
        # and LIMIT ends the scan early.
        sql = (
            "SELECT e.movie_id, e.key, e.rank FROM search_title_fts f "
            "CROSS JOIN search_titleentry e ON e.rank = f.rowid "
            "WHERE search_title_fts MATCH %s ORDER BY f.rowid LIMIT %s"
        )
        params = [_fts_query(tokens, year), limit]
    else:
        match: list[Any] = [_ts_query(tokens)]
        where = ""
        if year is not None:
            where = " AND year = %s"
            match.append(year)
        sql = _pg_top("movie_id, key, rank", "search_titleentry", "rank", where)
        params = [*match, limit, *match, limit, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def titles_by_prefix(prefix: str, limit: int) -> list[Hit] | None:
    """The precomputed most popular films for a short prefix; None when it is too long."""
    if len(prefix) > PREFIX_MAX:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.movie_id, e.key, p.rank FROM search_prefix p "
            "JOIN search_titleentry e ON e.movie_id = p.movie_id "
            "WHERE p.prefix = %s ORDER BY p.rank LIMIT %s",
            [prefix, limit],
        )
        return list(cursor.fetchall())


def people_matching(key: str, tokens: Sequence[str], limit: int) -> list[int]:
    """People named exactly `key` first, then those with a word starting with each token.

    People have no popularity; ids follow IMDb's nm numbers, which are roughly the order
    in which people became known, so the lowest ids come first.
    """
    match_params: list[Any]
    if _sqlite():
        match = (
            "SELECT rowid AS id FROM search_person_fts WHERE search_person_fts MATCH %s "
            "ORDER BY rowid LIMIT %s"
        )
        match_params = [_fts_query(tokens), limit]
    else:
        match = _pg_top("person_id", "search_personentry", "person_id", "", "person_id AS id")
        query = _ts_query(tokens)
        match_params = [query, limit, query, limit, limit]
    sql = (
        "SELECT 0, x.id FROM (SELECT person_id AS id FROM search_personentry "  # noqa: S608
        "WHERE key = %s ORDER BY person_id LIMIT %s) x "
        f"UNION ALL SELECT 1, m.id FROM ({match}) m"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [key, limit, *match_params])
        rows = sorted(cursor.fetchall())
    seen: dict[int, None] = {}
    for _, pk in rows:
        seen.setdefault(pk, None)
    return list(seen)[:limit]


def words_like(tokens: Sequence[str], extra: Sequence[str]) -> set[str]:
    """Known words among `extra`, and the words a typo in each token could have meant.

    Candidates share the token's first letter and are within two letters of its length,
    the same shape query.closest_words accepts, read from a b-tree index on both engines.
    (A pg_trgm index here was measured as a loss: PostgreSQL chose it even for the exact
    `word IN (...)` lookups, 13 ms instead of 0.1, and the ratio check in Python is
    needed anyway for equal results on both engines.)
    """
    shaped = [t for t in tokens if len(t) >= 3]
    if not shaped and not extra:
        return set()
    parts: list[str] = []
    params: list[Any] = []
    if extra:
        parts.append(f"SELECT word FROM search_word WHERE word IN ({_in(extra)})")  # noqa: S608
        params.extend(extra)
    for token in shaped:
        parts.append("SELECT word FROM search_word WHERE initial = %s AND length BETWEEN %s AND %s")
        params.extend([token[0], len(token) - 2, len(token) + 2])
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return {word for (word,) in cursor.fetchall()}
