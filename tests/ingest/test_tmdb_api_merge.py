"""`whatsafter import tmdb` onto a catalogue other sources built: matching, review, precedence."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from pytest_httpserver import HTTPServer

from tests.ingest.conftest import fixture_json
from tests.ingest.test_tmdb_api import KEY, serve_films, tmdb
from whatsafter.catalog.models import Credit, Movie, Person
from whatsafter.ingest.models import MatchReview
from whatsafter.ingest.remote.services import match_review_keep_apart, match_review_merge

pytestmark = pytest.mark.django_db


def test_the_api_takes_over_a_film_the_tmdb_file_and_wikipedia_built(
    apis: HTTPServer, subset_dir: Path
) -> None:
    call_command(
        "import", "tmdb-csv", str(subset_dir / "tmdb_5000_movies.csv.gz"), stdout=StringIO()
    )
    call_command(
        "import", "wikipedia", str(subset_dir / "wikipedia-movies.jsonl.gz"), stdout=StringIO()
    )
    before = Movie.objects.get(tmdb_id=42188)
    assert before.credits.filter(source="wikipedia").exists()
    serve_films(apis, 42188)

    tmdb("--ids", "42188")

    movie = Movie.objects.get(tmdb_id=42188)
    assert (movie.pk, movie.slug) == (before.pk, before.slug)
    assert movie.field_sources["runtime_minutes"]["source"] == "tmdb-api"
    # Wikipedia's intro stays (TMDb has none); its name-only cast gives way to TMDb's.
    assert movie.wikipedia_extract == before.wikipedia_extract
    assert not movie.credits.filter(source="wikipedia").exists()
    assert movie.credits.filter(kind="cast").count() == 2
    # The file's keyword claim is now the API's, re-dated; the score is the API's.
    evidence = movie.evidence.get()
    assert (evidence.claim, evidence.detail) == ("none_recorded", "tmdb-api")
    rating = movie.ratings.get(source="tmdb")
    assert (rating.provenance, rating.vote_count) == ("tmdb-api", 2431)


def test_a_sure_title_match_merges_and_replaces_the_name_only_cast(apis: HTTPServer) -> None:
    wiki = Movie.objects.create(
        slug="never-let-me-go-2010",
        title="Never Let Me Go",
        year=2010,
        wikipedia_extract="Never Let Me Go is a 2010 British dystopian film.",
        field_sources={"wikipedia_extract": {"source": "wikipedia", "as_of": "2026-11-01"}},
    )
    carey = Person.objects.create(name="Carey Mulligan", slug="carey-mulligan")
    Credit.objects.create(movie=wiki, person=carey, kind="cast", order=0, source="wikipedia")
    serve_films(apis, 42188)

    output = tmdb("--ids", "42188")

    assert "inserted 0, updated 1" in output
    wiki.refresh_from_db()
    assert (wiki.tmdb_id, wiki.imdb_id, wiki.runtime_minutes) == (42188, "tt1334260", 103)
    assert wiki.wikipedia_extract.startswith("Never Let Me Go is")
    # The name-only person is claimed by TMDb's id; one credit, with TMDb's character.
    carey.refresh_from_db()
    assert carey.tmdb_id == 36662
    assert list(wiki.credits.filter(kind="cast").values_list("person__name", "character")) == [
        ("Carey Mulligan", "Kathy H."),
        ("Andrew Garfield", "Tommy D."),
    ]


def test_an_uncertain_title_match_waits_for_review_and_does_not_merge(
    apis: HTTPServer,
) -> None:
    # A film a year apart from TMDb's "The Avengers" (1998): maybe the same, maybe not.
    other = Movie.objects.create(slug="the-avengers-1999", title="Avengers, The", year=1999)
    serve_films(apis, 9320)

    output = tmdb("--ids", "9320")

    assert "held for review 1" in output
    assert not Movie.objects.filter(tmdb_id=9320).exists()
    other.refresh_from_db()
    assert (other.tmdb_id, other.overview) == (None, "")
    review = MatchReview.objects.get()
    assert (review.source, review.external_id, review.status) == ("tmdb", "9320", "open")
    assert list(review.candidates.all()) == [other]
    assert review.confidence < 0.9
    # Running again neither merges it nor lists it twice.
    tmdb("--ids", "9320")
    assert MatchReview.objects.count() == 1
    assert not Movie.objects.filter(tmdb_id=9320).exists()

    # An editor merges it: the next run fills the film in, from the cache.
    match_review_merge(review=review, movie=other)
    asked = len(apis.log)
    tmdb("--ids", "9320")
    other.refresh_from_db()
    assert (other.tmdb_id, other.runtime_minutes, other.imdb_id) == (9320, 89, "tt0118661")
    assert len(apis.log) == asked


def test_a_match_kept_apart_becomes_a_film_of_its_own(apis: HTTPServer) -> None:
    Movie.objects.create(slug="the-avengers-1999", title="The Avengers", year=1999)
    serve_films(apis, 9320)
    tmdb("--ids", "9320")
    match_review_keep_apart(review=MatchReview.objects.get())
    tmdb("--ids", "9320")
    assert Movie.objects.get(tmdb_id=9320).slug == "the-avengers-1998"
    assert Movie.objects.get(slug="the-avengers-1999").tmdb_id is None


def test_an_editors_value_is_never_overwritten(apis: HTTPServer, settings: Any) -> None:
    serve_films(apis, 42188)
    tmdb("--ids", "42188")
    Movie.objects.filter(tmdb_id=42188).update(
        overview="Written by our editor.",
        field_sources={"overview": {"source": "editor", "as_of": "2026-11-25"}},
    )
    # Drop the cache so the film is fetched afresh, as a newer snapshot would be.
    shutil.rmtree(settings.IMPORT_CACHE_DIR)
    call_command("import", "tmdb", "--api-key", KEY, "--ids", "42188", stdout=StringIO())
    assert Movie.objects.get(tmdb_id=42188).overview == "Written by our editor."


def test_a_film_answered_by_imdb_id_merges_into_the_imdb_import(apis: HTTPServer) -> None:
    imdb = Movie.objects.create(
        slug="the-avengers-2012", title="The Avengers", year=2012, imdb_id="tt0848228"
    )
    serve_films(apis, 24428)
    tmdb("--ids", "24428")
    imdb.refresh_from_db()
    assert imdb.tmdb_id == 24428
    assert Movie.objects.count() == 1


def test_two_tmdb_films_never_merge_into_one(apis: HTTPServer) -> None:
    imdb = Movie.objects.create(
        slug="the-avengers-2012", title="The Avengers", year=2012, imdb_id="tt0848228"
    )
    serve_films(apis, 24428)
    duplicate = fixture_json("tmdb_movie_24428.json")
    duplicate["id"] = 24429  # TMDb lists the same IMDb id twice now and then
    apis.expect_request("/3/movie/24429").respond_with_json(duplicate)

    output = tmdb("--ids", "24428,24429")

    imdb.refresh_from_db()
    assert imdb.tmdb_id == 24428
    assert "held for review 1" in output
    assert MatchReview.objects.get().external_id == "24429"
    assert not Movie.objects.filter(tmdb_id=24429).exists()
