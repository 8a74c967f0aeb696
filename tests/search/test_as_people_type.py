"""Numbers, initials, "versus" and names as people type them ("shrek 3", "et")."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.factories import CreditFactory, MovieFactory, PersonFactory
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
        ("batman v superman", "batman vs superman"),
        ("batman versus superman", "batman vs superman"),
        ("star wars episode i", "star wars 1"),
        ("kill bill vol i", "kill bill 1"),
        ("shrek the third", "shrek the 3"),
        ("captain america the first avenger", "captain america the 1 avenger"),
    ],
)
def test_versus_roman_one_and_ordinals_have_one_spelling(typed: str, same_as: str) -> None:
    assert parsing.canonical(typed.split()) == parsing.canonical(same_as.split())


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


@pytest.mark.django_db
def test_a_whole_word_typed_beats_a_more_popular_word_that_starts_with_it() -> None:
    MovieFactory(title="Eternal Sunshine of the Spotless Mind", year=2004, popularity=90)
    MovieFactory(title="E.T. the Extra-Terrestrial", year=1982, popularity=50)
    MovieFactory(title="L.A. Confidential", year=1997, popularity=40)
    MovieFactory(title="Labyrinth", year=1986, popularity=80)
    assert first("et") == "E.T. the Extra-Terrestrial (1982)"
    assert first("la confidential") == "L.A. Confidential (1997)"
    assert first("lab") == "Labyrinth (1986)"


@pytest.mark.django_db
def test_versus_and_episode_numbers_find_the_film() -> None:
    MovieFactory(title="Atom Man vs. Superman", year=1950, popularity=1)
    MovieFactory(title="Batman v Superman: Dawn of Justice", year=2016, popularity=100)
    MovieFactory(title="Star Wars: Clone Wars: Volume 1", year=2005, popularity=10)
    MovieFactory(title="Star Wars: Episode I - The Phantom Menace", year=1999, popularity=50)
    assert first("batman vs superman") == "Batman v Superman: Dawn of Justice (2016)"
    assert first("star wars episode 1") == "Star Wars: Episode I - The Phantom Menace (1999)"


@pytest.mark.django_db
def test_a_sequel_number_finds_the_sequel_named_by_words() -> None:
    MovieFactory(title="Shrek", year=2001, popularity=100)
    MovieFactory(title="Shrek 2", year=2004, popularity=90)
    MovieFactory(title="Shrek the Third", year=2007, popularity=60)
    MovieFactory(title="Ice Age", year=2002, popularity=100)
    MovieFactory(
        title="Ice Age: Continental Drift",
        year=2012,
        popularity=40,
        wikipedia_extract="It is the fourth installment in the Ice Age film series.",
    )
    search_index_refresh()
    assert first("shrek 3") == "Shrek the Third (2007)"
    assert first("shrek 2") == "Shrek 2 (2004)"
    assert first("ice age 4") == "Ice Age: Continental Drift (2012)"
    assert first("ice age") == "Ice Age (2002)"


@pytest.mark.django_db
def test_a_title_s_own_number_beats_a_series_number() -> None:
    MovieFactory(
        title="The Empire Strikes Back",
        year=1980,
        popularity=90,
        wikipedia_extract="It is the second film in the Star Wars film series.",
    )
    MovieFactory(title="Star Wars: Episode II - Attack of the Clones", year=2002, popularity=40)
    MovieFactory(
        title="The Hunger Games: Catching Fire",
        year=2013,
        popularity=90,
        wikipedia_extract="It is the second installment in The Hunger Games film series.",
    )
    MovieFactory(title="The Hunger Games: Mockingjay - Part 2", year=2015, popularity=40)
    search_index_refresh()
    assert first("star wars 2") == "Star Wars: Episode II - Attack of the Clones (2002)"
    assert first("hunger games 2") == "The Hunger Games: Catching Fire (2013)"
    # "part 2" names a title's own part, not the series' second film.
    assert first("the hunger games part 2") == "The Hunger Games: Mockingjay - Part 2 (2015)"


@pytest.mark.django_db
def test_the_series_number_mark_stays_out_of_the_words_corrections_use() -> None:
    MovieFactory(
        title="Ice Age: Continental Drift",
        wikipedia_extract="It is the fourth installment in the Ice Age film series.",
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
