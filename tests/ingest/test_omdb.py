"""`whatsafter import omdb`: scores from OMDb, served by a local server in OMDb's shapes."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from pytest_httpserver import HTTPServer

from tests.ingest.conftest import Naps, fixture_json
from whatsafter.catalog.models import Movie
from whatsafter.ingest.models import ImportRun, MatchReview, SourceFetch
from whatsafter.ratings.models import Rating
from whatsafter.ratings.selectors import rating_slots

pytestmark = pytest.mark.django_db

KEY = "abc12345"


def omdb(*args: str) -> str:
    out = StringIO()
    call_command("import", "omdb", "--api-key", KEY, *args, stdout=out, sleep=Naps())
    return out.getvalue()


def serve(server: HTTPServer, imdb_id: str, body: Any, status: int = 200) -> None:
    server.expect_request("/omdb/", query_string={"i": imdb_id, "apikey": KEY}).respond_with_json(
        body, status=status
    )


def film(slug: str, title: str, year: int, imdb_id: str | None) -> Movie:
    return Movie.objects.create(slug=slug, title=title, year=year, imdb_id=imdb_id)


def test_scores_land_in_their_slots_on_the_film_page(apis: HTTPServer) -> None:
    avengers = film("the-avengers-2012", "The Avengers", 2012, "tt0848228")
    serve(apis, "tt0848228", fixture_json("omdb_tt0848228.json"))

    output = omdb()

    assert "omdb: read 1, inserted 3, updated 0, unchanged 0" in output
    slots = {s.source: s for s in rating_slots(avengers.ratings.all())}
    assert (slots["imdb"].display, slots["imdb"].vote_count) == ("8.0/10", 1484362)
    assert slots["metascore"].display == "69/100"
    assert slots["tomatometer"].display == "91%"
    assert slots["rt_audience"].display is None  # OMDb does not carry it
    assert set(avengers.ratings.values_list("provenance", flat=True)) == {"omdb"}
    run = ImportRun.objects.get(source="omdb")
    assert (run.status, run.rows_read, run.inserted) == ("succeeded", 1, 3)


def test_na_values_stay_missing(apis: HTTPServer) -> None:
    never = film("never-let-me-go-2010", "Never Let Me Go", 2010, "tt1334260")
    serve(apis, "tt1334260", fixture_json("omdb_tt1334260.json"))
    omdb("--ids", "tt1334260")
    imdb = Rating.objects.get(movie=never, source="imdb")
    assert (str(imdb.value), imdb.vote_count) == ("7.1", None)  # imdbVotes "N/A"
    # Metascore "N/A" and no Rotten Tomatoes entry: no rows, never zeros.
    assert set(never.ratings.values_list("source", flat=True)) == {"imdb"}


def test_films_already_answered_are_not_asked_again(apis: HTTPServer) -> None:
    film("the-avengers-2012", "The Avengers", 2012, "tt0848228")
    film("no-imdb-id-2012", "No IMDb Id", 2012, None)
    serve(apis, "tt0848228", fixture_json("omdb_tt0848228.json"))
    omdb()
    assert len(apis.log) == 1
    before = sorted(Rating.objects.values_list("source", "value", "vote_count", "as_of"))

    output = omdb()

    assert len(apis.log) == 1
    assert "read 0" in output
    assert sorted(Rating.objects.values_list("source", "value", "vote_count", "as_of")) == before
    assert SourceFetch.objects.get().outcome == "found"


def test_a_rerun_of_the_same_ids_reads_the_cache(apis: HTTPServer) -> None:
    film("the-avengers-2012", "The Avengers", 2012, "tt0848228")
    serve(apis, "tt0848228", fixture_json("omdb_tt0848228.json"))
    omdb("--ids", "tt0848228")
    output = omdb("--ids", "tt0848228")
    assert len(apis.log) == 1
    assert "inserted 0, updated 0, unchanged 3" in output


@pytest.mark.parametrize("status", [200, 401])
def test_an_invalid_key_stops_the_run_with_a_clear_error(apis: HTTPServer, status: int) -> None:
    film("the-avengers-2012", "The Avengers", 2012, "tt0848228")
    serve(apis, "tt0848228", {"Response": "False", "Error": "Invalid API key!"}, status)
    with pytest.raises(CommandError, match="Invalid API key!"):
        omdb()
    assert not Rating.objects.exists()
    assert ImportRun.objects.get(source="omdb").status == "failed"


def test_the_request_limit_stops_the_run_and_keeps_earlier_batches(apis: HTTPServer) -> None:
    film("the-avengers-2012", "The Avengers", 2012, "tt0848228")
    film("never-let-me-go-2010", "Never Let Me Go", 2010, "tt1334260")
    serve(apis, "tt0848228", fixture_json("omdb_tt0848228.json"))
    serve(apis, "tt1334260", {"Response": "False", "Error": "Request limit reached!"})

    with pytest.raises(CommandError, match="Request limit reached!"):
        omdb("--ids", "tt0848228,tt1334260", "--batch-size", "1")

    assert Rating.objects.filter(movie__imdb_id="tt0848228").count() == 3
    assert not Rating.objects.filter(movie__imdb_id="tt1334260").exists()
    # The limit answer is not cached: tomorrow's run asks again.
    assert not SourceFetch.objects.filter(external_id="tt1334260").exists()


def test_a_film_omdb_lacks_is_counted_and_the_run_goes_on(apis: HTTPServer) -> None:
    film("lost-film-1920", "Lost Film", 1920, "tt9999999")
    film("the-avengers-2012", "The Avengers", 2012, "tt0848228")
    serve(apis, "tt9999999", {"Response": "False", "Error": "Movie not found!"})
    serve(apis, "tt0848228", fixture_json("omdb_tt0848228.json"))

    output = omdb("--ids", "tt9999999,tt0848228")

    assert "not found 1" in output
    assert Rating.objects.filter(movie__imdb_id="tt0848228").count() == 3
    assert SourceFetch.objects.get(external_id="tt9999999").outcome == "not_found"


def test_an_older_snapshot_never_replaces_a_newer_score(apis: HTTPServer) -> None:
    avengers = film("the-avengers-2012", "The Avengers", 2012, "tt0848228")
    Rating.objects.create(
        movie=avengers,
        source="imdb",
        raw_value="8.1",
        value="8.1",
        scale=10,
        normalised="81.0",
        vote_count=1500000,
        as_of="2099-01-01",
        provenance="imdb-datasets",
    )
    serve(apis, "tt0848228", fixture_json("omdb_tt0848228.json"))
    omdb()
    imdb = Rating.objects.get(movie=avengers, source="imdb")
    assert (imdb.provenance, imdb.vote_count) == ("imdb-datasets", 1500000)


def test_a_film_found_only_by_title_and_year(apis: HTTPServer) -> None:
    sure = film("the-avengers-2012", "Avengers, The", 2012, None)
    serve(apis, "tt0848228", fixture_json("omdb_tt0848228.json"))
    omdb("--ids", "tt0848228")
    sure.refresh_from_db()
    assert sure.imdb_id == "tt0848228"
    assert sure.ratings.count() == 3


def test_an_uncertain_title_match_waits_for_review(apis: HTTPServer) -> None:
    one = film("the-avengers-2012", "The Avengers", 2012, None)
    two = film("the-avengers-2012-2", "The Avengers", 2012, None)
    serve(apis, "tt0848228", fixture_json("omdb_tt0848228.json"))

    output = omdb("--ids", "tt0848228")

    assert "held for review 1" in output
    assert not Rating.objects.exists()
    assert not Movie.objects.filter(imdb_id="tt0848228").exists()
    review = MatchReview.objects.get(source="omdb")
    assert set(review.candidates.all()) == {one, two}


def test_a_5xx_storm_names_the_id_and_keeps_earlier_batches(apis: HTTPServer) -> None:
    film("the-avengers-2012", "The Avengers", 2012, "tt0848228")
    film("never-let-me-go-2010", "Never Let Me Go", 2010, "tt1334260")
    serve(apis, "tt0848228", fixture_json("omdb_tt0848228.json"))
    apis.expect_request("/omdb/", query_string={"i": "tt1334260", "apikey": KEY}).respond_with_data(
        "Service Unavailable", status=503
    )
    with pytest.raises(CommandError, match=r"/omdb/\?i=tt1334260: HTTP 503, 3 attempts") as error:
        omdb("--ids", "tt0848228,tt1334260", "--batch-size", "1")
    assert KEY not in str(error.value)
    assert Rating.objects.filter(movie__imdb_id="tt0848228").count() == 3
    assert not Rating.objects.filter(movie__imdb_id="tt1334260").exists()
