"""/healthz (the process answers) and /readyz (it can serve: database and caches reachable),
for load balancers, systemd and the deploy script."""

from __future__ import annotations

import logging

from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

log = logging.getLogger("whatsafter.health")


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception as exc:  # any failure means "not ready"
        log.warning("readyz: database unreachable: %s", exc)
        return False


def _cache(alias: str) -> bool:
    cache = caches[alias]
    ping = getattr(cache, "ping", None)
    if ping is not None:  # Redis: a real round trip, not the outage-tolerant wrapper
        return bool(ping())
    try:
        cache.set("readyz", "1", timeout=10)
        return bool(cache.get("readyz") == "1")
    except Exception as exc:
        log.warning("readyz: cache %r unreachable: %s", alias, exc)
        return False


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database(), "cache": _cache("default"), "shared_cache": _cache("shared")}
    ready = all(checks.values())
    body = {"status": "ok" if ready else "unavailable"}
    body |= {name: "ok" if ok else "unreachable" for name, ok in checks.items()}
    return JsonResponse(body, status=200 if ready else 503)
