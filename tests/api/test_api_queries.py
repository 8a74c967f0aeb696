"""N+1 guard for the API's lists: one film or three, one credit or three, cost the same
queries (the pages' own guards are in tests/catalog and tests/web)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def answers_in(client: Client, django_assert_num_queries):  # type: ignore[no-untyped-def]
    """answers_in(queries, url, **params): GET url answers 200 in exactly `queries` queries,
    counted on a second request, as a running server answers it: the first fills the
    per-process caches (PostgreSQL search's word counts)."""

    def check(queries: int, url: str, **params: object) -> None:
        client.get(url, params)
        with django_assert_num_queries(queries):
            response = client.get(url, params)
        assert response.status_code == 200, response.content

    return check


def test_search_costs_the_same_for_one_or_many_hits(item_count: int, answers_in) -> None:
    for n in range(item_count):
        factories.with_verdict(factories.MovieFactory(title=f"Stinger {n}"))
        factories.PersonFactory(name=f"Stinger Person {n}")
        factories.CompanyFactory(name=f"Stinger Films {n}")
    # people and films as typed (one statement), people's rows, film cards, companies
    answers_in(4, "/api/v1/search", q="stinger")


def test_a_person_s_name_costs_the_same_for_one_or_many_of_their_films(
    item_count: int, answers_in
) -> None:
    person = factories.PersonFactory(name="Stinger Actor")
    for _ in range(item_count):
        movie = factories.with_verdict(factories.MovieFactory())
        factories.CreditFactory(person=person, movie=movie)
    # names and titles as typed (one statement), the people's rows, the person's films,
    # companies (no title has both words, so no film cards)
    answers_in(4, "/api/v1/search", q="stinger actor")


def test_a_film_costs_the_same_for_one_or_many_credits_scores_and_scenes(
    item_count: int, answers_in
) -> None:
    movie = factories.MovieFactory(slug="stinger-2010")
    for n in range(item_count):
        factories.CreditFactory(movie=movie)
        factories.CreditSceneFactory(movie=movie, order=n + 1)
        factories.EvidenceFactory(movie=movie, claim=["during", "after", "none"][n])
        factories.WatchOfferFactory(movie=movie)
        factories.add_company(movie, factories.CompanyFactory(), order=n)
        factories.RatingFactory(movie=movie, source=["imdb", "tmdb", "metascore"][n])
    factories.with_verdict(movie)
    # the film page's reads (web.selectors.movie_page), its related films among them
    answers_in(14, "/api/v1/movies/stinger-2010", spoilers="true")


def test_a_person_costs_the_same_for_one_or_many_films(item_count: int, answers_in) -> None:
    person = factories.PersonFactory(slug="stinger-actor")
    for _ in range(item_count):
        factories.CreditFactory(
            person=person,
            movie=factories.with_verdict(factories.EvidenceFactory(claim="after").movie),
        )
    # person, credits with their films and verdicts
    answers_in(2, "/api/v1/people/stinger-actor")


def test_an_answer_costs_the_same_for_one_or_many_scenes(item_count: int, answers_in) -> None:
    movie = factories.MovieFactory(title="Stinger", slug="stinger-2010")
    for n in range(item_count):
        factories.CreditSceneFactory(movie=movie, order=n + 1)
        factories.EvidenceFactory(movie=movie, claim=["during", "after", "none"][n])
    factories.with_verdict(movie)
    # the search's title lookups (one statement) and cards (2), then the film page's
    # reads (13)
    answers_in(15, "/api/v1/answer", title="Stinger")


def test_an_ambiguous_answer_costs_the_same_for_two_or_four_candidates(
    client: Client, item_count: int, django_assert_num_queries
) -> None:
    for year in range(2000, 2001 + item_count):
        factories.with_verdict(
            factories.MovieFactory(title="Stinger", year=year, slug=f"stinger-{year}")
        )
    client.get("/api/v1/answer", {"title": "Stinger"})  # fills the word counts, as answers_in
    with django_assert_num_queries(2):  # the title lookups (one statement), the cards
        response = client.get("/api/v1/answer", {"title": "Stinger"})
    assert response.status_code == 409
    assert len(response.json()["error"]["candidates"]) == item_count + 1
