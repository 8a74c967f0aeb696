"""The search vocabulary: the words a typo could have meant, read from the word tables.

Split from index.py (which reads the films' and people's index): these lookups serve the
typo readings (corrections.py), and ask both engines the same plain SQL over b-tree
indexes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection


def words_like(
    tokens: Sequence[str], extra: Sequence[str], sounds: Sequence[str], table: str = "search_word"
) -> dict[str, int]:
    """Known words among `extra`, the words a typo in each token could have meant, and the
    words that sound like one of `sounds` (metaphone keys).

    Typo candidates share the token's first letter and are within two letters of its
    length, the shape query.closest_words accepts, read from a b-tree index on both
    engines; sound-alikes cover a wrong first letter ("fone"). (A pg_trgm index here was
    measured as a loss: PostgreSQL chose it even for the exact `word IN (...)` lookups,
    13 ms instead of 0.1, and the ratio check in Python is needed anyway for equal
    results on both engines.)
    """
    return words_like_many([(tokens, extra, sounds, table)])[0]


def words_like_many(
    asks: Sequence[tuple[Sequence[str], Sequence[str], Sequence[str], str]],
) -> list[dict[str, int]]:
    """`words_like` for several (tokens, extra, sounds, table), in one statement."""
    sqlite = connection.vendor == "sqlite"
    selects: list[str] = []
    params: list[Any] = []
    for i, (tokens, extra, sounds, table) in enumerate(asks):
        shaped = [t for t in tokens if len(t) >= 3]
        if not shaped and not extra:
            continue
        # One WHERE of ORed conditions, each an index lookup (PostgreSQL: a BitmapOr),
        # rather than a UNION ALL of them: PostgreSQL ran that union as a Parallel Append,
        # and starting its workers cost 15-20 ms of a query whose scans took under 1 ms.
        # (One branch per table, two at most, plans without workers.)
        conditions: list[str] = []
        for column, values in (("word", extra), ("sound", sounds)):
            if not values:
                continue
            if sqlite:
                conditions.append(f"{column} IN ({', '.join(['%s'] * len(values))})")
                params.extend(values)
            else:
                # One array parameter rather than hundreds of %s: psycopg binds them on
                # the client, and splitting and quoting 300-800 markers per typo query
                # cost milliseconds. The index is used the same (= ANY is a BitmapOr arm).
                conditions.append(f"{column} = ANY(%s)")
                params.append(list(values))
        for token in shaped:
            conditions.append("(initial = %s AND length BETWEEN %s AND %s)")
            params.extend([token[0], len(token) - 2, len(token) + 2])
        selects.append(
            f"SELECT {i}, word, films FROM {table} WHERE {' OR '.join(conditions)}"  # noqa: S608
        )
    found: list[dict[str, int]] = [{} for _ in asks]
    if selects:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(selects), params)
            for i, word, films in cursor.fetchall():
                found[i][word] = films
    return found
