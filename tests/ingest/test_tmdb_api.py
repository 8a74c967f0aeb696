"""`whatsafter import tmdb`: the TMDb API, served by a local server in TMDb's shapes."""

from __future__ import annotations

import json
import time
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.ingest.conftest import Naps, fixture_json
from whatsafter.aftercredits.models import Evidence
from whatsafter.catalog.models import Company, Credit, Genre, Movie, Person, Release
from whatsafter.ingest.models import ImportRun, RejectedRow
from whatsafter.ratings.models import Rating
from whatsafter.search.selectors import search
from whatsafter.watch.models import WatchOffer
from whatsafter.web.selectors import movie_page

pytestmark = pytest.mark.django_db

KEY = "0123456789abcdef0123456789abcdef"
INVALID_KEY = {
    "status_code": 7,
    "status_message": "Invalid API key: You must be granted a valid key.",
    "success": False,
}


def serve_films(server: HTTPServer, *ids: int) -> None:
    for tmdb_id in ids:
        server.expect_request(f"/3/movie/{tmdb_id}").respond_with_json(
            fixture_json(f"tmdb_movie_{tmdb_id}.json")
        )


def tmdb(*args: str, naps: Naps | None = None) -> str:
    out = StringIO()
    call_command("import", "tmdb", "--api-key", KEY, *args, stdout=out, sleep=naps or Naps())
    return out.getvalue()


def requests_to(server: HTTPServer, path: str) -> list[Request]:
    return [request for request, _ in server.log if request.path == path]


def snapshot() -> dict[str, Any]:
    """What the catalogue holds, without row ids or clock times, to compare two runs."""
    return {
        "movies": sorted(
            Movie.objects.values_list(
                "slug", "tmdb_id", "imdb_id", "title", "year", "runtime_minutes", "overview",
                "tagline", "certification", "poster_url", "homepage", "popularity",
            )
        ),
        "credits": sorted(
            Credit.objects.values_list(
                "movie__slug", "person__slug", "kind", "character", "order", "department", "job"
            )
        ),
        "people": sorted(Person.objects.values_list("slug", "tmdb_id")),
        "companies": sorted(Company.objects.values_list("slug", "tmdb_id")),
        "genres": sorted(Movie.genres.through.objects.values_list("movie__slug", "genre__name")),
        "releases": sorted(
            Release.objects.values_list(
                "movie__slug", "region", "kind", "release_date", "certification"
            )
        ),
        "offers": sorted(
            WatchOffer.objects.values_list("movie__slug", "region", "provider", "kind", "url")
        ),
        "ratings": sorted(
            Rating.objects.values_list("movie__slug", "source", "value", "vote_count")
        ),
        "evidence": sorted(Evidence.objects.values_list("movie__slug", "source", "claim")),
        "verdicts": sorted(Movie.objects.values_list("slug", "verdict__status")),
    }  # fmt: skip


