"""Home, search, person and About pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db


def test_home_lists_films_with_scenes_by_popularity(client: Client) -> None:
    big = factories.with_verdict(
        factories.EvidenceFactory(claim="after", movie__title="Big Hit", movie__popularity=90).movie
    )
    small = factories.with_verdict(
        factories.EvidenceFactory(
            claim="during", movie__title="Small Hit", movie__popularity=5
        ).movie
    )
    factories.with_verdict(
        factories.EvidenceFactory(claim="none_recorded", movie__title="No Scene Film").movie
    )
    html = client.get("/").content.decode()
    section = html[html.index('id="with-scenes"') : html.index('id="recent"')]
    assert section.index(big.title) < section.index(small.title)
    assert "No Scene Film" not in section
    assert "Credits scene: yes" in section


def test_home_lists_recent_releases_newest_first_and_not_future_ones(
    client: Client, settings
) -> None:
    settings.WHATSAFTER_NOW = "2016-06-01"
    factories.MovieFactory(title="Older", year=2015, release_date=dt.date(2015, 1, 1))
    factories.MovieFactory(title="Newer", year=2016, release_date=dt.date(2016, 5, 1))
    factories.MovieFactory(title="Not Out Yet", year=2016, release_date=dt.date(2016, 12, 1))
    html = client.get("/").content.decode()
    recent = html[html.index('id="recent"') :]
    assert recent.index("Newer") < recent.index("Older")
    assert "Not Out Yet" not in recent


@pytest.mark.parametrize(("path", "section"), [("/", 'id="recent"'), ("/latest/", 'id="recent-h"')])
def test_home_and_latest_list_the_later_released_of_two_films_known_only_by_year_first(
    client: Client, settings, path: str, section: str
) -> None:
    # Their year's list put them in release order (catalog Movie.year_release_order); it
    # outranks title and popularity, which say nothing about when a film came out. A film
    # no list placed comes after them, as undated films come after dated ones.
    settings.WHATSAFTER_NOW = "2024-06-01"
    factories.MovieFactory(
        title="Aaa January", year=2023, release_date=None, year_release_order=1, popularity=9
    )
    factories.MovieFactory(title="Zzz December", year=2023, release_date=None, year_release_order=2)
    factories.MovieFactory(title="Unplaced", year=2023, release_date=None, popularity=50)
    html = client.get(path).content.decode()
    recent = html[html.index(section) :]
    assert recent.index("Zzz December") < recent.index("Aaa January") < recent.index("Unplaced")


def test_home_costs_the_same_queries_for_one_or_many_films(
    client: Client, item_count: int, django_assert_num_queries
) -> None:
    for _ in range(item_count):
        factories.with_verdict(factories.EvidenceFactory(claim="after").movie)
    with django_assert_num_queries(2):
        client.get("/")


def test_search_puts_the_exact_title_first(client: Client) -> None:
    factories.MovieFactory(title="Avengers: Age of Ultron", popularity=99)
    factories.MovieFactory(title="The Avengers", popularity=50)
    html = client.get("/search/", {"q": "the avengers"}).content.decode()
    assert html.index("The Avengers</span>") < html.index("Avengers: Age of Ultron")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("avengrs end game", "Avengers: Endgame"),
        ("amelie", "Amélie"),
        ("wall e", "WALL·E"),
        ("dune 2021", 'Dune</span>\n      <span class="card-year">2021'),
        ("dune (1984)", 'Dune</span>\n      <span class="card-year">1984'),
    ],
)
def test_search_forgives_typos_accents_punctuation_and_reads_a_year(
    client: Client, query: str, expected: str
) -> None:
    for title, year in (
        ("Avengers: Endgame", 2019),
        ("Amélie", 2001),
        ("WALL·E", 2008),
        ("Dune", 1984),
        ("Dune", 2021),
        ("Avatar", 2009),
    ):
        factories.MovieFactory(title=title, year=year)
    html = client.get("/search/", {"q": query}).content.decode()
    assert expected in html
    if query.startswith("dune"):
        other = "1984" if "2021" in query else "2021"
        assert f'<span class="card-year">{other}' not in html


def test_a_corrected_search_says_what_it_searched_for(client: Client) -> None:
    factories.MovieFactory(title="Avengers: Endgame", year=2019)
    html = client.get("/search/", {"q": "avengrs end game"}).content.decode()
    assert "showing results for <strong>avengers endgame</strong>" in html


def test_a_correction_that_splits_off_a_possessive_shows_its_apostrophe(client: Client) -> None:
    from whatsafter.catalog.models import AlternativeTitle
    from whatsafter.search.services import search_index_refresh

    movie = factories.MovieFactory(title="Harry Potter and the Philosopher's Stone", year=2001)
    AlternativeTitle.objects.create(
        movie=movie, title="Harry Potter and the Sorcerer's Stone", region="US", source="test"
    )
    search_index_refresh()
    html = client.get("/search/", {"q": "harry potter sorcerers stone"}).content.decode()
    assert "Philosopher&#x27;s Stone" in html
    # The reading that found it splits "sorcerers" into "sorcerer s"; a reader writes it so.
    assert "showing results for <strong>harry potter sorcerer&#x27;s stone</strong>" in html


def test_search_groups_films_people_and_companies(client: Client) -> None:
    from tests.factories import CompanyFactory

    factories.MovieFactory(title="Marvel's Film")
    factories.PersonFactory(name="Marvel Fan")
    CompanyFactory(name="Marvel Studios", slug="marvel-studios")
    html = client.get("/search/", {"q": "marvel"}).content.decode()
    assert html.index('id="films-h"') < html.index('id="people-h"') < html.index('id="companies-h"')


def test_a_search_naming_someone_shows_them_and_their_films_first(client: Client) -> None:
    person = factories.PersonFactory(name="Emma <Stone>")
    factories.CreditFactory(person=person, movie=factories.MovieFactory(title="La La Land"))
    factories.PersonFactory(name="Emma Stonehouse")
    html = client.get("/search/", {"q": "emma <stone> movies"}).content.decode()
    assert html.index('id="person-h"') < html.index("La La Land") < html.index('id="people-h"')
    assert "Emma &lt;Stone&gt;</a></h2>" in html and "<Stone>" not in html
    assert "Other people" in html and "Emma Stonehouse" in html


def test_suggestions_come_as_a_fragment_for_htmx(client: Client) -> None:
    factories.MovieFactory(title="Never Let Me Go")
    response = client.get(
        "/search/", {"q": "never", "suggest": "1"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<ul class="suggest-list"')
    assert "Never Let Me Go" in html and "<html" not in html
    page = client.get("/search/", {"q": "never", "suggest": "1"}).content.decode()
    assert "<html" in page  # without htmx it is the normal results page


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "x" * 10_000,
        "%%%$$$***",
        "'; DROP TABLE catalog_movie; --",
        "<script>alert(1)</script>",
        "\x00",
    ],
)
def test_odd_queries_get_a_friendly_page(client: Client, query: str) -> None:
    factories.MovieFactory(title="Never Let Me Go")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "Search" in html


@pytest.mark.parametrize(
    ("params", "headers"),
    [({"q": "dune"}, {}), ({"q": "dun", "suggest": "1"}, {"HX-Request": "true"})],
    ids=["results", "suggestions"],
)
def test_search_and_its_suggestions_cost_the_same_queries_however_many_results(
    client: Client,
    item_count: int,
    django_assert_num_queries,
    params: dict[str, str],
    headers: dict[str, str],
) -> None:
    for n in range(item_count):
        factories.with_verdict(factories.MovieFactory(title=f"Dune {n}"))
    client.get("/search/", params, headers=headers)  # a running server has the word counts
    # names and titles as typed in one statement (exact title, other matches or the
    # suggestions' prefix list, people), film cards, companies
    with django_assert_num_queries(3):
        response = client.get("/search/", params, headers=headers)
    assert response.status_code == 200


def test_person_page_lists_films_with_characters_and_scene_record(client: Client) -> None:
    person = factories.PersonFactory(
        name="Carey Mulligan", slug="carey-mulligan", imdb_id="nm1659547"
    )
    scene_film = factories.with_verdict(
        factories.EvidenceFactory(claim="after", movie__title="Scene Film", movie__year=2015).movie
    )
    factories.CreditFactory(person=person, movie=scene_film, character="Kathy")
    factories.CreditFactory(
        person=person, movie=factories.MovieFactory(title="Quiet Film", year=2010), character="Ruth"
    )
    html = client.get("/people/carey-mulligan/").content.decode()
    filmography = html[html.index("<h2>Filmography</h2>") :]
    assert filmography.index("Scene Film") < filmography.index("Quiet Film")
    assert "Kathy" in html and "Ruth" in html
    assert "<strong>1</strong> of them has a scene during or after the credits" in html
    record = html[html.index('id="scene-record"') : html.index("<h2>Filmography</h2>")]
    assert "Scene Film" in record and "Quiet Film" not in record
    assert "https://www.imdb.com/name/nm1659547/" in html
    assert 'aria-label="No photo of Carey Mulligan"' in html
    assert ">CM<" in html  # initials stand in for the photo


def test_person_page_shows_professions_years_and_what_they_are_known_for(client: Client) -> None:
    person = factories.PersonFactory(
        name="Alexander Black", birth_year=1859, death_year=1940, professions="writer,director"
    )
    for title, popularity in (("Obscure", 1.0), ("Famous", 90.0), ("Middling", 20.0)):
        factories.CreditFactory(
            person=person, movie=factories.MovieFactory(title=title, popularity=popularity)
        )

    html = client.get(person.get_absolute_url()).content.decode()

    assert "Writer, Director" in html
    assert "Born 1859, died 1940" in html
    known = html[html.index('id="known-for"') : html.index("<h2>Filmography</h2>")]
    assert known.index("Famous") < known.index("Middling") < known.index("Obscure")
    assert "none is known to have a scene" in html
    assert 'id="scene-record"' not in html


def test_person_page_costs_the_same_queries_for_one_or_many_films(
    client: Client, item_count: int, django_assert_num_queries
) -> None:
    person = factories.PersonFactory()
    for _ in range(item_count):
        factories.CreditFactory(
            person=person, movie=factories.with_verdict(factories.MovieFactory())
        )
    with django_assert_num_queries(2):
        client.get(person.get_absolute_url())


def test_about_credits_every_source_and_the_tmdb_notice(client: Client) -> None:
    html = client.get("/about/").content.decode()
    assert "This product uses the TMDB API but is not endorsed or certified by TMDB." in html
    for source in (
        "prust/wikipedia-movie-data",
        "CC BY-SA 4.0",
        "vega-datasets",
        "BSD-3-Clause",
        "IMDb",
        "OMDb API",
        "JustWatch",
    ):
        assert source in html


def test_every_page_has_the_search_box_and_the_tmdb_notice(client: Client) -> None:
    for url in ("/", "/about/", "/search/?q=x"):
        html = client.get(url).content.decode()
        assert 'role="search"' in html
        assert "not endorsed or certified by TMDB" in html
