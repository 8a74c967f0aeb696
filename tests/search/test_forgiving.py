"""Search finds films the way people type them: each class of the relevance set, small."""

from __future__ import annotations

import pytest

from tests.factories import (
    CompanyFactory,
    CreditFactory,
    MovieFactory,
    PersonFactory,
    RatingFactory,
    add_company,
)
from whatsafter.catalog.models import AlternativeTitle
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
    CreditFactory(person=obscure, movie=MovieFactory(title="Local News", popularity=0.3))
    CreditFactory(person=famous, movie=MovieFactory(title="The Avengers", popularity=144))
    search_index_refresh()
    assert [p.pk for p in search("chris evans").people] == [famous.pk, obscure.pk]
    assert [p.pk for p in search("chris evnas").people][:1] == [famous.pk]


@pytest.mark.django_db
def test_companies_come_by_the_popularity_of_their_films() -> None:
    big, small = CompanyFactory(name="Paramount Pictures"), CompanyFactory(name="Paramount")
    add_company(MovieFactory(title="Titanic", popularity=100), big)
    add_company(MovieFactory(title="Obscure", popularity=1), small)
    assert [c.name for c in search("paramount").companies] == ["Paramount Pictures", "Paramount"]