def test_an_import_puts_the_whole_film_page_in_place(apis: HTTPServer) -> None:
    serve_films(apis, 24428, 42188)
    output = tmdb("--ids", "24428,42188")

    assert "tmdb: read 2, inserted 2, updated 0, unchanged 0, rejected 0" in output
    movie = Movie.objects.get(tmdb_id=24428)
    assert (movie.slug, movie.imdb_id, movie.year, movie.runtime_minutes) == (
        "the-avengers-2012",
        "tt0848228",
        2012,
        143,
    )
    assert movie.tagline == "Some assembly required."
    assert movie.certification == "PG-13"
    assert movie.poster_url == "https://image.tmdb.org/t/p/w500/RYMX2wcKCBAr24UyPD7xwmjaTn.jpg"
    assert movie.field_sources["overview"]["source"] == "tmdb-api"

    page = movie_page(slug="the-avengers-2012")
    assert [(c.person.name, c.character, c.order) for c in page.cast] == [
        ("Robert Downey Jr.", "Tony Stark / Iron Man", 0),
        ("Chris Evans", "Steve Rogers / Captain America", 1),
        ("Chris Hemsworth", "Thor", 2),
        ("Scarlett Johansson", "Natasha Romanoff / Black Widow", 3),
    ]
    assert {(c.person.name, c.department, c.job) for c in page.crew} == {
        ("Joss Whedon", "Directing", "Director"),
        ("Joss Whedon", "Writing", "Screenplay"),
        ("Kevin Feige", "Production", "Producer"),
        ("Alan Silvestri", "Sound", "Original Music Composer"),
    }
    assert Person.objects.get(tmdb_id=12891).name == "Joss Whedon"
    assert page.companies == ["Marvel Studios"]
    assert sorted(page.genres) == ["Action", "Adventure", "Science Fiction"]
    assert {
        (r.region, r.kind, str(r.release_date), r.certification) for r in movie.releases.all()
    } == {
        ("GB", 3, "2012-04-26", "12A"),
        ("US", 1, "2012-04-11", ""),
        ("US", 3, "2012-05-04", "PG-13"),
        ("US", 5, "2012-09-25", "PG-13"),
    }
    offers = {(g.region, o.provider, o.kind) for g in page.offer_groups for o in g.offers}
    assert offers == {
        ("GB", "Disney Plus", "stream"),
        ("GB", "Sky Store", "rent"),
        ("US", "Disney Plus", "stream"),
        ("US", "Apple TV", "rent"),
        ("US", "Apple TV", "buy"),
        ("US", "Amazon Video", "buy"),
    }
    tmdb_slot = next(slot for slot in page.ratings if slot.source == "tmdb")
    assert (tmdb_slot.display, tmdb_slot.vote_count) == ("7.7/10", 31211)
    # duringcreditsstinger and aftercreditsstinger: recorded as TMDb's claims, verdict Yes.
    assert set(movie.evidence.values_list("source", "claim")) == {
        ("tmdb_keyword", "during"),
        ("tmdb_keyword", "after"),
    }
    assert movie.verdict.status == "yes"
    assert (movie.verdict.during_count, movie.verdict.after_count) == (1, 1)
    # No keyword: TMDb tracks scenes but lists none, which is weak evidence.
    assert Movie.objects.get(tmdb_id=42188).verdict.status == "probably_not"
    # Missing stays missing: Never Let Me Go has no homepage, no tagline, no offers.
    quiet = Movie.objects.get(tmdb_id=42188)
    assert (quiet.homepage, quiet.tagline) == ("", "")
    assert "tagline" not in quiet.field_sources
    run = ImportRun.objects.get(source="tmdb-api")
    assert (run.status, run.rows_read, run.inserted) == ("succeeded", 2, 2)
    # Search knows the new films and people at once.
    found = search("avengers 2012")
    assert [m.tmdb_id for m in found.films][:1] == [24428]
    assert "Joss Whedon" in [p.name for p in search("joss whedon").people]


def test_a_rerun_changes_nothing_and_asks_the_api_nothing(apis: HTTPServer) -> None:
    serve_films(apis, 24428, 42188)
    tmdb("--ids", "24428,42188")
    before = snapshot()
    asked = len(apis.log)

    output = tmdb("--ids", "24428,42188")

    assert len(apis.log) == asked
    assert "inserted 0, updated 0, unchanged 2" in output
    assert "(0 requests, 2 from the cache)" in output
    assert snapshot() == before


def test_the_cache_holds_whole_answers_written_atomically(apis: HTTPServer, settings: Any) -> None:
    serve_films(apis, 24428)
    tmdb("--ids", "24428")
    folder = Path(settings.IMPORT_CACHE_DIR) / "tmdb" / "movie"
    assert [p.name for p in folder.iterdir()] == ["24428.json"]  # no temp files left
    entry = json.loads((folder / "24428.json").read_text())
    assert entry["body"] == fixture_json("tmdb_movie_24428.json")


def test_it_waits_out_a_429_with_retry_after_then_succeeds(apis: HTTPServer, naps: Naps) -> None:
    apis.expect_oneshot_request("/3/movie/24428").respond_with_json(
        {"status_code": 25, "status_message": "Your request count is over the allowed limit."},
        status=429,
        headers={"Retry-After": "7"},
    )
    serve_films(apis, 24428)

    tmdb("--ids", "24428", naps=naps)

    assert naps.waits == [7.0]
    assert len(requests_to(apis, "/3/movie/24428")) == 2
    assert Movie.objects.filter(tmdb_id=24428).exists()


