"""Whole-page cache for anonymous GETs, answered at the WSGI level before Django runs.

Views opt in with `@shared_page(...)`, naming the scopes their data comes from; the stamps of
those scopes are read *before* the view reads the database (whatsafter/web/stamps.py). The
WSGI wrapper stores the finished response (after every middleware, so it carries the same
headers) and answers later requests from it while the stamps have not moved: a dictionary
lookup and a memory read, no URL routing, no middleware, no template. Django's own cache_page
middleware runs inside the whole middleware stack and was measured at 0.6 of a hello-world.

Keys carry the code's version (code_version), so pages rendered by other code (the previous
deploy's templates, left in Redis for up to PAGE_CACHE_SECONDS, or a server not yet updated
in a rolling deploy) are never served by this code, nor this code's pages by them.

Only shared bytes are stored: a response that sets a cookie or varies on one is never cached,
requests carrying a session or a pending message go straight to Django, and the film page's
forms carry no per-visitor token (docs/DECISIONS.md, "Serving").
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import pickle
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.http import http_date, parse_http_date_safe

import whatsafter
from whatsafter.web import stamps

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
SKIP_PREFIXES = ("/admin/", "/api/", "/static/", "/healthz", "/readyz")
# Response headers a cached page may vary on: both are part of the key or harmless.
VARY_OK = {"accept-encoding", "hx-request"}
PACKAGE = Path(whatsafter.__file__).parent


def code_version(root: Path = PACKAGE) -> str:
    """A digest of what renders the pages: every file of the package (code, templates,
    static files) and the installed distributions' versions (a Babel upgrade renames
    countries). Read once per process at start: 1.6 MB, a few milliseconds."""
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    installed = sorted(
        f"{dist.metadata['Name']}=={dist.version}" for dist in importlib.metadata.distributions()
    )
    digest.update("\n".join(installed).encode())
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class Fill:
    """What a view recorded before reading its data: the stamps it was rendered under."""

    slots: tuple[int, ...]
    values: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Entry:
    headers: tuple[tuple[str, str], ...]
    body: bytes
    slots: tuple[int, ...]
    values: tuple[int, ...]
    etag: str
    last_modified: int
    expires: float


def bypass(environ: dict[str, Any]) -> bool:
    """Requests that may see per-visitor content never touch the page cache."""
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in environ:
        return True
    cookies = environ.get("HTTP_COOKIE", "")
    return bool(cookies) and (
        f"{settings.SESSION_COOKIE_NAME}=" in cookies or "messages=" in cookies
    )


def shared_page(
    scopes: Callable[..., Sequence[str]] | None = None,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Mark a view's 200 responses as shareable. `scopes(**url_kwargs)` names its data's
    scopes; without it the page lists films ("lists"). Every page is under "catalog"."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            fill = None
            if settings.PAGE_CACHE and not bypass(request.META):
                names = [stamps.CATALOG, *(scopes(**kwargs) if scopes else [stamps.LISTS])]
                known = stamps.read(names)
                fill = Fill(*known) if known else None
            response = view(request, *args, **kwargs)
            if fill and response.status_code == 200 and not response.streaming:
                response.page_cache = fill  # type: ignore[attr-defined]
            return response

        return wrapper

    return decorate


class LocalPages:
    """Per-process store, bounded in bytes; the oldest entries go first."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.entries: dict[str, Entry] = {}
        self.size = 0

    def get(self, key: str) -> Entry | None:
        return self.entries.get(key)

    def put(self, key: str, entry: Entry) -> None:
        old = self.entries.pop(key, None)
        if old is not None:
            self.size -= len(old.body)
        self.entries[key] = entry
        self.size += len(entry.body)
        while self.size > self.max_bytes and self.entries:
            self.size -= len(self.entries.pop(next(iter(self.entries))).body)


class RedisPages:
    """Pages in Redis, shared by every server; an unreachable Redis reads as a miss."""

    def __init__(self, ttl: int):
        self.ttl = ttl

    @staticmethod
    def _key(key: str) -> str:
        return "page:" + hashlib.blake2b(key.encode(), digest_size=16).hexdigest()

    def get(self, key: str) -> Entry | None:
        raw = caches["default"].get(self._key(key))
        return pickle.loads(raw) if raw else None  # noqa: S301 - our own entries, in our Redis

    def put(self, key: str, entry: Entry) -> None:
        caches["default"].set(self._key(key), pickle.dumps(entry), timeout=self.ttl)


