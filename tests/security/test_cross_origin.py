"""Another site's page must not be able to make its visitors file reports through the API."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.factories import MovieFactory, with_verdict
from whatsafter.aftercredits.models import Report

pytestmark = pytest.mark.django_db
URL = "/api/v1/movies/film-2010/reports"
BODY = json.dumps({"saw": "after"})


@pytest.fixture
def film() -> None:
    with_verdict(MovieFactory(slug="film-2010"))


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)
def test_a_write_a_page_could_send_without_preflight_is_refused(
    client: Client, film: None, content_type: str
) -> None:
    response = client.post(URL, BODY, content_type=content_type)
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"
    assert not Report.objects.exists()


def test_a_json_write_from_another_origin_is_refused(client: Client, film: None) -> None:
    response = client.post(
        URL, BODY, content_type="application/json", headers={"Origin": "https://evil.example"}
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "cross_origin"
    assert not Report.objects.exists()


def test_the_preflight_grants_other_origins_reads_only(client: Client) -> None:
    preflight = client.options(
        URL,
        headers={
            "Origin": "https://evil.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    assert "content-type" not in preflight["Access-Control-Allow-Headers"].lower()


def test_same_origin_and_non_browser_json_writes_still_work(client: Client, film: None) -> None:
    plain = client.post(URL, BODY, content_type="application/json")
    assert plain.status_code == 201
    same_site = client.post(
        URL, BODY, content_type="application/json",
        headers={"Origin": "http://testserver"}, REMOTE_ADDR="192.0.2.1",
    )  # fmt: skip
    assert same_site.status_code == 201


def test_reads_stay_open_to_every_origin(client: Client, film: None) -> None:
    response = client.get("/api/v1/movies/film-2010", headers={"Origin": "https://other.example"})
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
