"""Faults against a real server process: the database locked, gone, then back.

Production settings (DEBUG off); the server answers 503 with Retry-After within 2 s,
shows no traceback, and serves again by itself once the database is back.
"""

from __future__ import annotations

import re
import sqlite3
import time
from pathlib import Path

import httpx
import pytest
from django.db import connection

from tests.factories import MovieFactory
from tests.live import TcpProxy, database_env, server_process

pytestmark = pytest.mark.django_db(transaction=True)

sqlite_only = pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite's own faults")
postgres_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="a server to lose")


def timed(call, *args, **kwargs):  # type: ignore[no-untyped-def]
    started = time.monotonic()
    response = call(*args, **kwargs)
    return response, time.monotonic() - started


def assert_503(response: httpx.Response, elapsed: float) -> None:
    assert response.status_code == 503, response.text[:500]
    assert elapsed < 2.0
    assert int(response.headers["Retry-After"]) > 0
    assert "Traceback" not in response.text and "Error" not in response.text.split("<main")[0]


def report_form(client: httpx.Client, film_url: str) -> dict[str, str]:
    html = client.get(film_url).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return {"saw": "after", **({"csrfmiddlewaretoken": token.group(1)} if token else {})}


def stored_reports(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute("SELECT count(*) FROM aftercredits_report").fetchone()[0])


@sqlite_only
def test_a_locked_sqlite_database_answers_503_fast_then_stores(tmp_path: Path) -> None:
    movie = MovieFactory()
    env = database_env(tmp_path)
    path = Path(env["SQLITE_PATH"])
    with server_process(env, tmp_path) as url, httpx.Client(base_url=url) as client:
        film = movie.get_absolute_url()
        form = report_form(client, film)
        report = f"/movies/{movie.slug}/report/"
        blocker = sqlite3.connect(path, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")  # another writer holds the lock (an import, say)
        try:
            response, elapsed = timed(client.post, report, data=form)
            assert_503(response, elapsed)
            assert "Nothing you sent was saved" in response.text
            htmx, elapsed = timed(client.post, report, data=form, headers={"HX-Request": "true"})
            assert_503(htmx, elapsed)
            assert 'role="alert"' in htmx.text and "<html" not in htmx.text
            # Readers are not blocked by a writer (WAL): the film page still serves.
            assert client.get(film).status_code == 200
        finally:
            blocker.rollback()
            blocker.close()
        assert stored_reports(path) == 0
        assert client.post(report, data=form).status_code == 302  # stored, back to the film
    assert stored_reports(path) == 1


@sqlite_only
def test_a_vanished_sqlite_database_answers_503_and_recovers(tmp_path: Path) -> None:
    movie, other = MovieFactory(), MovieFactory()
    env = database_env(tmp_path)
    folder = Path(env["SQLITE_PATH"]).parent
    with server_process(env, tmp_path) as url, httpx.Client(base_url=url) as client:
        assert client.get(movie.get_absolute_url()).status_code == 200
        # A page served before may come from the page cache; one never served cannot.
        film = other.get_absolute_url()
        folder.rename(folder.with_name("unmounted"))  # the volume went away
        try:
            response, elapsed = timed(client.get, film)
            assert_503(response, elapsed)
            assert "cannot reach our database" in response.text
            api, elapsed = timed(client.get, f"/api/v1/movies/{movie.slug}")
            assert api.status_code == 503 and elapsed < 2.0
            assert api.json()["error"]["code"] == "unavailable"
        finally:
            folder.with_name("unmounted").rename(folder)
        assert client.get(film).status_code == 200


@postgres_only
def test_a_lost_postgres_server_answers_503_and_recovers(tmp_path: Path) -> None:
    movie, other = MovieFactory(), MovieFactory()
    proxy = TcpProxy(int(connection.settings_dict["PORT"] or 5432))
    proxy.start()
    env = database_env(tmp_path, via_port=proxy.port)
    try:
        with server_process(env, tmp_path) as url, httpx.Client(base_url=url) as client:
            assert client.get(movie.get_absolute_url()).status_code == 200  # a kept connection
            film = other.get_absolute_url()  # never served, so not in the page cache
            proxy.stop()
            for _ in range(2):  # the kept connection breaks, then new ones are refused
                response, elapsed = timed(client.get, film)
                assert_503(response, elapsed)
            api, elapsed = timed(client.get, f"/api/v1/movies/{movie.slug}")
            assert api.status_code == 503 and elapsed < 2.0
            assert api.json()["error"]["reason"] == "down"
            proxy.start()
            assert client.get(film).status_code == 200
            assert client.get(f"/api/v1/movies/{movie.slug}").status_code == 200
    finally:
        proxy.stop()