def test_a_huge_retry_after_is_capped(apis: HTTPServer, naps: Naps) -> None:
    apis.expect_oneshot_request("/3/movie/24428").respond_with_data(
        "", status=429, headers={"Retry-After": "86400"}
    )
    serve_films(apis, 24428)
    tmdb("--ids", "24428", naps=naps)
    assert naps.waits == [60.0]


def test_a_5xx_is_retried_with_growing_waits(apis: HTTPServer, naps: Naps) -> None:
    apis.expect_oneshot_request("/3/movie/24428").respond_with_data("", status=502)
    apis.expect_oneshot_request("/3/movie/24428").respond_with_data("", status=503)
    serve_films(apis, 24428)
    tmdb("--ids", "24428", naps=naps)
    assert naps.waits == [1.0, 2.0]
    assert Movie.objects.filter(tmdb_id=24428).exists()


def test_a_500_storm_stops_with_the_id_and_keeps_earlier_batches(
    apis: HTTPServer, naps: Naps
) -> None:
    serve_films(apis, 24428)
    apis.expect_request("/3/movie/42188").respond_with_data("Internal error", status=500)

    with pytest.raises(CommandError, match=r"/3/movie/42188.*HTTP 500, 3 attempts") as error:
        tmdb("--ids", "24428,42188,9320", "--batch-size", "2", naps=naps)

    assert KEY not in str(error.value)  # the key never appears in messages
    assert "Run the same command again to resume" in str(error.value)
    # The failing batch (24428, 42188) wrote nothing at all; nothing after it was asked.
    assert not Movie.objects.exists()
    assert not Person.objects.exists()
    assert not requests_to(apis, "/3/movie/9320")
    assert naps.waits == [1.0, 2.0]
    run = ImportRun.objects.get(source="tmdb-api")
    assert run.status == "failed"
    assert "42188" in run.message


def test_batches_before_the_failure_stay_committed(apis: HTTPServer) -> None:
    serve_films(apis, 24428)
    apis.expect_request("/3/movie/42188").respond_with_data("", status=500)
    with pytest.raises(CommandError):
        tmdb("--ids", "24428,42188", "--batch-size", "1")
    movie = Movie.objects.get(tmdb_id=24428)
    assert movie.verdict.status == "yes"
    assert movie.credits.count() == 8
    assert not Movie.objects.filter(tmdb_id=42188).exists()


def test_a_timeout_is_an_error_naming_the_url(apis: HTTPServer, naps: Naps, settings: Any) -> None:
    settings.IMPORT_HTTP_TIMEOUT = 0.2

    def slow(request: Request) -> Response:
        time.sleep(0.3)
        return Response("{}", content_type="application/json")

    apis.expect_request("/3/movie/24428").respond_with_handler(slow)
    with pytest.raises(CommandError, match=r"/3/movie/24428.*timed out after 0.2 s, 3 attempts"):
        tmdb("--ids", "24428", naps=naps)
    assert not Movie.objects.exists()
    assert naps.waits == [1.0, 2.0]
    # The server answers the abandoned requests late; let it finish before the next test.
    deadline = time.monotonic() + 5
    while len(apis.log) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)


def test_an_invalid_key_is_a_clear_error_and_writes_nothing(apis: HTTPServer) -> None:
    apis.expect_request("/3/movie/24428").respond_with_json(INVALID_KEY, status=401)
    with pytest.raises(CommandError, match=r"API key was refused .Invalid API key"):
        tmdb("--ids", "24428,42188")
    assert not Movie.objects.exists()
    assert len(apis.log) == 1  # a refused key is not retried
    assert ImportRun.objects.get(source="tmdb-api").status == "failed"


def test_no_key_at_all_is_an_error(apis: HTTPServer) -> None:
    with pytest.raises(CommandError, match="No TMDb API key"):
        call_command("import", "tmdb", "--ids", "1", stdout=StringIO())


