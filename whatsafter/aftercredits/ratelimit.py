"""Rate limits every worker process and app server share.

With REDIS_URL the counters live in Redis (INCR, atomic across app servers); without it in
the database (one upsert), which every process on the machine, or every app server on one
PostgreSQL, shares. A local-memory cache would count per process: two workers would each
allow the whole limit. If Redis stops answering, counting falls back to the database and
says so once in the log.

Limits on reads (the JSON API's) are the exception: without Redis they count in each
process's memory, approximate by design, since a database write per read would queue every
read behind SQLite's single writer and fail whenever the database is read-only.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta
from functools import cache

import redis
from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone

from whatsafter.aftercredits.models import RateCount

log = logging.getLogger(__name__)
# This process's own counters for approximate limits (hit(exact=False)): a cache of its own,
# so no CACHES setting (Redis, or a test's override) can take it away.
local_counts = LocMemCache("whatsafter-rate-limits", {})
_redis_failed = False


@cache
def _redis(url: str) -> redis.Redis:
    # Short timeouts: a limit check must not hold a page up when Redis is unreachable.
    return redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)


def hit(key: str, *, window_seconds: int, prune: bool = False, exact: bool = True) -> int:
    """Count one hit for `key` in the current fixed window; the window's count so far.

    `prune` also deletes the database's counters of long-closed windows: the write limits
    pass it, so they pay one more statement per hit and no more.

    `exact=False` is for limits on reads: without Redis they count in this process's memory
    (so N workers allow up to N times the limit), because a database write per read would
    queue every read behind SQLite's one writer and fail whenever the database is read-only.
    """
    window = int(time.time() // window_seconds)
    if settings.REDIS_URL:
        try:
            return _redis_hit(key, window, window_seconds)
        except redis.RedisError as failure:
            _redis_failure(failure)
    if not exact:
        return _memory_hit(key, window, window_seconds)
    count = _database_hit(key, window, window_seconds)
    if prune:
        RateCount.objects.filter(expires_at__lt=timezone.now()).delete()
    return count


def retry_after(window_seconds: int) -> int:
    """Seconds until the current window ends, for a Retry-After header."""
    return window_seconds - int(time.time()) % window_seconds


def _redis_hit(key: str, window: int, window_seconds: int) -> int:
    global _redis_failed
    name = f"whatsafter:rate:{key}:{window}"
    pipe = _redis(settings.REDIS_URL).pipeline()
    pipe.incr(name)
    pipe.expire(name, window_seconds * 2)
    count, _ = pipe.execute()
    if _redis_failed:
        log.warning("Redis answers again; rate limits count in Redis.")
        _redis_failed = False
    return int(count)


def _redis_failure(failure: Exception) -> None:
    global _redis_failed
    if not _redis_failed:
        log.warning("Redis unreachable (%s); rate limits count in the database.", failure)
        _redis_failed = True


def _memory_hit(key: str, window: int, window_seconds: int) -> int:
    name = f"rate:{key}:{window}"
    if local_counts.add(name, 1, timeout=window_seconds * 2):
        return 1
    try:
        return int(local_counts.incr(name))
    except ValueError:  # expired between add and incr
        local_counts.set(name, 1, timeout=window_seconds * 2)
        return 1


def _database_hit(key: str, window: int, window_seconds: int) -> int:
    q = connection.ops.quote_name
    table, key_, bucket, count_, expires_at = (
        q(RateCount._meta.db_table), q("key"), q("bucket"), q("count"), q("expires_at")
    )  # fmt: skip
    expires = timezone.now() + timedelta(seconds=window_seconds)
    # One statement (SQLite >= 3.35, PostgreSQL), so two processes counting at once both
    # count; a hit in a new window starts the row's count again at 1.
    sql = (
        f"INSERT INTO {table} ({key_}, {bucket}, {count_}, {expires_at}) "  # noqa: S608
        f"VALUES (%s, %s, 1, %s) ON CONFLICT ({key_}) DO UPDATE SET "
        f"{count_} = CASE WHEN {table}.{bucket} = excluded.{bucket} "
        f"THEN {table}.{count_} + 1 ELSE 1 END, "
        f"{bucket} = excluded.{bucket}, {expires_at} = excluded.{expires_at} "
        f"RETURNING {count_}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [key[:200], window, expires])
        row = cursor.fetchone()
    return int(row[0])


def client_address(request: HttpRequest) -> str:
    """The visitor's address: REMOTE_ADDR, or behind a trusted proxy (settings.TRUSTED_PROXIES)
    the last address in X-Forwarded-For that is not one of those proxies."""
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXIES
    if remote not in trusted:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for address in reversed(forwarded):
        if address and address not in trusted:
            return address
    return remote
