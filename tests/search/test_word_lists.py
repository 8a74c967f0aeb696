"""The word lists (WordTop) answer "the most popular films with any of these words" as
the full-text index does, through a first build, single edits and a rebuild."""

from __future__ import annotations

import random

import pytest
from django.db import connection

from tests.factories import movies_insert_raw
from whatsafter.catalog.models import Movie
from whatsafter.search import bulk, index, pg_top
from whatsafter.search.models import WordTop
from whatsafter.search.services import search_index_refresh

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _lists_on_sqlite_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite does not keep the lists (index.WORD_LISTS_ON_SQLITE); checked there too."""
    monkeypatch.setattr(index, "WORD_LISTS_ON_SQLITE", True)


WORDS = ["night", "nights", "knight", "girl", "star", "stars", "wars", "paris", "zed", "of"]
# (groups, limit): each group a query word; a prefix unless short and not last.
ASKED = [
    ([["night"], ["girl"]], 5),
    ([["nig"], ["zed"]], 8),
    ([["star"], ["paris"], ["kni"]], 5),
    ([["of"], ["wars"]], 6),
    ([["zed"]], 5),
    ([["nomatch"], ["girl"]], 4),
    ([["nomatch"]], 5),
    ([["nig"]], 9),
    ([["star", "stars"]], 7),  # a word with another spelling: that one whole
]


def _catalogue(n: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    rows = [
        (
            f"w{i}",
            " ".join(rng.choices(WORDS, k=rng.randint(1, 3))).title(),
            rng.random() * 40,
            1995,
        )
        for i in range(n)
    ]
    movies_insert_raw(rows)
    search_index_refresh()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_titleentry, search_word, search_wordtop")


def _brute_force(groups: list[list[str]], limit: int) -> list[int]:
    """Every index row's words checked here, the most popular `limit` kept."""
    rows = bulk.fetch("SELECT movie_id, key, other, rank FROM search_titleentry", [])
    found = []
    for pk, key, other, rank in rows:
        words = bulk.entry_words(f"{key} {other}")
        for i, group in enumerate(groups):
            prefix = pg_top.is_prefix(groups, i)
            if any(w.startswith(group[0]) if prefix else w == group[0] for w in words):
                found.append((rank, pk))
                break
    return [pk for _, pk in sorted(found)[:limit]]


def _both(groups: list[list[str]], limit: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Any of the words; and for one word (the same question), every word matched."""
    for any_word in (True, False) if len(groups) == 1 else (True,):
        listed = index.titles_matching(groups, None, limit, any_word=any_word)
        with monkeypatch.context() as patched:
            patched.setattr(index, "WORD_TOP_LIMIT", 0)  # the full-text index's answer
            planned = index.titles_matching(groups, None, limit, any_word=any_word)
        assert listed == planned
        assert [hit[0] for hit in listed] == _brute_force(groups, limit)


@pytest.mark.parametrize(("groups", "limit"), ASKED)
def test_word_lists_answer_as_the_full_text_index(
    monkeypatch: pytest.MonkeyPatch, groups: list[list[str]], limit: int
) -> None:
    monkeypatch.setattr(index, "WORD_TOP_KEEP", 12)  # lists shorter than most words' films
    _catalogue(400)
    assert WordTop.objects.values("word").distinct().count() == len({w for w in WORDS})
    assert max(WordTop.objects.filter(word=w).count() for w in WORDS) == index.WORD_TOP_KEEP
    _both(groups, limit, monkeypatch)


def test_word_lists_follow_single_edits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Films added, made more popular, retitled and deleted one by one (each list
    trimmed back to its top, a film gone leaving it one shorter): the answers stay those
    of the full-text index while fewer than KEEP - LIMIT films have left a list."""
    monkeypatch.setattr(index, "WORD_TOP_KEEP", 14)
    monkeypatch.setattr(index, "WORD_TOP_LIMIT", 8)
    _catalogue(300)
    films = list(Movie.objects.order_by("id"))
    films[0].popularity = 500.0
    films[0].save()
    films[1].title = "Zed Paris Girl"
    films[1].save()
    films[2].delete()
    films[3].delete()
    Movie.objects.create(slug="new-1", title="Knights Of Stars", popularity=300.0, year=2001)
    search_index_refresh()
    for groups, limit in ASKED:
        _both(groups, min(limit, 8), monkeypatch)


def test_a_full_rebuild_writes_the_same_lists_as_single_edits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(index, "WORD_TOP_KEEP", 10)
    _catalogue(120)
    Movie.objects.create(slug="new-2", title="Night Of The Zed", popularity=45.0, year=2001)
    search_index_refresh()
    edited = set(WordTop.objects.values_list("word", "rank", "movie_id"))
    search_index_refresh(full=True)
    assert set(WordTop.objects.values_list("word", "rank", "movie_id")) == edited


def test_sqlite_keeps_no_lists_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite answers from FTS5 (as fast there) and writes no lists; PostgreSQL keeps them."""
    monkeypatch.setattr(index, "WORD_LISTS_ON_SQLITE", False)
    _catalogue(50)
    kept = connection.vendor == "postgresql"
    assert WordTop.objects.exists() == kept
    assert index.word_lists_answer([["night"]], False, None, 10) == kept
