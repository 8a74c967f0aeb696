"""PostgreSQL's "most popular matches": every plan returns the same rows, and the plan
chosen from the word counts is the cheap one for rare, common and mixed words."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.search.catalogue import common_words_catalogue, sql_rows
from whatsafter.search import pg_top
from whatsafter.search.pg_top import Plan

# -- the choice (pure) -------------------------------------------------------------


def test_rare_words_are_collected_without_walking() -> None:
    plan = pg_top.choose(1_000_000, [40.0], 100, any_word=False, year=False)
    assert plan.walk == 0


def test_common_words_walk_the_rank_index_a_bounded_way() -> None:
    plan = pg_top.choose(1_000_000, [300_000.0], 100, any_word=False, year=False)
    # about 333 rows should hold 100 matches; the walk may check a few times that, or
    # as many as the old fixed rule
    assert 333 < plan.walk <= max(334 * pg_top.WALK_SLACK, pg_top.DEFAULT_WALK)
    plan = pg_top.choose(1_000_000, [50_000.0], 100, any_word=False, year=False)
    assert plan.walk == 2000 * pg_top.WALK_SLACK


def test_common_words_that_are_rare_together_are_collected() -> None:
    plan = pg_top.choose(1_000_000, [20_000.0, 15_000.0], 100, any_word=False, year=False)
    assert plan.walk == 0 and plan.indexed == [0, 1]


def test_a_one_letter_prefix_is_checked_on_the_rows_not_read_from_the_index() -> None:
    plan = pg_top.choose(2_000_000, [300.0, 400_000.0], 50, any_word=False, year=False)
    assert plan.walk == 0 and plan.indexed == [0]


def test_a_year_makes_a_walk_less_likely() -> None:
    counts = [10_000.0]
    assert pg_top.choose(1_000_000, counts, 100, any_word=False, year=False).walk > 0
    assert pg_top.choose(1_000_000, counts, 100, any_word=False, year=True).walk == 0


def test_any_word_adds_the_words_up() -> None:
    alone = pg_top.choose(1_000_000, [1_000.0], 100, any_word=True, year=False)
    together = pg_top.choose(1_000_000, [1_000.0] * 5, 100, any_word=True, year=False)
    assert alone.walk == 0 and together.walk > 0


def test_an_unanalysed_table_falls_back_to_the_fixed_rule() -> None:
    plan = pg_top.choose(0, [10.0, 5.0], 20, any_word=False, year=False)
    assert plan == Plan(walk=pg_top.DEFAULT_WALK, indexed=[0, 1])


def test_a_word_that_another_implies_tells_nothing_more() -> None:
    assert pg_top._implied([["william"], ["williams"]], 0)
    assert not pg_top._implied([["william"], ["williams"]], 1)
    assert pg_top._implied([["of"], ["of"]], 0) != pg_top._implied([["of"], ["of"]], 1)
    # "of" (a whole word) is implied by nothing; "of:*" (the last word) by "of"
    assert not pg_top._implied([["of"], ["x"], ["of"]], 0)
    assert pg_top._implied([["of"], ["x"], ["of"]], 2)
    assert not pg_top._implied([["star", "stars"], ["gold"]], 0)


# -- the rows (PostgreSQL) ----------------------------------------------------------

WORDS = ["girl", "girls", "gold", "night", "of", "p", "paris", "star", "stars", "zed"]
WEIGHTS = [30, 3, 5, 20, 60, 8, 4, 25, 2, 1]


def _catalogue(n: int) -> None:
    """n films whose titles mix common and rare words, with random popularity."""
    common_words_catalogue(n, WORDS, WEIGHTS, seed=13, most_words=4, top_popularity=100, years=30)


QUERIES = [
    ([["girl"]], False, None),
    ([["zed"]], False, None),
    ([["of"], ["girl"]], False, None),
    ([["star"], ["p"]], False, None),
    ([["night"], ["of"], ["paris"]], False, None),
    ([["star"], ["stars"]], False, None),
    ([["of"], ["night"], ["of"]], False, None),
    ([["gold"], ["star", "stars"]], False, None),
    ([["girl"], ["zed"]], True, None),
    ([["night"]], False, 1995),
    ([["nomatch"]], False, None),
]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")
@pytest.mark.parametrize(("groups", "any_word", "year"), QUERIES)
def test_every_plan_returns_the_most_popular_matches(
    groups: list[list[str]], any_word: bool, year: int | None
) -> None:
    _catalogue(600)
    terms = pg_top.ts_terms(groups)
    by_year = " AND year = %s" if year is not None else ""
    expected = sql_rows(
        f"SELECT movie_id, rank FROM search_titleentry WHERE tsv @@ to_tsquery('simple', %s)"  # noqa: S608
        f"{by_year} ORDER BY rank LIMIT 20",
        [(" | " if any_word else " & ").join(terms), *([year] if year else [])],
    )
    everything = list(range(len(groups)))
    plans = [None, *(Plan(walk, everything) for walk in (0, 5, 40, 10_000))]
    plans += [Plan(0, [i]) for i in everything] + [Plan(7, [len(groups) - 1])]
    for plan in plans:
        sql, params = pg_top.top(
            groups,
            table="search_titleentry",
            vocabulary="search_word",
            columns="movie_id, rank",
            limit=20,
            any_word=any_word,
            year=year,
            plan=plan,
        )
        assert sql_rows(sql, params) == expected, plan
    assert expected or groups == [["nomatch"]]
