"""Rate limits count in a store every worker process shares: the database without Redis,
Redis with REDIS_URL. Two real processes hammer one limit at once; together they get it once."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis
from django.test import Client, RequestFactory

from tests.factories import MovieFactory, with_verdict
from whatsafter.aftercredits import ratelimit
from whatsafter.aftercredits.models import Report

ROOT = Path(__file__).resolve().parents[2]
REDIS_TEST_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/3")
LIMIT, PER_PROCESS = 20, 20
# Each process counts PER_PROCESS hits on one key and prints how many were within LIMIT.
COUNTER = (
    "import django; django.setup();"
    "from whatsafter.aftercredits import ratelimit;"
    "import sys; key = sys.argv[1];"
    f"print(sum(ratelimit.hit(key, window_seconds=3600) <= {LIMIT} for _ in range({PER_PROCESS})))"
)


def redis_reachable() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


def run_two_counters(env: dict[str, str]) -> list[int]:
    key = f"test:{uuid.uuid4().hex}"
    command = [sys.executable, "-c", COUNTER, key]
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "text": True}
    processes = [
        subprocess.Popen(command, cwd=ROOT, env=env, **pipes)  # type: ignore[call-overload]  # noqa: S603
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120) for p in processes]
    assert all(p.returncode == 0 for p in processes), [err for _, err in outputs]
    return [int(out.strip().splitlines()[-1]) for out, _ in outputs]


@pytest.fixture
def file_database(tmp_path: Path) -> dict[str, str]:
    """A SQLite file both processes open (the test database lives in this process's memory)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env |= {"SQLITE_PATH": str(tmp_path / "db.sqlite3"), "DEBUG": "true"}
    migrated = subprocess.run(
        [sys.executable, "manage.py", "migrate", "aftercredits", "--noinput"], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert migrated.returncode == 0, migrated.stderr
    return env


def test_two_processes_share_one_limit_in_the_database(file_database: dict[str, str]) -> None:
    allowed = run_two_counters(file_database)
    assert sum(allowed) == LIMIT, allowed


@pytest.mark.skipif(not redis_reachable(), reason="no Redis at TEST_REDIS_URL")
def test_two_processes_share_one_limit_in_redis(file_database: dict[str, str]) -> None:
    allowed = run_two_counters(file_database | {"REDIS_URL": REDIS_TEST_URL})
    assert sum(allowed) == LIMIT, allowed


@pytest.mark.django_db
def test_reports_are_limited_per_address_not_per_process(client: Client, settings) -> None:
    """Counts live in the database: a fresh local cache (another worker) changes nothing."""
    settings.REPORTS_PER_HOUR = 2
    films = [with_verdict(MovieFactory()) for _ in range(3)]
    statuses = []
    for movie in films:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                       "LOCATION": uuid.uuid4().hex}}  # fmt: skip
        response = client.post(f"{movie.get_absolute_url()}report/", {"saw": "after"})
        statuses.append(response.status_code)
    assert statuses == [302, 302, 429]
    assert Report.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.skipif(not redis_reachable(), reason="no Redis at TEST_REDIS_URL")
def test_redis_counts_and_an_unreachable_redis_falls_back(settings, caplog) -> None:
    settings.REDIS_URL = REDIS_TEST_URL
    key = f"test:{uuid.uuid4().hex}"
    assert [ratelimit.hit(key, window_seconds=60) for _ in range(3)] == [1, 2, 3]
    settings.REDIS_URL = "redis://127.0.0.1:8399/0"  # nothing listens on our last port
    with caplog.at_level("WARNING"):
        fallback = [ratelimit.hit(key, window_seconds=60) for _ in range(3)]
    assert fallback == [1, 2, 3]  # counted on, in the database
    assert sum("Redis unreachable" in r.message for r in caplog.records) == 1
    settings.REDIS_URL = REDIS_TEST_URL
    assert ratelimit.hit(key, window_seconds=60) == 4


def test_the_client_behind_a_trusted_proxy_is_counted(settings) -> None:
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.5"
    )
    assert ratelimit.client_address(request) == "203.0.113.5"
    spoofed = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="10.0.0.1")
    assert ratelimit.client_address(spoofed) == "192.0.2.1"
