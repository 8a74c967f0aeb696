"""The pure halves of the API importers: TMDb and OMDb answers as drafts, and matching."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests.ingest.conftest import fixture_json
from whatsafter.catalog.provenance import import_may_write
from whatsafter.ingest.remote import omdb, tmdb
from whatsafter.ingest.remote.client import is_bearer_token
from whatsafter.ingest.remote.match import Known, resolve


def avengers(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = fixture_json("tmdb_movie_24428.json")
    body.update(changes)
    return body


def test_tmdb_unknowns_stay_out_of_the_draft() -> None:
    film = tmdb.film_from_api(
        avengers(runtime=0, tagline="", homepage=None, poster_path=None, vote_count=0)
    )
    assert not {"runtime_minutes", "tagline", "homepage", "poster_url"} & film.fields.keys()
    assert film.rating is None  # no votes is no score, never 0


def test_tmdb_without_a_date_has_no_year() -> None:
    film = tmdb.film_from_api(avengers(release_date=""))
    assert film.year is None
    assert "year" not in film.fields


@pytest.mark.parametrize(
    "body", [[], {"title": "No id"}, {"id": 5, "title": ""}, {"id": "5", "title": "X"}]
)
def test_tmdb_answers_that_are_not_films_are_refused(body: object) -> None:
    with pytest.raises(tmdb.BadPayload):
        tmdb.film_from_api(body)


def test_tmdb_keywords_become_claims() -> None:
    assert tmdb.film_from_api(avengers()).keyword_claims == ["during", "after"]
    assert tmdb.film_from_api(avengers(keywords={"keywords": []})).keyword_claims == [
        "none_recorded"
    ]


def test_bad_regions_and_release_types_are_skipped() -> None:
    film = tmdb.film_from_api(
        avengers(
            release_dates={
                "results": [
                    {"iso_3166_1": "usa", "release_dates": [{"type": 3}]},
                    {"iso_3166_1": "FR", "release_dates": [{"type": 9, "release_date": "x"}]},
                ]
            },
            **{"watch/providers": {"results": {"XX1": {"flatrate": [{"provider_name": "A"}]}}}},
        )
    )
    assert (film.releases, film.offers) == ([], [])


def test_omdb_votes_and_ratings_are_parsed() -> None:
    film = omdb.film_from_omdb(fixture_json("omdb_tt0848228.json"))
    scores = {r.source: (r.value, r.scale, r.vote_count) for r in film.ratings}
    assert scores == {
        "imdb": (Decimal("8.0"), 10, 1484362),
        "metascore": (Decimal("69.0"), 100, None),
        "tomatometer": (Decimal("91.0"), 100, None),
    }


def test_omdb_na_is_missing_not_zero() -> None:
    body = fixture_json("omdb_tt0848228.json")
    body.update(imdbRating="N/A", imdbVotes="N/A", Metascore="N/A", Ratings=[])
    assert omdb.film_from_omdb(body).ratings == []


@pytest.mark.parametrize(
    ("error", "raised"),
    [
        ("Invalid API key!", omdb.OmdbRefused),
        ("Request limit reached!", omdb.OmdbRefused),
        ("Movie not found!", omdb.OmdbNotFound),
        ("Incorrect IMDb ID.", omdb.OmdbNotFound),
        ("Something else", omdb.OmdbBad),
    ],
)
def test_omdb_errors_come_with_http_200(error: str, raised: type[Exception]) -> None:
    with pytest.raises(raised):
        omdb.check_error({"Response": "False", "Error": error})


def test_a_v4_token_is_told_from_a_v3_key() -> None:
    assert is_bearer_token("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln")
    assert not is_bearer_token("0123456789abcdef0123456789abcdef")


def index(*films: Known) -> dict[str, Any]:
    from whatsafter.normalise import title_key

    by_title: dict[str, list[Known]] = {}
    for k in films:
        by_title.setdefault(title_key(k.title), []).append(k)
    return {
        "by_tmdb": {k.tmdb_id: k for k in films if k.tmdb_id},
        "by_imdb": {k.imdb_id: k for k in films if k.imdb_id},
        "by_title": by_title,
    }


def test_ids_come_before_titles() -> None:
    films = index(
        Known(1, "Other Title", 2012, 24428, None), Known(2, "The Avengers", 2012, None, None)
    )
    match = resolve(tmdb_id=24428, imdb_id=None, title="The Avengers", year=2012, **films)
    assert (match.movie_id, match.how) == (1, "tmdb id")


def test_an_imdb_id_match_is_refused_when_the_tmdb_ids_disagree() -> None:
    films = index(Known(1, "The Avengers", 2012, 999, "tt0848228"))
    match = resolve(tmdb_id=24428, imdb_id="tt0848228", title="The Avengers", year=2012, **films)
    assert (match.movie_id, match.how) == (None, "new")


def test_one_same_year_title_merges_two_go_to_review() -> None:
    one = Known(1, "Avengers, The", 2012, None, None)
    assert (
        resolve(tmdb_id=5, imdb_id=None, title="The Avengers", year=2012, **index(one)).movie_id
        == 1
    )
    two = Known(2, "The Avengers!", 2012, None, None)
    match = resolve(tmdb_id=5, imdb_id=None, title="The Avengers", year=2012, **index(one, two))
    assert match.uncertain and match.candidates == (1, 2)


def test_a_year_apart_is_uncertain() -> None:
    match = resolve(
        tmdb_id=5,
        imdb_id=None,
        title="The Avengers",
        year=1998,
        **index(Known(1, "The Avengers", 1999, None, None)),
    )
    assert match.uncertain and match.confidence < Decimal("0.9")


def test_editors_and_newer_snapshots_win() -> None:
    assert not import_may_write(
        {"source": "editor", "as_of": "2000-01-01"}, source="tmdb-api", as_of="2026-11-26"
    )
    assert not import_may_write(
        {"source": "tmdb-api", "as_of": "2026-11-27"}, source="tmdb-api", as_of="2026-11-26"
    )
    assert import_may_write(
        {"source": "wikipedia", "as_of": "2099-01-01"}, source="tmdb-api", as_of="2026-11-26"
    )
    assert import_may_write(None, source="tmdb-api", as_of="2026-11-26")


def test_a_file_import_never_overwrites_the_tmdb_api_but_the_api_overwrites_files() -> None:
    api_stamp = {"source": "tmdb-api", "as_of": "2020-01-01"}
    assert not import_may_write(api_stamp, source="tmdb-5000", as_of="2026-11-26")
    assert not import_may_write(api_stamp, source="imdb", as_of="2026-11-26")
    assert import_may_write(
        {"source": "imdb", "as_of": "2099-01-01"}, source="tmdb-api", as_of="2026-11-26"
    )
    assert import_may_write(
        {"source": "wikipedia", "as_of": "2099-01-01"}, source="imdb", as_of="2026-11-26"
    )
