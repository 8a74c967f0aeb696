"""The JSON API: same answers as the pages, consistent errors, caching, CORS and limits."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import Client

from tests.factories import (
    CompanyFactory,
    CreditFactory,
    CreditSceneFactory,
    EvidenceFactory,
    MovieFactory,
    RatingFactory,
    WatchOfferFactory,
    add_company,
    with_verdict,
)
from whatsafter.aftercredits.models import Report
from whatsafter.api.models import ApiClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def avengers():  # type: ignore[no-untyped-def]
    movie = MovieFactory(
        title="The Avengers",
        slug="the-avengers-2012",
        year=2012,
        tmdb_id=24428,
        imdb_id="tt0848228",
        runtime_minutes=143,
    )
    EvidenceFactory(movie=movie, claim="during")
    CreditSceneFactory(movie=movie, position="during", order=1, description="Thanos smiles.")
    CreditSceneFactory(movie=movie, position="after", order=2, description="Shawarma.")
    CreditFactory(movie=movie, person__name="Robert Downey Jr.", character="Tony Stark", order=0)
    RatingFactory(movie=movie, source="tmdb")
    add_company(movie, CompanyFactory(name="Marvel Studios", slug="marvel-studios"))
    return with_verdict(movie)


def test_a_film_hides_scene_descriptions_without_spoilers(client: Client, avengers) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/api/v1/movies/the-avengers-2012").json()
    assert body["verdict"]["status"] == "yes"
    assert (body["verdict"]["during_count"], body["verdict"]["after_count"]) == (1, 1)
    assert [s["description"] for s in body["scenes"]] == [None, None]
    assert body["cast"][0] == {
        "name": "Robert Downey Jr.",
        "slug": body["cast"][0]["slug"],
        "character": "Tony Stark",
        "order": 0,
    }
    ratings = {r["source"]: r["display"] for r in body["ratings"]}
    assert ratings["tmdb"] == "7.3/10" and ratings["metascore"] is None
    spoiled = client.get("/api/v1/movies/the-avengers-2012?spoilers=true").json()
    assert [s["description"] for s in spoiled["scenes"]] == ["Thanos smiles.", "Shawarma."]


def test_films_are_found_by_tmdb_and_imdb_id(client: Client, avengers) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/api/v1/movies/tmdb/24428").json()["slug"] == "the-avengers-2012"
    assert client.get("/api/v1/movies/imdb/tt0848228").json()["slug"] == "the-avengers-2012"


def test_the_answer_endpoint_is_compact_and_asks_for_a_year_when_ambiguous(
    client: Client, avengers
) -> None:  # type: ignore[no-untyped-def]
    MovieFactory(title="The Avengers", slug="the-avengers-1998", year=1998)
    ambiguous = client.get("/api/v1/answer", {"title": "the avengers"})
    assert ambiguous.status_code == 409
    assert ambiguous.json()["error"]["code"] == "ambiguous"
    assert {c["year"] for c in ambiguous.json()["error"]["candidates"]} == {1998, 2012}
    body = client.get("/api/v1/answer", {"title": "The Avengers", "year": 2012}).json()
    assert (body["status"], body["during_count"], body["after_count"]) == ("yes", 1, 1)
    assert "TMDb keywords, recorded" in body["evidence_summary"]
    assert body["scenes"][0]["description"] is None


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("/api/v1/movies/nope", 404, "not_found"),
        ("/api/v1/answer?title=Nothing+Like+It", 404, "not_found"),
        ("/api/v1/answer", 400, "invalid"),
        ("/api/v1/answer?title=x&year=abc", 400, "invalid"),
        ("/api/v1/latest?page_size=1000", 400, "invalid"),
        ("/api/v1/search?limit=0", 400, "invalid"),
    ],
)
def test_errors_have_one_shape_and_the_right_status(
    client: Client, url: str, status: int, code: str
) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message"]


@pytest.mark.parametrize(
    "query", ["", "x" * 10_000, "%%%", "'; DROP TABLE catalog_movie; --", "<script>"]
)
def test_odd_search_queries_never_fail(client: Client, query: str) -> None:
    response = client.get("/api/v1/search", {"q": query})
    assert response.status_code == 200
    assert set(response.json()) == {
        "query", "films", "people", "companies", "person", "person_films"
    }  # fmt: skip


def test_search_groups_films_people_and_companies(client: Client, avengers) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/api/v1/search", {"q": "marvel"}).json()
    assert [c["name"] for c in body["companies"]] == ["Marvel Studios"]
    body = client.get("/api/v1/search", {"q": "downey"}).json()
    assert body["people"][0]["name"] == "Robert Downey Jr."


def test_reads_are_cacheable_with_etags_and_open_to_other_origins(client: Client, avengers) -> None:  # type: ignore[no-untyped-def]
    first = client.get("/api/v1/movies/the-avengers-2012")
    assert first["Cache-Control"] == "public, max-age=300"
    assert first["Access-Control-Allow-Origin"] == "*"
    again = client.get("/api/v1/movies/the-avengers-2012", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    preflight = client.options("/api/v1/answer")
    assert preflight.status_code == 204 and "GET" in preflight["Access-Control-Allow-Methods"]


def test_anonymous_reads_are_rate_limited_with_retry_after(client: Client, settings) -> None:
    settings.API_READS_PER_MINUTE = 3
    statuses = [client.get("/api/v1/latest").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = client.get("/api/v1/latest")
    assert limited.json()["error"]["code"] == "rate_limited"
    assert 0 < int(limited["Retry-After"]) <= 60


def test_latest_costs_one_query_and_pages(
    client: Client, item_count: int, django_assert_num_queries
) -> None:
    for n in range(item_count):
        with_verdict(MovieFactory(title=f"New {n}", year=2016))
    with django_assert_num_queries(1):
        body = client.get("/api/v1/latest", {"page_size": 2}).json()
    assert len(body["results"]) == min(2, item_count)
    assert (body["next"] is not None) == (item_count > 2)


def test_a_company_costs_the_same_queries_for_one_or_many_films(
    client: Client, item_count: int, django_assert_num_queries
) -> None:
    company = CompanyFactory(slug="studio")
    for _ in range(item_count):
        add_company(with_verdict(MovieFactory()), company)
    with django_assert_num_queries(2):
        assert len(client.get("/api/v1/companies/studio").json()["films"]) == item_count


def test_an_anonymous_report_follows_the_web_rules(client: Client, avengers) -> None:  # type: ignore[no-untyped-def]
    url = "/api/v1/movies/the-avengers-2012/reports"
    created = client.post(
        url, {"saw": "after", "note": "Worth it"}, content_type="application/json"
    )
    assert created.status_code == 201
    assert created.json()["verdict"]["report_count"] == 1
    again = client.post(url, {"saw": "nothing"}, content_type="application/json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "duplicate"
    spam = client.post(
        "/api/v1/movies/the-avengers-2012/reports",
        {"saw": "after", "note": "http://spam.example"},
        content_type="application/json",
        REMOTE_ADDR="192.0.2.9",
    )
    assert spam.status_code == 400
    bad = client.post(url, {"saw": "maybe"}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid"
    assert (
        client.post(
            "/api/v1/movies/nope/reports", {"saw": "after"}, content_type="application/json"
        ).status_code
        == 404
    )
    assert Report.objects.get().via == "api"


def test_an_api_key_speaks_for_many_users_each_once(client: Client, avengers) -> None:  # type: ignore[no-untyped-def]
    _, key = ApiClient.issue(name="Cinema app")

    def report(reporter: str, api_key: str = key) -> HttpResponse:
        return client.post(
            "/api/v1/movies/the-avengers-2012/reports",
            {"saw": "after", "reporter": reporter},
            content_type="application/json",
            headers={"X-API-Key": api_key},
        )

    assert [report(user).status_code for user in ("u1", "u2")] == [201, 201]
    assert report("u1").status_code == 409
    wrong = report("u3", api_key="wa_nope")
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "unauthorised"


def test_the_openapi_document_and_docs_page_are_served(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "What's After API"
    assert "/api/v1/answer" in schema["paths"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    # Served from our own static files, so the page works without reaching a CDN.
    assert "/static/ninja/swagger-ui-bundle.js" in docs.content.decode()


def test_offers_keep_the_region_code_and_add_its_name(client: Client) -> None:
    movie = MovieFactory(slug="kolya-1996")
    WatchOfferFactory(movie=movie, region="CZ", provider="Voyo", kind="stream")
    body = client.get("/api/v1/movies/kolya-1996").json()
    assert [(o["region"], o["region_name"]) for o in body["offers"]] == [("CZ", "Czechia")]
