"""API for players and media libraries: segments to skip to, and scans sent by `scan-library`."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from whatsafter.api.models import ApiClient, hash_key
from whatsafter.api.schemas import ErrorOut
from whatsafter.subtitles import selectors, services
from whatsafter.subtitles.detector import Cue, Kind, detect
from whatsafter.subtitles.findings import as_json

router = Router(tags=["subtitles"])

# A three-hour film has ~2,500 cues; anything far beyond is not one subtitle file.
MAX_CUES = 20_000


class CreditsSegment(Schema):
    start_ms: int
    end_ms: int | None = Field(None, description="End of the runtime when only the start is known")
    source: str
    estimated: bool
    file_name: str | None = None


class SceneSegment(Schema):
    position: Literal["during", "after"]
    start_ms: int
    end_ms: int
    source: str = Field(..., description="'subtitles' for detected dialogue, else who described it")
    confidence: float = Field(..., ge=0, le=1)
    estimated: bool


class SegmentsOut(Schema):
    slug: str
    title: str
    runtime_ms: int | None
    credits: CreditsSegment | None
    scenes: list[SceneSegment]


@router.get(
    "/movies/{slug}/segments",
    response={200: SegmentsOut, 404: ErrorOut},
    summary="Credits and scenes in milliseconds, for players",
)
def movie_segments(request: HttpRequest, slug: str) -> Any:
    """Where the credits start and each scene during or after them, in milliseconds.

    Lets a player offer "skip to the scene after the credits". Timing an editor wrote comes
    first; otherwise it is estimated from subtitle timing (estimated: true).
    """
    return selectors.segments(slug=slug)


class ScanIn(Schema):
    title: str = Field("", max_length=300)
    year: int | None = Field(None, ge=1870, le=2100)
    tmdb_id: int | None = Field(None, ge=1)
    file_name: str = Field(..., min_length=1, max_length=255)
    file_date: dt.datetime | None = None
    cues: list[tuple[float, float, Kind]] = Field(
        ...,
        max_length=MAX_CUES,
        description="[start_s, end_s, kind] per cue; kind is dialogue, music, sound or credit. "
        "No text is sent.",
    )


class ScanOut(Schema):
    slug: str
    recorded: bool
    findings: dict[str, Any]


def _client(request: HttpRequest) -> ApiClient:
    raw = request.headers.get("X-API-Key")
    client = ApiClient.objects.filter(key_hash=hash_key(raw), active=True).first() if raw else None
    if client is None:
        raise HttpError(401, "Sending scans needs a valid X-API-Key.")
    return client


@router.post(
    "/subtitle-scans",
    response={201: ScanOut, 401: ErrorOut, 404: ErrorOut, 400: ErrorOut},
    summary="Record a subtitle file's timing for a film (needs X-API-Key)",
)
def scan_submit(request: HttpRequest, body: ScanIn) -> Any:
    """The site runs its own detector on the cues, with the film's runtime, and records it."""
    client = _client(request)
    movie = selectors.film_for(title=body.title, year=body.year, tmdb_id=body.tmdb_id)
    if movie is None:
        raise HttpError(404, "No single film in the catalogue matches that title and year.")
    runtime_s = movie.runtime_minutes * 60 if movie.runtime_minutes else None
    findings = detect([Cue(s, e, k) for s, e, k in body.cues], runtime_s)
    services.scan_record(
        movie=movie,
        file_name=body.file_name,
        findings=findings,
        file_date=body.file_date,
        via="api",
        submitted_by=client.name,
    )
    return 201, {"slug": movie.slug, "recorded": True, "findings": as_json(findings)}
