"""A typo's readings are asked a few at a time and stop at the first whole title: the
same readings and exact titles as asking every reading at once, in fewer lookups; and
closest_words gives the same words however its vocabulary is handed to it."""

from __future__ import annotations

import itertools
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import movies_insert_raw
from whatsafter.search import corrections, index, ranking, selectors, vocabulary
from whatsafter.search import query as parsing
from whatsafter.search.services import search_index_refresh

pytestmark = pytest.mark.django_db

WORDS = ["of", "girl", "night", "star", "wars", "paris", "zed", "the", "hole", "whole", "nine"]


def _catalogue(n: int, seed: int = 7) -> None:
    """n films of one to three of WORDS (many share a title), random popularity, and a
    few whose titles the queries below misspell."""
    rng = random.Random(seed)
    rows = [
        (
            f"f{i}",
            " ".join(rng.choices(WORDS, k=rng.randint(1, 3))).title(),
            rng.random() * 50,
            1990 + i % 7,
        )
        for i in range(n)
    ]
    rows += [
        ("named-1", "Night Girl", 3.0, 2001),
        ("named-2", "The Whole Nine Yards", 9.0, 2000),
        ("named-3", "Paris Star Wars", 1.0, 1999),
    ]
    movies_insert_raw(rows)
    search_index_refresh()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_titleentry, search_titleform, search_word")


def _all_at_once(
    tokens: list[str], year: int | None, limit: int
) -> tuple[list[list[str]], list[list[index.Hit]]]:
    """What the search did before: every reading (up to READINGS) and its exact titles,
    cut after the first reading that is a film's whole title."""
    words, sounds = parsing.vocabulary_wanted(tokens)
    counts = vocabulary.words_like(tokens, words, sounds)
    tried = list(
        itertools.islice(parsing.readings(tokens, set(counts), counts), corrections.READINGS)
    )
    exact = [index.titles_exact(" ".join(r), parsing.compact(r), year, limit) for r in tried]
    for i, (reading, hits) in enumerate(zip(tried, exact, strict=True)):
        if any(ranking.closeness(hit, parsing.compact(reading)) == 0 for hit in hits):
            return tried[: i + 1], exact[: i + 1]
    return tried, exact


QUERIES = [
    ("nihgt gril", None),  # the first reading is a whole title
    ("the hole nine yards", None),  # a real-word typo: a late reading
    ("prais star wras", None),
    ("grl of the nght", 1993),
    ("zedd wars", None),
    ("qqqq xxxx", None),  # no reading at all
]


@pytest.mark.parametrize("first", [1, 2, 8])
@pytest.mark.parametrize(("text", "year"), QUERIES)
def test_readings_asked_a_few_at_a_time_find_what_all_at_once_finds(
    monkeypatch: pytest.MonkeyPatch, first: int, text: str, year: int | None
) -> None:
    _catalogue(300)
    monkeypatch.setattr(corrections, "READINGS_FIRST", first)
    tokens = parsing.parse(text).tokens
    tried, forms, exact = corrections.exact_readings(tokens, year, 20, None, [])
    assert (tried, exact) == _all_at_once(tokens, year, 20)
    assert forms == [parsing.compact(r) for r in tried]


def test_a_typo_whose_first_reading_is_a_title_asks_only_the_first_readings() -> None:
    """ "nihgt gril" reads first as "night girl", a film's whole title: the later
    readings are neither worked out nor asked (two lookups, key and form, a reading)."""
    _catalogue(300)
    tokens = parsing.parse("nihgt gril").tokens
    with CaptureQueriesContext(connection) as captured:
        tried, _, exact = corrections.exact_readings(tokens, None, 20, None, [])
    assert tried == [["night", "girl"]]
    assert any(hit[1] == "night girl" for hit in exact[0])
    asked = [q["sql"] for q in captured.captured_queries if "search_titleform" in q["sql"]]
    assert len(asked) == 1
    assert asked[0].count("FROM search_titleform") == corrections.READINGS_FIRST


def test_readings_past_the_first_few_are_asked_in_one_more_statement() -> None:
    """ "grl of the nght" (1993): no early reading is a whole title, so the rest are
    asked, all in one more statement."""
    _catalogue(300)
    tokens = parsing.parse("grl of the nght").tokens
    with CaptureQueriesContext(connection) as captured:
        tried, _, _ = corrections.exact_readings(tokens, 1993, 20, None, [])
    assert len(tried) > corrections.READINGS_FIRST
    asked = [q["sql"] for q in captured.captured_queries if "search_titleform" in q["sql"]]
    assert [sql.count("FROM search_titleform") for sql in asked] == [
        corrections.READINGS_FIRST,
        len(tried) - corrections.READINGS_FIRST,
    ]


def test_a_real_word_typo_still_finds_the_film() -> None:
    _catalogue(300)
    results = selectors.search("the hole nine yards", limit=10)
    assert results.films and results.films[0].title == "The Whole Nine Yards"


@pytest.mark.parametrize("word", ["nihgt", "gril", "whloe", "hoel", "paris", "starr", "ab", "zzz"])
def test_closest_words_are_the_same_from_words_by_length(word: str) -> None:
    vocabulary = {"night", "nights", "knight", "girl", "grill", "whole", "hole", "holes",
                  "paris", "prison", "star", "stars", "stair", "zed", "ab", "abc"}  # fmt: skip
    common = {w: len(w) for w in vocabulary}
    lengths = parsing.by_length(vocabulary)
    found = parsing.closest_words(word, vocabulary, 3, common)
    assert parsing.closest_words(word, (), 3, common, lengths=lengths) == found
    assert parsing.closest_words(word, sorted(vocabulary, reverse=True), 3, common) == found
    assert word not in found
