"""Headers and limits for /api/: CORS and caching on reads, a per-address read limit."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from whatsafter.aftercredits import ratelimit

API_PREFIX = "/api/"
# The API's description and its docs page read no data: not counted against the read limit
# (the limit's counter is itself a database or Redis write).
UNCOUNTED = ("/openapi.json", "/docs")


class ApiHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, OPTIONS"
            response["Access-Control-Allow-Headers"] = "If-None-Match"
            response["Access-Control-Max-Age"] = "86400"
        elif (
            request.method in ("GET", "HEAD")
            and not request.path.endswith(UNCOUNTED)
            and (limited := self._over_limit(request))
        ):
            response = limited
        else:
            response = self.get_response(request)
        if request.method in ("GET", "HEAD", "OPTIONS"):
            response["Access-Control-Allow-Origin"] = "*"
            if response.status_code == 200 and not response.has_header("Cache-Control"):
                response["Cache-Control"] = "public, max-age=300"
        else:
            response["Cache-Control"] = "no-store"
        return response

    def _over_limit(self, request: HttpRequest) -> HttpResponse | None:
        per_minute = int(getattr(settings, "API_READS_PER_MINUTE", 120))
        address = ratelimit.client_address(request)
        if ratelimit.hit(f"api-read:{address}", window_seconds=60, exact=False) <= per_minute:
            return None
        response = JsonResponse(
            {"error": {"code": "rate_limited", "message": "Too many requests; slow down."}},
            status=429,
        )
        response["Retry-After"] = str(ratelimit.retry_after(60))
        return response


def foreign_write_problem(request: HttpRequest) -> tuple[int, str, str] | None:
    """Why a write another site's page could make its visitors send is refused, or None.

    A form or a text/plain fetch needs no CORS preflight, so any page could post one with the
    visitor's address; application/json (or an X-API-Key header) needs a preflight, which the
    OPTIONS answer above grants to reads only. A browser's foreign Origin is refused outright.
    """
    origin = request.headers.get("Origin")
    own = f"{request.scheme}://{request.get_host()}"
    if origin and origin != own and origin not in settings.CSRF_TRUSTED_ORIGINS:
        return 403, "cross_origin", "Writes from other sites are not accepted."
    if request.content_type != "application/json" and "X-API-Key" not in request.headers:
        return 415, "unsupported_media_type", "Send the body as application/json."
    return None
