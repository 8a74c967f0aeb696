"""The cross-source merge: which rows become one film, and which are kept apart."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from whatsafter.catalog.services import movie_slug_base, person_slug_base, slug_mint
from whatsafter.ingest import mapping
from whatsafter.ingest.readers.tmdb_csv import TmdbMovie
from whatsafter.ingest.readers.vega import VegaMovie
from whatsafter.ingest.readers.wikipedia import WikiMovie
from whatsafter.ingest.rows import Row
from whatsafter.normalise import clean_person_name, title_key


def tmdb(
    tmdb_id: int, title: str, year: int, keywords: frozenset[int] = frozenset()
) -> mapping.MovieDraft:
    return mapping.movie_from_tmdb(
        TmdbMovie(
            tmdb_id=tmdb_id, title=title, original_title=title, original_language="en",
            release_date=dt.date(year, 6, 1), runtime=100, overview="", tagline="", homepage="",
            genres=("Drama",), keyword_ids=keywords, companies=(), vote_average=7.0,
            vote_count=10, popularity=1.0,
        )
    )  # fmt: skip


def wiki(title: str, year: int, cast: tuple[str, ...] = ("A Person",)) -> Row[WikiMovie]:
    movie = WikiMovie(
        title=title, year=year, cast=cast, genres=("Romance",), page=title.replace(" ", "_"),
        extract="Intro.", thumbnail="https://upload.wikimedia.org/x.jpg", dropped_cast=0,
    )  # fmt: skip
    return Row("w.jsonl", 1, movie)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The Avengers", "Avengers, The"),
        ("Amélie", "amelie"),
        ("WALL·E", "Wall-E"),
        ("Fast & Furious", "Fast and Furious"),
        ("Se7en!", "se7en"),
    ],
)
def test_titles_that_differ_only_in_form_share_a_key(a: str, b: str) -> None:
    assert title_key(a) == title_key(b)


def test_titles_that_differ_in_words_or_numbers_do_not() -> None:
    assert title_key("Alien") != title_key("Aliens")
    assert title_key("Rocky II") != title_key("Rocky III")


def test_slugs_carry_the_year_and_survive_non_latin_titles() -> None:
    assert movie_slug_base("Never Let Me Go", 2010) == "never-let-me-go-2010"
    assert movie_slug_base("Amélie", None) == "amelie"
    non_latin = movie_slug_base("七人の侍", 1954)
    assert non_latin.startswith("film-") and non_latin.endswith("-1954")
    assert non_latin == movie_slug_base("七人の侍", 1954)
    assert person_slug_base("Ålice Ærø") == "alice-r"


def test_slug_collisions_get_numbered() -> None:
    taken = {"hamlet-1948"}
    assert slug_mint("hamlet-1948", taken) == "hamlet-1948-2"
    assert slug_mint("hamlet-1948", taken) == "hamlet-1948-3"


def test_scraper_debris_is_not_a_person() -> None:
    assert clean_person_name(")") is None
    assert clean_person_name("  Carey   Mulligan ") == "Carey Mulligan"
    assert clean_person_name(42) is None


def test_tmdb_keywords_become_claims_and_their_absence_is_weak() -> None:
    both = tmdb(
        1,
        "A",
        2012,
        frozenset({mapping.TMDB_DURING_CREDITS_KEYWORD, mapping.TMDB_AFTER_CREDITS_KEYWORD}),
    )
    assert both.keyword_claims == ["during", "after"]
    assert tmdb(2, "B", 2012).keyword_claims == ["none_recorded"]


def test_a_wikipedia_film_merges_into_the_tmdb_film_of_the_same_year() -> None:
    drafts, report = mapping.merge_wikipedia(
        [tmdb(1, "Never Let Me Go", 2010)], [wiki("Never Let Me Go", 2010)]
    )
    assert len(drafts) == 1
    assert drafts[0].cast == ["A Person"]
    assert drafts[0].genres == ["Drama"]  # TMDb's genres are kept
    assert drafts[0].field_sources["cast"] == "wikipedia"
    assert (report.exact_year, report.unmatched) == (1, 0)


def test_a_year_of_slack_is_allowed_when_only_one_film_fits() -> None:
    drafts, report = mapping.merge_wikipedia(
        [tmdb(1, "Blade Runner", 1982)], [wiki("Blade Runner", 1983)]
    )
    assert len(drafts) == 1
    assert report.year_slack == 1


def test_a_remake_is_not_merged_into_the_original() -> None:
    drafts, report = mapping.merge_wikipedia(
        [tmdb(1, "The Avengers", 2012)], [wiki("The Avengers", 1998)]
    )
    assert len(drafts) == 2
    assert drafts[1].tmdb_id is None and drafts[1].year == 1998
    assert report.unmatched == 1


def test_two_candidates_are_refused_rather_than_guessed() -> None:
    candidates = [tmdb(1, "Hamlet", 1995), tmdb(2, "Hamlet", 1997)]
    drafts, report = mapping.merge_wikipedia(candidates, [wiki("Hamlet", 1996)])
    assert len(drafts) == 3
    assert report.ambiguous == 1


def test_an_exact_year_row_wins_over_a_neighbour_year_row() -> None:
    rows = [wiki("Solaris", 2003, ("Wrong",)), wiki("Solaris", 2002, ("Right",))]
    drafts, report = mapping.merge_wikipedia([tmdb(1, "Solaris", 2002)], rows)
    assert drafts[0].cast == ["Right"]
    assert report.already_claimed == 1
    assert report.summary == (
        "1 same year, 0 ±1 year, 0 ambiguous refused, 1 already claimed, 1 unmatched of 2"
    )


def test_titles_spaced_differently_match_in_the_same_year() -> None:
    drafts, report = mapping.merge_wikipedia(
        [tmdb(1, "Alien³", 1992), tmdb(2, "The Taking of Pelham 1 2 3", 2009)],
        [wiki("Alien 3", 1992), wiki("The Taking of Pelham 123", 2009), wiki("Alien 3", 1979)],
    )
    assert (report.exact_year, report.unmatched, len(drafts)) == (2, 1, 3)


def test_an_article_listed_twice_with_the_same_title_and_year_is_one_film() -> None:
    rows = [
        wiki("The Young Victoria", 2009, ("Emily Blunt",)),
        wiki("Beating the Game", 1921),
        wiki("The Young Victoria", 2009, ("Emily Blunt", "Rupert Friend")),
    ]
    drafts, report = mapping.merge_wikipedia([tmdb(1, "The Young Victoria", 2009)], rows)
    assert [d.title for d in drafts] == ["The Young Victoria", "Beating the Game"]
    assert drafts[0].cast == ["Emily Blunt", "Rupert Friend"]  # the longer cast
    assert (report.repeated, report.already_claimed, report.unmatched) == (1, 0, 1)
    assert "1 repeated" in report.summary


def listed(title: str, year: int, article: str) -> Row[WikiMovie]:
    """A Wikipedia row whose list title and article name differ."""
    row = wiki(title, year)
    return Row(row.file, row.line, replace(row.data, page=article))


def test_a_film_listed_under_its_american_title_matches_by_its_article_name() -> None:
    drafts, report = mapping.merge_wikipedia(
        [tmdb(671, "Harry Potter and the Philosopher's Stone", 2001)],
        [
            listed(
                "Harry Potter and the Sorcerer's Stone",
                2001,
                "Harry_Potter_and_the_Philosopher%27s_Stone_(film)",
            )
        ],
    )
    assert len(drafts) == 1
    assert drafts[0].tmdb_id == 671 and drafts[0].cast == ["A Person"]
    assert (report.exact_year, report.by_article, report.unmatched) == (1, 1, 0)
    assert "(1 of them by article name)" in report.summary


def test_an_article_name_never_takes_a_film_a_title_claimed() -> None:
    rows = [
        listed("The Raid: Redemption", 2011, "The_Raid_(2011_film)"),
        wiki("The Raid", 2011, ("Iko Uwais",)),
    ]
    drafts, report = mapping.merge_wikipedia([tmdb(1, "The Raid", 2011)], rows)
    assert [d.title for d in drafts] == ["The Raid", "The Raid: Redemption"]
    assert drafts[0].cast == ["Iko Uwais"]
    assert (report.by_article, report.already_claimed, report.unmatched) == (0, 1, 1)


def test_a_film_matched_by_its_title_is_not_tried_again_by_its_article() -> None:
    rows = [listed("Birdman or (The Unexpected Virtue of Ignorance)", 2014, "Birdman_(film)")]
    candidates = [tmdb(1, "Birdman or (The Unexpected Virtue of Ignorance)", 2014)]
    candidates.append(tmdb(2, "Birdman", 2014))
    drafts, report = mapping.merge_wikipedia(candidates, rows)
    assert len(drafts) == 2 and drafts[0].cast == ["A Person"]
    assert (report.exact_year, report.by_article) == (1, 0)


@pytest.mark.parametrize(
    ("page", "title"),
    [
        ("Birdman_(film)", "Birdman"),
        ("Heat_(1995_film)", "Heat"),
        ("The_Raid_(2011_film)", "The Raid"),
        (
            "Harry_Potter_and_the_Philosopher%27s_Stone_(film)",
            "Harry Potter and the Philosopher's Stone",
        ),
        ("Mad_Max_2", "Mad Max 2"),
        # Brackets that are the title's own stay.
        (
            "Birdman_or_(The_Unexpected_Virtue_of_Ignorance)",
            "Birdman or (The Unexpected Virtue of Ignorance)",
        ),
        ("", ""),
    ],
)
def test_an_article_name_gives_the_title_without_its_film_disambiguation(
    page: str, title: str
) -> None:
    assert mapping.article_title(page) == title


def test_vega_adds_imdb_and_tomatometer_scores() -> None:
    drafts = [tmdb(1, "Never Let Me Go", 2010)]
    movie = VegaMovie("Never Let Me Go", dt.date(2010, 9, 15), 7.3, 252, 62, "R", None)
    report = mapping.attach_vega(drafts, [Row("v.jsonl", 1, movie)])
    scores = {r.source: (r.value, r.scale, r.vote_count, r.normalised) for r in drafts[0].ratings}
    assert scores["imdb"][0:3] == (mapping.Decimal("7.3"), 10, 252)
    assert scores["tomatometer"] == (mapping.Decimal("62"), 100, None, mapping.Decimal("62.0"))
    assert drafts[0].certification == "R"
    assert report.exact_year == 1


def placed(row: Row[WikiMovie], place: int | None) -> Row[WikiMovie]:
    return Row(row.file, row.line, replace(row.data, year_release_order=place))


def test_a_wikipedia_film_brings_its_place_in_the_year_and_a_year_off_match_does_not() -> None:
    drafts, _ = mapping.merge_wikipedia(
        [tmdb(1, "Plane", 2023), tmdb(2, "Blade Runner", 1982)],
        [placed(wiki("Plane", 2023), 4), placed(wiki("Blade Runner", 1983), 7)],
    )
    # 1983's list places nothing among 1982's films.
    assert [d.year_release_order for d in drafts] == [4, None]
    assert drafts[0].field_sources["year_release_order"] == "wikipedia"
    # TMDb's own drafts never claim the field, so its imports leave it as it is.
    assert "year_release_order" not in tmdb(3, "M3GAN", 2023).field_sources