def test_a_v4_token_goes_in_the_authorization_header(apis: HTTPServer) -> None:
    token = "eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJ4In0.c2lnbmF0dXJl"
    serve_films(apis, 42188)
    call_command("import", "tmdb", "--api-key", token, "--ids", "42188", stdout=StringIO())
    (request,) = requests_to(apis, "/3/movie/42188")
    assert request.headers["Authorization"] == f"Bearer {token}"
    assert "api_key" not in request.args
    assert request.args["append_to_response"] == (
        "credits,keywords,release_dates,watch/providers,external_ids"
    )


def test_a_resumed_run_ends_where_an_uninterrupted_one_does(apis: HTTPServer) -> None:
    serve_films(apis, 24428, 9320)
    apis.expect_request("/3/movie/42188").respond_with_data("", status=500)
    with pytest.raises(CommandError):
        tmdb("--ids", "24428,42188,9320", "--batch-size", "1")
    apis.clear()
    serve_films(apis, 24428, 42188, 9320)

    tmdb("--ids", "24428,42188,9320", "--batch-size", "1")

    # Only the film that failed was asked for again; the rest came from the cache.
    assert [r.path for r, _ in apis.log] == ["/3/movie/42188", "/3/movie/9320"]
    resumed = snapshot()
    Movie.objects.all().delete()
    Person.objects.all().delete()
    Company.objects.all().delete()
    Genre.objects.all().delete()
    tmdb("--ids", "24428,42188,9320", "--batch-size", "1")
    assert snapshot() == resumed


def test_a_missing_film_is_rejected_and_the_run_goes_on(apis: HTTPServer) -> None:
    apis.expect_request("/3/movie/1").respond_with_json(
        {"success": False, "status_code": 34, "status_message": "The resource could not be found."},
        status=404,
    )
    serve_films(apis, 42188)
    output = tmdb("--ids", "1,42188")
    assert "rejected tmdb/movie/1: not found (HTTP 404)" in output
    assert Movie.objects.filter(tmdb_id=42188).exists()
    assert RejectedRow.objects.get().file == "tmdb/movie/1"


def test_changes_since_imports_every_changed_film_but_adult_ones(apis: HTTPServer) -> None:
    apis.expect_request("/3/movie/changes").respond_with_json(fixture_json("tmdb_changes.json"))
    serve_films(apis, 24428, 42188)
    output = tmdb("--changes", "2026-11-20")
    (listing,) = requests_to(apis, "/3/movie/changes")
    assert (listing.args["start_date"], listing.args["page"]) == ("2026-11-20", "1")
    assert "read 2, inserted 2" in output
    assert not requests_to(apis, "/3/movie/999001")


def test_popular_takes_the_first_n_across_pages(apis: HTTPServer) -> None:
    for page in (1, 2):
        apis.expect_request(
            "/3/movie/popular", query_string={"api_key": KEY, "page": str(page)}
        ).respond_with_json(fixture_json(f"tmdb_popular_page{page}.json"))
    serve_films(apis, 24428, 42188)
    tmdb("--popular", "2")
    assert set(Movie.objects.values_list("tmdb_id", flat=True)) == {24428, 42188}


def test_a_dead_server_is_an_error_after_the_retries(
    apis: HTTPServer, naps: Naps, settings: Any
) -> None:
    settings.TMDB_API_URL = "http://127.0.0.1:9/3"  # the discard port: nothing listens
    with pytest.raises(CommandError, match=r"127.0.0.1:9/3/movie/24428.*connection failed"):
        tmdb("--ids", "24428", naps=naps)
    assert naps.waits == [1.0, 2.0]


def test_retry_after_may_be_an_http_date(apis: HTTPServer, naps: Naps) -> None:
    apis.expect_oneshot_request("/3/movie/24428").respond_with_data(
        "", status=429, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}
    )
    serve_films(apis, 24428)
    tmdb("--ids", "24428", naps=naps)
    assert naps.waits == [0.0]  # a date already past: go at once
