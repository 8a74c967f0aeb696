"""The prefix lists a full rebuild writes: for each prefix, the PREFIX_KEEP most popular
films listed under it. The rebuild skips a word run once its longest prefix is full; the
lists must be the ones taking every prefix of every film gives."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.factories import MovieFactory
from whatsafter.search import index
from whatsafter.search.services import prefix_lists_rebuild, search_index_refresh

pytestmark = pytest.mark.django_db

WORDS = ["star", "wars", "starship", "trek", "stardust", "war", "games", "the", "st", "s"]


def _every_prefix_taken(keep: int) -> set[tuple[str, int, int]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT movie_id, key, rank FROM search_titleentry ORDER BY rank")
        films = cursor.fetchall()
    counts: dict[str, int] = {}
    rows = set()
    for pk, key, rank in films:
        for prefix in index.prefixes(key):
            if counts.get(prefix, 0) < keep:
                counts[prefix] = counts.get(prefix, 0) + 1
                rows.add((prefix, rank, pk))
    return rows


def _lists() -> set[tuple[str, int, int]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT prefix, rank, movie_id FROM search_prefix")
        return set(cursor.fetchall())


@pytest.mark.parametrize("keep", [2, 3, index.PREFIX_KEEP])
def test_the_rebuilt_lists_are_every_prefix_of_the_most_popular_films(
    monkeypatch: pytest.MonkeyPatch, keep: int
) -> None:
    # Titles of common words in many orders, so lists fill and runs overlap.
    for n in range(60):
        words = [WORDS[(n * 7 + i * 3) % len(WORDS)] for i in range(1 + n % 4)]
        MovieFactory(title=" ".join(words).title() + f" {n % 5}", popularity=(n * 37) % 11)
    search_index_refresh()
    monkeypatch.setattr(index, "PREFIX_KEEP", keep)
    prefix_lists_rebuild()
    expected = _every_prefix_taken(keep)
    assert _lists() == expected
    full = {p for p, _, _ in expected if sum(1 for q, _, _ in expected if q == p) == keep}
    assert {"s", "st", "sta", "star"} <= full  # the skipped runs were there to skip
