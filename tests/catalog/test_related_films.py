"""The film page's "Films sharing its cast": films with much of its top-billed cast (a
franchise's films), their answers, and a hint from them for a film we have no answer for,
which never becomes its verdict."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.factories import EvidenceFactory, MovieFactory, PersonFactory, billed, with_verdict
from whatsafter.catalog.models import Movie, Person
from whatsafter.catalog.selectors import SHARED_CAST, TOP_BILLED

pytestmark = pytest.mark.django_db


def answered(movie: Movie, claim: str | None) -> Movie:
    """Give the film an answer: "after" (Yes), "none" (No), "none_recorded" (Probably
    not), or None (Not known yet)."""
    if claim:
        EvidenceFactory(
            movie=movie, claim=claim, source="editor" if claim == "none" else "tmdb_keyword"
        )
    return with_verdict(movie)


def page(client: Client, movie: Movie) -> str:
    response = client.get(movie.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def related_section(html: str) -> str:
    start = html.index('id="related-h"')
    return html[start : html.index("</section>", start)]


def hint(html: str) -> str:
    found = re.search(r'<p class="relatives-hint">(.*?)</p>', html, re.S)
    return re.sub(r"<[^>]+>", "", found.group(1)) if found else ""


@pytest.fixture
def crew() -> list[Person]:
    return [PersonFactory(name=f"Hero {n}") for n in range(5)]


def test_films_sharing_enough_top_billed_cast_are_listed_most_shared_first(
    client: Client, crew: list[Person]
) -> None:
    finale = billed(MovieFactory(title="Finale", year=2019), crew)
    billed(MovieFactory(title="First Team-Up", year=2012), crew[:3])
    billed(MovieFactory(title="Second Team-Up", year=2015), crew[:4])
    billed(MovieFactory(title="Spin-off", year=2016), crew[1:4])
    # One star's other films, however many, are not relatives.
    for n in range(4):
        billed(MovieFactory(title=f"Star Vehicle {n}"), [crew[0], PersonFactory(), PersonFactory()])
    # Nor a film where the same people are billed below the top places.
    cameo = billed(MovieFactory(title="Cameo Parade"), [PersonFactory() for _ in range(TOP_BILLED)])
    billed(cameo, crew, first=TOP_BILLED)

    section = related_section(page(client, finale))

    titles = re.findall(r'<a href="/movies/[^"]+">([^<]+)</a>', section)
    assert titles == ["Second Team-Up", "Spin-off", "First Team-Up"]  # 4 shared, then newest
    assert "4 of the cast" in section and "3 of the cast" in section
    assert f"at least {SHARED_CAST} of this film's first {TOP_BILLED} actors" in section


def test_a_film_with_no_relatives_has_no_related_section(
    client: Client, crew: list[Person]
) -> None:
    lonely = billed(MovieFactory(), crew[:2])
    billed(MovieFactory(), crew[:2])  # two shared names are a pair of co-stars, not a franchise
    html = page(client, lonely)
    assert 'id="related-h"' not in html and "relatives-hint" not in html


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        (
            ["after", "after", "after"],
            "Of the 3 films below that share much of its cast, all 3 have a scene during or after "
            "the credits.",
        ),
        (
            ["after", "none", "none_recorded", None],
            "Of the 4 films below that share much of its cast, 1 has a scene during or after the "
            "credits, 1 has none, 1 probably has none and 1 is not known yet.",
        ),
        (
            ["none", "none_recorded"],
            "Of the 2 films below that share much of its cast, none is known to have a scene "
            "during or after the credits: 1 has none and 1 probably has none.",
        ),
    ],
)
def test_a_film_not_known_yet_gets_a_hint_counting_its_relatives_answers(
    client: Client, crew: list[Person], claims: list[str | None], expected: str
) -> None:
    film = answered(billed(MovieFactory(title="Unanswered"), crew), None)
    for n, claim in enumerate(claims):
        answered(billed(MovieFactory(title=f"Relative {n}"), crew[:3]), claim)

    html = page(client, film)

    assert hint(html) == f"A hint, not an answer. {expected} See them"
    # The answer itself stays "Not known yet": the hint is set apart and decides nothing.
    assert re.search(r'<p class="answer-word">Not known yet</p>', html)
    film.refresh_from_db()
    assert film.verdict.status == "unknown" and film.has_scene is False


def test_the_hint_counts_the_films_it_lists_not_all_that_share_the_cast(
    client: Client, crew: list[Person]
) -> None:
    from whatsafter.web.selectors import RELATED_SHOWN

    film = answered(billed(MovieFactory(title="Unanswered"), crew), None)
    for n in range(RELATED_SHOWN + 1):  # one more than the section lists
        answered(billed(MovieFactory(title=f"Relative {n}"), crew[:3]), "after")

    said = hint(page(client, film))

    # Seven films share its cast; the six listed are the ones counted, and it says so.
    assert said.startswith(f"A hint, not an answer. Of the {RELATED_SHOWN} films below ")


def test_no_hint_with_fewer_than_two_answered_relatives(client: Client, crew: list[Person]) -> None:
    film = answered(billed(MovieFactory(), crew), None)
    answered(billed(MovieFactory(), crew[:3]), "after")
    answered(billed(MovieFactory(), crew[1:4]), None)
    html = page(client, film)
    assert 'id="related-h"' in html and hint(html) == ""


def test_no_hint_for_a_film_with_its_own_answer(client: Client, crew: list[Person]) -> None:
    film = answered(billed(MovieFactory(), crew), "none_recorded")
    for _ in range(3):
        answered(billed(MovieFactory(), crew[:3]), "after")
    html = page(client, film)
    assert 'id="related-h"' in html and hint(html) == ""
    assert '<p class="answer-word">Probably not</p>' in html


def test_related_titles_are_escaped(client: Client, crew: list[Person]) -> None:
    film = billed(MovieFactory(), crew)
    billed(MovieFactory(title='<script>alert("x")</script> & Co'), crew[:3])
    section = related_section(page(client, film))
    assert "<script>" not in section
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in section


def test_the_related_films_cost_one_query_however_many(
    client: Client, crew: list[Person], item_count: int, django_assert_num_queries
) -> None:
    film = answered(billed(MovieFactory(), crew), None)
    for n in range(item_count):
        answered(billed(MovieFactory(), crew[:3]), ["after", "none", None][n])
    # The film page's thirteen reads and one for its related films with their answers.
    with django_assert_num_queries(14):
        html = page(client, film)
    assert related_section(html).count("<li>") == item_count


def test_the_api_lists_the_same_related_films_and_keeps_the_answer(
    client: Client, crew: list[Person]
) -> None:
    film = answered(billed(MovieFactory(title="Unanswered", slug="unanswered-2019"), crew), None)
    sequel = answered(billed(MovieFactory(title="Sequel", slug="sequel-2015"), crew[:4]), "after")
    answered(billed(MovieFactory(), crew[:3]), "after")

    body = client.get("/api/v1/movies/unanswered-2019").json()

    assert body["verdict"]["status"] == "unknown"
    first = body["related"][0]
    assert first == {
        "slug": sequel.slug, "title": "Sequel", "year": sequel.year,
        "url": sequel.get_absolute_url(), "verdict": "yes", "shared_cast": 4,
    }  # fmt: skip
    assert len(body["related"]) == 2
    assert client.get("/api/v1/answer", {"title": film.title}).json()["status"] == "unknown"
