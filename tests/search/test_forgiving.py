"""Search finds films the way people type them: each class of the relevance set, small."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from tests.factories import (
    CompanyFactory,
    CreditFactory,
    MovieFactory,
    PersonFactory,
    RatingFactory,
    add_company,
)
from whatsafter.catalog.models import AlternativeTitle, Movie
from whatsafter.search import aliases
from whatsafter.search import query as parsing
from whatsafter.search.selectors import film_search, search
from whatsafter.search.services import search_index_refresh


def first(query: str) -> str:
    films, _, _ = film_search(query, limit=5)
    return str(films[0]) if films else ""


@pytest.mark.parametrize(
    ("typed", "same_as"),
    [
        ("kill bill vol 2", "kill bill volume 2"),
        ("kill bill part two", "kill bill 2"),
        ("godfather part ii", "godfather 2"),
        ("doctor strange", "dr strange"),
        ("rocky v", "rocky 5"),
        ("ocean s eleven", "ocean s 11"),
        ("batman v superman", "batman vs superman"),
        ("batman versus superman", "batman vs superman"),
        ("star wars episode i", "star wars 1"),
        ("kill bill vol i", "kill bill 1"),
        ("shrek the third", "shrek the 3"),
        ("captain america the first avenger", "captain america the 1 avenger"),
    ],
)
def test_numbering_and_abbreviations_have_one_canonical_spelling(typed: str, same_as: str) -> None:
    assert parsing.canonical(typed.split()) == parsing.canonical(same_as.split())


def test_a_leading_number_word_or_letter_stays_a_word() -> None:
    assert parsing.canonical(["one", "dark", "night"]) == ["one", "dark", "night"]
    assert parsing.canonical(["x", "men"]) == ["x", "men"]


def test_the_wikipedia_intro_names_the_series_and_other_titles() -> None:
    intro = (
        "The Empire Strikes Back (also known as Star Wars: Episode V - The Empire Strikes "
        "Back) is a 1980 film. It is the second film in the Star Wars film series."
    )
    found = aliases.intro_titles("The Empire Strikes Back", intro)
    assert "Star Wars: Episode V - The Empire Strikes Back" in found
    assert "Star Wars: The Empire Strikes Back" in found


def test_imdb_votes_count_as_popularity_when_there_is_no_tmdb_score() -> None:
    assert aliases.weight_of(0.0, "|0|0|1100000") == 110.0
    assert aliases.weight_of(150.0, "|0|0|10000") == 150.0


@pytest.mark.django_db
def test_joined_split_and_renumbered_titles_find_the_film() -> None:
    MovieFactory(title="Spider-Man", year=2002, popularity=80)
    MovieFactory(title="Superman", year=1978, popularity=40)
    MovieFactory(title="WALL·E", year=2008, popularity=60)
    MovieFactory(title="Rocky II", year=1979, popularity=20)
    MovieFactory(title="Batman Begins", year=2005, popularity=100)
    MovieFactory(title="The Rock", year=1996, popularity=30)
    assert first("spiderman") == "Spider-Man (2002)"
    assert first("walle") == "WALL·E (2008)"
    assert first("rocky 2") == "Rocky II (1979)"
    assert first("rocky part two") == "Rocky II (1979)"
    assert first("bat man begins") == "Batman Begins (2005)"
    assert first("batmn begins") == "Batman Begins (2005)"
    assert first("therock") == "The Rock (1996)"


@pytest.mark.django_db
def test_a_real_word_misspelling_or_one_wrong_word_still_finds_the_film() -> None:
    MovieFactory(title="The Whole Nine Yards", year=2000, popularity=23)
    MovieFactory(title="The Dark Knight", year=2008, popularity=187)
    MovieFactory(title="One Dark Night", year=1983, popularity=0.5)
    MovieFactory(title="Harry Potter and the Goblet of Fire", year=2005, popularity=100)
    assert first("the hole nine yards") == "The Whole Nine Yards (2000)"
    assert first("the dark night") == "The Dark Knight (2008)"
    assert first("larry potter and the goblet of fire") == (
        "Harry Potter and the Goblet of Fire (2005)"
    )


@pytest.mark.django_db
def test_other_titles_and_the_series_find_the_film_and_follow_the_catalogue() -> None:
    empire = MovieFactory(
        title="The Empire Strikes Back",
        year=1980,
        popularity=78,
        wikipedia_extract="It is the second film in the Star Wars film series.",
    )
    MovieFactory(title="Star Wars", year=1977, popularity=126)
    amelie = MovieFactory(title="Amélie", year=2001, popularity=70)
    assert first("star wars empire") == "The Empire Strikes Back (1980)"
    assert first("fabuleux destin") == ""
    AlternativeTitle.objects.create(
        movie=amelie, title="Le Fabuleux Destin d'Amélie Poulain", region="FR", source="imdb"
    )
    search_index_refresh()  # importers call it at their end
    assert first("fabuleux destin") == "Amélie (2001)"
    assert first("le fabuleux destin d amelie poulain") == "Amélie (2001)"
    AlternativeTitle.objects.filter(movie=amelie).delete()
    search_index_refresh()
    assert first("fabuleux destin") == ""
    assert empire.pk


@pytest.mark.django_db
def test_a_famous_film_beats_an_obscure_one_of_the_same_title() -> None:
    MovieFactory(title="Iron Man", year=1931, popularity=0)
    MovieFactory(title="Iron Man", year=1951, popularity=0)
    imdb_only = MovieFactory(title="Iron Man", year=2008, popularity=0)
    RatingFactory(movie=imdb_only, vote_count=1_100_000)
    search_index_refresh()
    assert first("iron man") == "Iron Man (2008)"


@pytest.mark.django_db
def test_people_come_by_the_popularity_of_their_films() -> None:
    obscure = PersonFactory(name="Chris Evans")
    famous = PersonFactory(name="Chris Evans")
    local = MovieFactory(title="Local News", popularity=0.3)
    CreditFactory(person=obscure, movie=local)
    CreditFactory(person=famous, movie=MovieFactory(title="The Avengers", popularity=144))
    search_index_refresh()
    assert [p.pk for p in search("chris evans").people] == [famous.pk, obscure.pk]
    assert [p.pk for p in search("chris evnas").people][:1] == [famous.pk]
    # An importer makes the other one's film famous, without signals: one refresh follows.
    Movie.objects.filter(pk=local.pk).update(popularity=900)
    search_index_refresh()
    assert [p.pk for p in search("chris evans").people] == [obscure.pk, famous.pk]


@pytest.mark.django_db
def test_companies_come_by_the_popularity_of_their_films() -> None:
    big, small = CompanyFactory(name="Paramount Pictures"), CompanyFactory(name="Paramount")
    add_company(MovieFactory(title="Titanic", popularity=100), big)
    add_company(MovieFactory(title="Obscure", popularity=1), small)
    assert [c.name for c in search("paramount").companies] == ["Paramount Pictures", "Paramount"]


@pytest.mark.parametrize(
    ("words", "canonical"),
    [
        ("rocky v", "rocky 5"),
        ("henry v", "henry 5"),
        ("v for vendetta", "v for vendetta"),
        ("i robot", "i robot"),
        ("first blood", "first blood"),
        ("the third man", "the 3 man"),
    ],
)
def test_a_letter_or_ordinal_is_a_number_only_where_a_title_numbers(
    words: str, canonical: str
) -> None:
    assert parsing.canonical(words.split()) == canonical.split()


def test_initials_are_also_one_word() -> None:
    assert parsing.acronyms(["e", "t", "the", "extra", "terrestrial"]) == ["et"]
    assert parsing.acronyms(["l", "a", "confidential"]) == ["la"]
    assert parsing.acronyms(["s", "w", "a", "t"]) == ["swat"]
    assert parsing.acronyms(["a", "beautiful", "mind"]) == []


def test_the_intro_gives_the_series_number_people_type() -> None:
    intro = (
        "It is the sequel to Ice Age (2002) and the fourth installment in the Ice Age film series."
    )
    assert aliases.series_numbers("Ice Age: Continental Drift", intro) == ["Ice Age 4"]
    assert aliases.series_numbers("X", "the 13th film in the Marvel film series") == ["Marvel 13"]
    # A title with a number of its own, and the film the series is named after, get none.
    assert aliases.series_numbers("Ice Age 4", intro) == []
    assert aliases.series_numbers("Ice Age", "the first film in the Ice Age film series") == []


SEQUEL_INTRO = "It is the {} installment in the {} film series."
# Each case: a small catalogue (title, year, popularity[, Wikipedia intro]) and the film
# each query must put first.
CASES = {
    "a whole word typed beats a more popular word that starts with it": (
        [
            ("Eternal Sunshine of the Spotless Mind", 2004, 90),
            ("E.T. the Extra-Terrestrial", 1982, 50),
            ("L.A. Confidential", 1997, 40),
            ("Labyrinth", 1986, 80),
        ],
        {
            "et": "E.T. the Extra-Terrestrial (1982)",
            "la confidential": "L.A. Confidential (1997)",
            "lab": "Labyrinth (1986)",
        },
    ),
    "versus and episode numbers": (
        [
            ("Atom Man vs. Superman", 1950, 1),
            ("Batman v Superman: Dawn of Justice", 2016, 100),
            ("Star Wars: Clone Wars: Volume 1", 2005, 10),
            ("Star Wars: Episode I - The Phantom Menace", 1999, 50),
        ],
        {
            "batman vs superman": "Batman v Superman: Dawn of Justice (2016)",
            "star wars episode 1": "Star Wars: Episode I - The Phantom Menace (1999)",
        },
    ),
    "a sequel number finds the sequel named by words": (
        [
            ("Shrek", 2001, 100),
            ("Shrek 2", 2004, 90),
            ("Shrek the Third", 2007, 60),
            ("Ice Age", 2002, 100),
            ("Ice Age: Continental Drift", 2012, 40, SEQUEL_INTRO.format("fourth", "Ice Age")),
        ],
        {
            "shrek 3": "Shrek the Third (2007)",
            "shrek 2": "Shrek 2 (2004)",
            "ice age 4": "Ice Age: Continental Drift (2012)",
            "ice age": "Ice Age (2002)",
        },
    ),
    # "part 2" names a title's own part, not the series' second film.
    "a title's own number beats a series number": (
        [
            ("The Empire Strikes Back", 1980, 90, SEQUEL_INTRO.format("second", "Star Wars")),
            ("Star Wars: Episode II - Attack of the Clones", 2002, 40),
            (
                "The Hunger Games: Catching Fire",
                2013,
                90,
                SEQUEL_INTRO.format("second", "The Hunger Games"),
            ),
            ("The Hunger Games: Mockingjay - Part 2", 2015, 40),
        ],
        {
            "star wars 2": "Star Wars: Episode II - Attack of the Clones (2002)",
            "hunger games 2": "The Hunger Games: Catching Fire (2013)",
            "the hunger games part 2": "The Hunger Games: Mockingjay - Part 2 (2015)",
        },
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize(("films", "expected"), CASES.values(), ids=list(CASES))
def test_the_film_meant_comes_first(films: list[tuple[Any, ...]], expected: dict[str, str]) -> None:
    for title, year, popularity, *intro in films:
        MovieFactory(
            title=title, year=year, popularity=popularity, wikipedia_extract="".join(intro)
        )
    search_index_refresh()
    assert {typed: first(typed) for typed in expected} == expected


@pytest.mark.django_db
def test_the_series_number_mark_stays_out_of_the_words_corrections_use() -> None:
    MovieFactory(
        title="Ice Age: Continental Drift",
        wikipedia_extract=SEQUEL_INTRO.format("fourth", "Ice Age"),
    )
    search_index_refresh()
    with connection.cursor() as cursor:
        cursor.execute("SELECT word FROM search_word")
        words = {row[0] for row in cursor.fetchall()}
    assert {"ice", "age", "4", "continental"} <= words
    assert not [w for w in words if aliases.NUMBERED in w]


@pytest.mark.django_db
def test_asking_for_someone_s_films_finds_the_person() -> None:
    tom = PersonFactory(name="Tom Cruise")
    CreditFactory(person=tom, movie=MovieFactory(title="Top Gun", popularity=50))
    MovieFactory(title="Home Movies", popularity=1)
    search_index_refresh()
    for typed in ("tom cruise movies", "films with tom cruise", "cruise filmography"):
        assert [p.name for p in search(typed).people][:1] == ["Tom Cruise"], typed
    assert parsing.name_asked(["the", "movie"]) == []
    assert parsing.name_asked(["tom", "cruise"]) == []  # a plain name needs no second try


@pytest.mark.django_db
def test_a_query_naming_someone_brings_their_best_known_films_first() -> None:
    tom = PersonFactory(name="Tom Cruise")
    for title, popularity in (("Top Gun", 50), ("Cocktail", 5), ("Rain Man", 30)):
        CreditFactory(person=tom, movie=MovieFactory(title=title, popularity=popularity))
    MovieFactory(title="Tom Takes a Cruise", popularity=1)
    MovieFactory(title="Home Movies", popularity=1)
    search_index_refresh()
    named = search("tom cruise")
    assert named.person == tom
    assert [str(m.title) for m in named.person_films] == ["Top Gun", "Rain Man", "Cocktail"]
    assert [m.title for m in named.films] == ["Tom Takes a Cruise"]  # titles still follow
    asked = search("tom cruise movies")  # his films, not titles with "movies" in them
    assert (asked.person, asked.films, len(asked.person_films)) == (tom, [], 3)
    partly = search("cruise filmography")  # a surname: the person, but no guess at films
    assert (partly.person, [p.name for p in partly.people]) == (None, ["Tom Cruise"])
    assert search("home movies").person is None
    assert [m.title for m in search("home movies").films] == ["Home Movies"]


@pytest.mark.parametrize("words", [["paramount"], ["para", "pictures"], ["a", "b", "c"]])
def test_the_companies_statement_is_the_one_the_orm_compiles(words: list[str]) -> None:
    """company_search runs the ORM's statement compiled once per number of words; with
    the words put in, it is the statement the ORM compiles for them."""
    from whatsafter.search.selectors import companies_ranked, companies_statement

    sql, params = companies_ranked(words)[:7].query.sql_with_params()
    assert companies_statement(words, 7) == (sql, list(params))
