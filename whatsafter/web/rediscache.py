"""A Redis cache that degrades to "no cache" when Redis is unreachable, and says so once.

Every read then misses and every write is dropped, so the site serves uncached (slower but
correct). After a failure Redis is not tried again for RETRY_SECONDS, so an outage does not
add a connect timeout to every request; the first failure and the recovery are logged once.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

log = logging.getLogger("whatsafter.cache")
RETRY_SECONDS = 5.0


class _Outage:
    """Process-wide state: one outage message per process, not one per request."""

    lock = threading.Lock()
    down_since: float | None = None
    retry_at = 0.0


def redis_down() -> bool:
    """True while this process treats Redis as unreachable (for /readyz)."""
    return _Outage.down_since is not None


# What each cache call returns while Redis is away: a miss, a dropped write, and a counter that
# reads as this one event (rate limits fail open; pages still serve).
_FALLBACKS: dict[str, Any] = {
    "get": None, "get_many": {}, "set": False, "set_many": [], "add": False, "delete": False,
    "delete_many": 0, "incr": 1, "decr": 0, "touch": False, "has_key": False, "clear": False,
    "ttl": None, "expire": False, "persist": False, "delete_pattern": 0,
}  # fmt: skip
_OUTAGE_ERRORS = (ConnectionInterrupted, RedisError, OSError)


class ResilientRedisCache(RedisCache):
    def _guard(self, name: str, *args: Any, **kwargs: Any) -> Any:
        fallback = _FALLBACKS[name]
        if name in ("get", "incr"):  # the caller's default, or the counter's step
            keyword = "default" if name == "get" else "delta"
            fallback = kwargs[keyword] if keyword in kwargs else (args[1:2] or [fallback])[0]
        if _Outage.down_since is not None and time.monotonic() < _Outage.retry_at:
            return fallback
        try:
            result = getattr(super(), name)(*args, **kwargs)
        except _OUTAGE_ERRORS as exc:
            with _Outage.lock:
                if _Outage.down_since is None:
                    _Outage.down_since = time.monotonic()
                    log.error("Redis is unreachable (%s); serving without cache.", exc)
                _Outage.retry_at = time.monotonic() + RETRY_SECONDS
            return fallback
        if _Outage.down_since is not None:
            with _Outage.lock:
                if _Outage.down_since is not None:
                    gone = time.monotonic() - _Outage.down_since
                    log.warning("Redis is back after %.0f s; caching again.", gone)
                    _Outage.down_since = None
        return result

    def ping(self) -> bool:
        """One real round trip, outage window or not: readiness must see Redis as it is."""
        try:
            return bool(self.client.get_client(write=False).ping())
        except _OUTAGE_ERRORS:
            return False


def _guarded(name: str) -> Callable[..., Any]:
    def method(self: ResilientRedisCache, *args: Any, **kwargs: Any) -> Any:
        return self._guard(name, *args, **kwargs)

    method.__name__ = name
    return method


for _name in _FALLBACKS:
    setattr(ResilientRedisCache, _name, _guarded(_name))
