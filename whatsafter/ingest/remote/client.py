"""A JSON-over-HTTP client for the import APIs: retries, rate limits, timeouts, a cache.

Every answer worth keeping is written to IMPORT_CACHE_DIR before anything reaches the
database, so a run that dies half-way (a 500 storm, a timeout, Ctrl-C) is resumed by
running it again: what was fetched is read back from disk, not asked for twice.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import httpx

Sleep = Callable[[float], None]

# TMDb's v4 "API Read Access Token" is a JWT; a v3 key is 32 hex digits.
_JWT = re.compile(r"^eyJ[\w-]+\.[\w-]+\.[\w-]+$")


class ApiError(Exception):
    """The API could not give an answer (retries exhausted, timeout, unexpected status)."""


class ApiAuthError(ApiError):
    """The key was refused: nothing later in the run can succeed either."""


class ApiNotFound(ApiError):
    """The API says there is no such item (TMDb 404): counted, the run goes on."""


@dataclass(frozen=True)
class RetryPolicy:
    retries: int = 4  # after the first attempt, for 5xx, timeouts and transport errors
    backoff: float = 1.0  # seconds before the first retry; doubles each time
    max_wait: float = 60.0  # cap on a Retry-After wait (a server asking for an hour is wrong)
    max_throttles: int = 20  # 429s in a row before giving up on one request
    timeout: float = 10.0  # seconds per request


def is_bearer_token(key: str) -> bool:
    return bool(_JWT.match(key))


class JsonCache:
    """One JSON file per item: {"fetched_at": ISO time, "body": the API's answer}."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root / f"{key}.json"

    def get(self, key: str, *, fresher_than: dt.datetime | None = None) -> CachedBody | None:
        path = self._path(key)
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
            fetched_at = dt.datetime.fromisoformat(entry["fetched_at"])
            body = entry["body"]
        except (OSError, ValueError, KeyError, TypeError):
            # Missing, or damaged by something other than us (we write atomically).
            return None
        if fresher_than is not None and fetched_at < fresher_than:
            return None
        return CachedBody(fetched_at=fetched_at, body=body)

    def put(self, key: str, body: Any, fetched_at: dt.datetime) -> None:
        """Write atomically: a temp file in the same folder, then rename over the old one,
        so a crash never leaves half a file that a later run would trust."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"fetched_at": fetched_at.isoformat(), "body": body})
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise


@dataclass(frozen=True)
class CachedBody:
    fetched_at: dt.datetime
    body: Any


class JsonClient:
    """GET JSON from one API. Counts requests so a run can report (and tests assert) them."""

    def __init__(
        self,
        base_url: str,
        *,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        policy: RetryPolicy | None = None,
        sleep: Sleep = time.sleep,
    ) -> None:
        self.policy = policy or RetryPolicy()
        self.sleep = sleep
        self.requests = 0
        self._base = base_url.rstrip("/")
        self._params = dict(params or {})
        self._http = httpx.Client(
            headers={"Accept": "application/json", **(headers or {})},
            timeout=self.policy.timeout,
            follow_redirects=True,
        )

    def close(self) -> None:
        self._http.close()

    def url(self, path: str) -> str:
        """The address without the key, for messages and logs."""
        return f"{self._base}/{path.lstrip('/')}" if path else self._base + "/"

    def get(self, path: str, params: Mapping[str, str | int] | None = None) -> Any:
        shown = self.url(path)
        if params:
            shown += "?" + "&".join(f"{k}={v}" for k, v in params.items())
        policy = self.policy
        failures = throttles = 0
        while True:
            self.requests += 1
            try:
                response = self._http.get(self.url(path), params={**self._params, **(params or {})})
            except httpx.TimeoutException:
                problem = f"timed out after {policy.timeout:g} s"
            except httpx.TransportError as exc:
                problem = f"connection failed ({type(exc).__name__})"
            else:
                status = response.status_code
                if status == 429:
                    throttles += 1
                    if throttles > policy.max_throttles:
                        raise ApiError(f"{shown}: still rate-limited after {throttles} waits")
                    self.sleep(_retry_after(response, policy))
                    continue
                if status == 401:
                    raise ApiAuthError(f"{shown}: the API key was refused ({_reason(response)})")
                if status == 404:
                    raise ApiNotFound(f"{shown}: not found")
                if status < 400:
                    try:
                        return response.json()
                    except ValueError:
                        problem = "answered with something that is not JSON"
                elif status >= 500:
                    problem = f"HTTP {status}"
                else:
                    raise ApiError(f"{shown}: HTTP {status} ({_reason(response)})")
            failures += 1
            if failures > policy.retries:
                raise ApiError(f"{shown}: {problem}, {failures} attempts, giving up")
            self.sleep(policy.backoff * 2 ** (failures - 1))


def _retry_after(response: httpx.Response, policy: RetryPolicy) -> float:
    """Retry-After in seconds (TMDb sends seconds; an HTTP date is honoured too), capped."""
    value = response.headers.get("Retry-After", "").strip()
    wait = policy.backoff
    if value.isdigit():
        wait = float(value)
    elif value:
        try:
            when = parsedate_to_datetime(value)
            wait = (when - dt.datetime.now(dt.UTC)).total_seconds()
        except (TypeError, ValueError):
            pass
    return max(0.0, min(wait, policy.max_wait))


def _reason(response: httpx.Response) -> str:
    """The API's own words for an error: TMDb's status_message, OMDb's Error."""
    try:
        body = response.json()
    except ValueError:
        return response.reason_phrase or f"HTTP {response.status_code}"
    if isinstance(body, dict):
        for key in ("status_message", "Error", "error"):
            if isinstance(body.get(key), str):
                return str(body[key])
    return response.reason_phrase or f"HTTP {response.status_code}"
