"""What the tests of search's set-based reads share (test_batched, test_pg_top): a catalogue
whose titles are drawn from a few common words, and raw SQL to check the answers against."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from django.db import connection

from tests.factories import movies_insert_raw
from whatsafter.search.services import search_index_refresh


def common_words_catalogue(
    n: int,
    words: Sequence[str],
    weights: Sequence[int],
    *,
    seed: int,
    most_words: int,
    top_popularity: float,
    years: int,
) -> None:
    """n films titled with one to `most_words` of `words` drawn by `weights` (so many share a
    title), random popularity, over `years` years from 1990; indexed, and on PostgreSQL
    analysed so that plans see the real word counts."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        title = " ".join(rng.choices(words, weights, k=rng.randint(1, most_words))).title()
        rows.append((f"f{i}", title, rng.random() * top_popularity, 1990 + i % years))
    movies_insert_raw(rows)
    search_index_refresh()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_titleentry, search_titleform, search_word")


def sql_rows(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())