class PageCacheApp:
    """WSGI wrapper: answer from the page cache, or run Django and keep what it may share."""

    def __init__(self, app: WsgiApp):
        self.app = app
        self.enabled = bool(settings.PAGE_CACHE)
        self.version = code_version() if self.enabled else ""
        self.ttl = int(settings.PAGE_CACHE_SECONDS)
        self.cache_control = f"public, max-age=0, s-maxage={int(settings.PAGE_SHARED_MAX_AGE)}"
        self.pages: LocalPages | RedisPages = (
            RedisPages(self.ttl)
            if settings.REDIS_URL
            else LocalPages(int(settings.PAGE_CACHE_MAX_BYTES))
        )
        proxy = settings.SECURE_PROXY_SSL_HEADER
        self.https_header = proxy if proxy else None
        self.forwarded_host = bool(settings.USE_X_FORWARDED_HOST)

    def key(self, environ: dict[str, Any]) -> str:
        scheme = environ.get("wsgi.url_scheme", "http")
        if self.https_header and environ.get(self.https_header[0]) == self.https_header[1]:
            scheme = "https"
        host = (self.forwarded_host and environ.get("HTTP_X_FORWARDED_HOST")) or environ.get(
            "HTTP_HOST", ""
        )
        return (
            f"{self.version}|{scheme}|{host}"
            f"|{environ.get('PATH_INFO', '')}?{environ.get('QUERY_STRING', '')}"
            f"|{environ.get('HTTP_HX_REQUEST', '')}"
        )

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Any:
        path = environ.get("PATH_INFO", "")
        if not self.enabled or path.startswith(SKIP_PREFIXES) or bypass(environ):
            return self.app(environ, start_response)
        key = self.key(environ)
        entry = self.pages.get(key)
        if entry is not None and entry.expires > time.time():
            current = stamps.store().read(entry.slots)
            if current == entry.values:
                return self.serve(entry, environ, start_response)
        return self.fill(key, environ, start_response)

    def serve(
        self, entry: Entry, environ: dict[str, Any], start_response: StartResponse
    ) -> list[bytes]:
        match = environ.get("HTTP_IF_NONE_MATCH")
        since = environ.get("HTTP_IF_MODIFIED_SINCE")
        if (match and entry.etag and (entry.etag in match or match.strip() == "*")) or (
            since and not match and (parse_http_date_safe(since) or 0) >= entry.last_modified
        ):
            kept = [(k, v) for k, v in entry.headers if k.lower() != "content-length"]
            start_response("304 Not Modified", kept)
            return []
        start_response("200 OK", list(entry.headers))
        return [b""] if environ.get("REQUEST_METHOD") == "HEAD" else [entry.body]

    def fill(self, key: str, environ: dict[str, Any], start_response: StartResponse) -> Any:
        captured: list[Any] = []

        def hold(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            captured[:] = [status, headers, exc_info]
            return lambda data: None  # Django never uses write()

        response = self.app(environ, hold)
        status, headers, exc_info = captured
        fill: Fill | None = getattr(response, "page_cache", None)
        if fill is not None and status.startswith("200") and self.shareable(headers):
            now = int(time.time())
            headers = [(k, v) for k, v in headers if k.lower() != "cache-control"]
            headers += [("Cache-Control", self.cache_control), ("Last-Modified", http_date(now))]
            etag = next((v for k, v in headers if k.lower() == "etag"), "")
            body = response.content  # type: ignore[attr-defined]
            entry = Entry(tuple(headers), body, fill.slots, fill.values, etag, now, now + self.ttl)
            if environ.get("REQUEST_METHOD") == "GET":
                self.pages.put(key, entry)
        start_response(status, headers, exc_info)
        return response

    @staticmethod
    def shareable(headers: list[tuple[str, str]]) -> bool:
        for name, value in headers:
            lowered = name.lower()
            if lowered == "set-cookie":
                return False
            if lowered == "vary" and any(
                part.strip().lower() not in VARY_OK for part in value.split(",")
            ):
                return False
            if lowered == "cache-control" and ("private" in value or "no-store" in value):
                return False
        return True
