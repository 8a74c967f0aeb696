"""Two app servers on one PostgreSQL + Redis behave as one site: rate limits, sessions and the
page cache are shared. Runs wherever both are reachable (CI has them); skips otherwise."""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from django.db import connection

from tests.factories import EvidenceFactory, MovieFactory, with_verdict
from whatsafter.web.management.commands.serve import granian_argv

ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = os.environ.get("WHATSAFTER_TEST_REDIS_URL", "redis://127.0.0.1:6379/2")
PORTS = (8220, 8221)

pytestmark = pytest.mark.django_db(transaction=True)


def _redis_reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def two_servers(tmp_path: Path) -> Iterator[tuple[str, str]]:
    if connection.vendor != "postgresql":
        pytest.skip("needs the PostgreSQL run (DATABASE_URL)")
    if not _redis_reachable():
        pytest.skip(f"needs Redis at {REDIS_URL}")
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    env = {
        **os.environ, "DATABASE_URL": database_url, "REDIS_URL": REDIS_URL, "DEBUG": "false",
        "SECURE_COOKIES": "false", "PAGE_CACHE": "true", "REPORTS_PER_HOUR": "1",
        "SECRET_KEY": "scale-out-test-key-" + "x" * 40, "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "whatsafter.settings", "SECRET_KEY_FILE": str(tmp_path / "k"),
    }  # fmt: skip
    procs = [
        subprocess.Popen(  # noqa: S603 - the production server command
            granian_argv(host="127.0.0.1", port=port, workers=1),
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for port in PORTS
    ]
    urls = tuple(f"http://127.0.0.1:{port}" for port in PORTS)
    try:
        for url in urls:
            for _ in range(150):
                try:
                    if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            else:
                raise AssertionError(f"{url} did not start")
        yield urls  # type: ignore[misc]
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=20)
        redis.Redis.from_url(REDIS_URL).flushdb()


def _admin_login(client: httpx.Client, url: str, password: str) -> None:
    form = client.get(url + "/admin/login/").text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
    done = client.post(
        url + "/admin/login/?next=/admin/",
        data={"username": "editor", "password": password, "csrfmiddlewaretoken": token},
    )
    assert done.status_code == 302, done.text[:500]


def test_two_servers_share_rate_limits_sessions_and_the_page_cache(
    two_servers: tuple[str, str],
    django_user_model,  # type: ignore[no-untyped-def]
) -> None:
    one, other = two_servers
    film = EvidenceFactory(claim="none_recorded").movie
    with_verdict(film)
    second_film = MovieFactory()
    django_user_model.objects.create_superuser("editor", "e@example.org", "s3cret-pass-word")
    page = film.get_absolute_url()

    # Both servers have the page cached (a second GET is answered with the same Last-Modified).
    cached = {url: httpx.get(url + page).headers["last-modified"] for url in (one, other)}
    time.sleep(1.1)
    assert {url: httpx.get(url + page).headers["last-modified"] for url in cached} == cached
    assert 'answer-word">Probably not' in httpx.get(other + page).text

    # A report through one server counts against the same address on the other.
    first = httpx.post(one + page + "report/", data={"saw": "after"})
    assert first.status_code == 302
    limited = httpx.post(other + second_film.get_absolute_url() + "report/", data={"saw": "after"})
    assert limited.status_code == 429
    assert "of 1 viewer agree" in httpx.get(other + page).text

    # An editor logs in on one server; the session works on the other; the edit shows on both.
    with httpx.Client() as editor:
        _admin_login(editor, one, "s3cret-pass-word")
        assert editor.get(other + "/admin/").status_code == 200
        form = editor.get(one + "/admin/aftercredits/evidence/add/").text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
        saved = editor.post(
            one + "/admin/aftercredits/evidence/add/",
            data={
                "movie": film.pk, "source": "editor", "claim": "after",
                "asserted_at_0": "2026-11-24", "asserted_at_1": "12:00:00",
                "detail": "watched it", "csrfmiddlewaretoken": token,
            },
        )  # fmt: skip
        assert saved.status_code == 302, saved.text[:500]
    assert 'answer-word">Yes' in httpx.get(other + page).text
    assert 'answer-word">Yes' in httpx.get(one + page).text
