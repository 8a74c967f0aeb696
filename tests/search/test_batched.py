"""Several lookups in one statement answer as each alone would, and the most popular
films with a common title are read from an index in rank order, not collected and sorted.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import PersonFactory
from tests.search.catalogue import common_words_catalogue, sql_rows
from whatsafter.catalog.models import Movie
from whatsafter.search import index, pg_top
from whatsafter.search.selectors import people_search, search
from whatsafter.search.services import search_index_refresh

pytestmark = pytest.mark.django_db

WORDS = ["of", "girl", "night", "star", "wars", "paris", "zed", "the"]
WEIGHTS = [40, 20, 10, 10, 5, 5, 1, 9]


def _catalogue(n: int) -> None:
    """n films of one to three common words (many share a title), random popularity."""
    common_words_catalogue(n, WORDS, WEIGHTS, seed=5, most_words=3, top_popularity=50, years=7)


def _most_popular_exact(key: str, form: str, year: int | None, limit: int) -> set[int]:
    """The answer by brute force: every film with the key or the form, sorted here."""
    by_year = " AND e.year = %s" if year is not None else ""
    years = [year] if year is not None else []
    with_key = sql_rows(
        f"SELECT e.movie_id, e.rank FROM search_titleentry e WHERE e.key = %s{by_year}",  # noqa: S608
        [key, *years],
    )
    with_form = sql_rows(
        "SELECT e.movie_id, e.rank FROM search_titleform f JOIN search_titleentry e "  # noqa: S608
        f"ON e.movie_id = f.movie_id WHERE f.form = %s{by_year}",
        [form, *years],
    )
    first = sorted(with_key, key=lambda r: r[1])[:limit]
    return {pk for pk, _ in first + sorted(with_form, key=lambda r: r[1])[:limit]}


@pytest.mark.parametrize(
    ("key", "form", "year", "limit"),
    [
        ("of", "of", None, 5),
        ("of", "of", None, 50),
        ("of", "of", 1993, 5),
        ("girl of", "girlof", None, 5),
        ("night", "night", 1990, 20),
        ("zed zed zed", "zedzedzed", None, 5),
        ("nomatch", "nomatch", None, 5),
    ],
)
def test_exact_titles_are_the_most_popular_films_with_that_title(
    key: str, form: str, year: int | None, limit: int
) -> None:
    _catalogue(400)
    hits = index.titles_exact(key, form, year, limit)
    assert {hit[0] for hit in hits} == _most_popular_exact(key, form, year, limit)
    assert len(hits) == len({hit[0] for hit in hits})  # one row per film


def test_a_form_keeps_its_films_rank_and_year_through_edits() -> None:
    """TitleForm.rank and .year are copies of the title entry's: every refresh that
    moves a film's popularity or year rewrites its forms too."""
    _catalogue(60)
    film = Movie.objects.order_by("id").first()
    assert film is not None
    Movie.objects.filter(pk=film.pk).update(popularity=999.0, year=2001)
    search_index_refresh(movie_ids=[film.pk])
    stale = sql_rows(
        "SELECT f.movie_id FROM search_titleform f JOIN search_titleentry e "
        "ON e.movie_id = f.movie_id WHERE f.rank <> e.rank OR f.year IS DISTINCT FROM e.year",
        [],
    )
    assert stale == []
    (key,) = sql_rows("SELECT key FROM search_titleentry WHERE movie_id = %s", [film.pk])[0]
    assert [hit[0] for hit in index.titles_exact(key, key.replace(" ", ""), None, 1)] == [film.pk]


