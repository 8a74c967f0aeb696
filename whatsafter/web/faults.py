"""Database faults become a 503 with Retry-After, never a traceback or a bare 500.

Visitors get a page (the API its error shape, htmx a message in the box they used)
saying nothing was stored and when to retry; load balancers see 503; the next request
reconnects on its own, as Django drops a connection that raised once the request ends.
Which errors count as faults: whatsafter/faults.py.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views import defaults

from whatsafter.faults import Fault, classify

log = logging.getLogger(__name__)


MESSAGES = {
    "busy": "The database is busy right now.",
    "down": "We cannot reach our database right now.",
    "read_only": "Our database is read-only for maintenance right now.",
    "full": "Our database server is out of space right now.",
}


def _message(fault: Fault, request: HttpRequest) -> str:
    wrote = request.method not in ("GET", "HEAD", "OPTIONS")
    stored = " Nothing you sent was saved, so please send it again then." if wrote else ""
    return f"{MESSAGES[fault.kind]} Please try again in {fault.retry_after} seconds.{stored}"


def unavailable(request: HttpRequest, fault: Fault) -> HttpResponse:
    """The 503 for this request: JSON for the API, a fragment for htmx, else a page.

    Rendered without context processors or the session, so it needs no database.
    """
    message = _message(fault, request)
    response: HttpResponse
    if request.path.startswith("/api/"):
        body = {"error": {"code": "unavailable", "reason": fault.kind, "message": message}}
        response = JsonResponse(body, status=503)
    elif request.headers.get("HX-Request") == "true":
        # Shown at the top of the box the button targets, the form kept below it so the
        # visitor can send again; base.html tells htmx to swap 503s (it drops errors).
        html = render_to_string("web/fault.html#fault_message", {"message": message})
        response = HttpResponse(html, status=503)
        response["HX-Reswap"] = "afterbegin"
    else:
        html = render_to_string("web/fault.html", {"message": message, "request": request})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(fault.retry_after)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseFaultMiddleware:
    """Turns a view's database fault into the 503 above, whatever DEBUG says."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        fault = classify(exception)
        if fault is None:
            return None
        log.warning("database %s on %s %s: %s", fault.kind, request.method, request.path, exception)
        return unavailable(request, fault)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a fault raised outside a view (a middleware's query) is still a 503."""
    fault = classify(sys.exc_info()[1] or Exception())
    if fault is not None:
        return unavailable(request, fault)
    return defaults.server_error(request)
