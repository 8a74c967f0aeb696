"""/healthz and /readyz, and the site with its Redis gone: uncached, correct, logged once."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from django.core.cache import caches
from django.test import Client, override_settings

from tests.factories import MovieFactory
from whatsafter.web import rediscache

pytestmark = pytest.mark.django_db

# A port in this worktree's range where nothing listens: connections are refused at once.
DEAD_REDIS = "redis://127.0.0.1:8299/2"


@pytest.fixture
def redis_down() -> Iterator[None]:
    backend = {
        "BACKEND": "whatsafter.web.rediscache.ResilientRedisCache",
        "LOCATION": DEAD_REDIS,
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.25, "SOCKET_TIMEOUT": 0.5},
    }
    rediscache._Outage.down_since = None
    with override_settings(
        REDIS_URL=DEAD_REDIS, CACHES={"default": backend, "shared": {**backend, "KEY_PREFIX": "s"}}
    ):
        yield
    rediscache._Outage.down_since = None
    caches["default"].clear()


def test_healthz_answers_without_touching_anything(
    client: Client, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_checks_the_database_and_the_caches(client: Client) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok", "database": "ok", "cache": "ok", "shared_cache": "ok"
    }  # fmt: skip


def test_readyz_is_503_while_redis_is_unreachable(client: Client, redis_down: None) -> None:
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["cache"] == "unreachable" and response.json()["database"] == "ok"


def test_without_redis_pages_api_and_reports_still_work_and_it_is_logged_once(
    client: Client, redis_down: None, caplog: pytest.LogCaptureFixture
) -> None:
    movie = MovieFactory(title="Still Served")
    with caplog.at_level(logging.WARNING, logger="whatsafter.cache"):
        for _ in range(3):
            assert "Still Served" in client.get(movie.get_absolute_url()).content.decode()
            api = client.get(f"/api/v1/movies/{movie.slug}")
            assert api.status_code == 200 and "Still Served" in api.content.decode()
        report = client.post(f"/movies/{movie.slug}/report/", {"saw": "after"})
        assert report.status_code == 302
    outages = [r for r in caplog.records if "Redis is unreachable" in r.getMessage()]
    assert len(outages) == 1