def test_lookups_asked_together_answer_as_each_alone() -> None:
    _catalogue(300)
    exact = [("of", "of"), ("star wars", "starwars"), ("nomatch", "nomatch")]
    matching: list[tuple[list[list[str]], bool, int]] = [
        ([["girl"]], False, 10),
        ([["night"], ["of"]], False, 7),
        ([["paris"], ["zed"]], True, 10),
        ([["nomatch"]], False, 10),
    ]
    together = index.find(
        index.Lookups(
            limit=5,
            exact=exact,
            matching=matching,
            prefix="st",
            people_limit=5,
            people_exact=["nobody"],
            people_matching=[["no"], ["zz"]],
        )
    )
    assert together.exact == [index.titles_exact(k, f, None, 5) for k, f in exact]
    assert together.matched == [
        index.titles_matching(g, None, n, any_word=a) for g, a, n in matching
    ]
    assert together.listed == index.titles_by_prefix("st", 5)
    assert any(together.matched) and any(together.exact) and together.listed
    assert together.people_exact == [[]] and together.people_matched == [[], []]


def test_a_corrected_search_asks_a_bounded_number_of_statements() -> None:
    """Every reading of a typo is asked in the same two statements (their exact titles,
    then their matches; a third when the first two readings name no film), and the
    names' readings likewise, so the count does not grow with the readings tried (up to
    8 for the title, 4 for a name: 20-30 before)."""
    _catalogue(300)
    search("gril of nihgt", limit=20)  # fills PostgreSQL's per-process word counts
    with CaptureQueriesContext(connection) as captured:
        results = search("gril of nihgt", limit=20)
    assert results.corrected
    # people and films as typed (one statement), the title and name words (one), the
    # readings' exact titles and names (one), their matches (one), the film cards, the
    # companies
    assert len(captured.captured_queries) == 6, [q["sql"][:80] for q in captured.captured_queries]


def test_a_name_corrected_along_with_a_title_finds_whom_it_finds_alone() -> None:
    """search() asks a misspelt name's readings in the title correction's statements; the
    people found are those people_search finds asking them on its own."""
    _catalogue(300)
    PersonFactory(name="Night Girl")
    PersonFactory(name="Nigel Girling")
    results = search("nihgt gril", limit=20)
    assert results.corrected  # the title was corrected, so the name was too
    alone = people_search("nihgt gril", limit=20)
    assert [p.pk for p in results.people] == [p.pk for p in alone]
    assert alone and alone[0].name == "Night Girl"


def test_counts_cache_emptied_mid_read_reads_every_word_again(monkeypatch) -> None:
    """A full cache is emptied before the missing counts are read; the counts already
    cached for the same query went with it and are read again, not looked up in vain."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's plan counts")
    _catalogue(50)
    pg_top._counts([["girl"]], "search_word", "search_titleentry")
    monkeypatch.setattr(pg_top, "CACHE_SIZE", 1)
    total, counts = pg_top._counts([["girl"], ["night"]], "search_word", "search_titleentry")
    assert total > 0 and counts[0] > 0 and counts[1] > 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")
def test_a_common_form_is_read_in_rank_order_from_its_index() -> None:
    """The form lookup walks (form, rank) and stops after `limit` rows: no sort of every
    film with the form (6,595 films for "of" at a million titles, 109-260 ms)."""
    _catalogue(3000)
    sql, params = index._exact_parts("of", "of", None, 5)[1]
    plan = "\n".join(r[0] for r in sql_rows("EXPLAIN (ANALYZE, COSTS OFF) " + sql, params))
    assert "search_titleform_rank_idx" in plan, plan
    assert "Sort" not in plan, plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan counts")
def test_a_typo_reads_the_word_counts_of_its_readings_with_their_exact_titles() -> None:
    """The counts the readings' matches are planned from come in the statement that asks
    the readings' exact titles (titles and names alike): only the words as typed need a
    statement of their own, before the first lookup."""
    _catalogue(300)
    pg_top.counts_forget()
    with CaptureQueriesContext(connection) as captured:
        assert search("gril of nihgt", limit=20).corrected
    alone = [q for q in captured.captured_queries if q["sql"].startswith("SELECT (SELECT")]
    assert len(alone) == 1, [q["sql"][:80] for q in alone]
