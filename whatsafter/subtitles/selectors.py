"""Reads for subtitle evidence: which film a file is, and the segments a player can skip to."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404

from whatsafter.aftercredits.models import CreditScene, CreditsTiming
from whatsafter.aftercredits.selectors import TimedScene
from whatsafter.catalog.models import Movie
from whatsafter.normalise import title_key
from whatsafter.subtitles.models import SubtitleScan
from whatsafter.subtitles.services import TIMING_SOURCE


def film_for(*, title: str, year: int | None = None, tmdb_id: int | None = None) -> Movie | None:
    """The one catalogue film a file names; None when unknown or ambiguous (never a guess).

    A TMDb id in the name decides. Otherwise the title must match (case, accents,
    punctuation and a leading article aside) and, when the name has a year, the year too;
    a year off by one (release dates differ by country) is accepted only when it is the
    sole candidate.
    """
    if tmdb_id is not None:
        by_id = Movie.objects.filter(tmdb_id=tmdb_id).first()
        if by_id is not None:
            return by_id
    key = title_key(title)
    if not key:
        return None
    exact = Movie.objects.filter(title__iexact=title.strip())
    if year is not None:
        exact = exact.filter(year=year)
    found = list(exact[:2])
    if len(found) == 1:
        return found[0]
    if found or year is None:
        return None  # several films share the title: the name does not say which
    near = [
        movie
        for movie in Movie.objects.filter(year__in=(year - 1, year, year + 1)).only(
            "id", "title", "year", "runtime_minutes", "slug"
        )
        if title_key(movie.title) == key
    ]
    same_year = [m for m in near if m.year == year]
    chosen = same_year or near
    return chosen[0] if len(chosen) == 1 else None


def accepted_scans(*, movie_id: int) -> list[SubtitleScan]:
    return list(
        SubtitleScan.objects.filter(movie_id=movie_id, rejected=False).order_by("-recorded_at")
    )


def scenes_after_credits_start(movie_id: int) -> list[TimedScene]:
    """The newest accepted scan's claimed scenes, in seconds after the credits it found start:
    what cinema mode counts down to for a film no editor timed (aftercredits.cinema_page)."""
    for scan in accepted_scans(movie_id=movie_id):
        if scan.fits_runtime is False or scan.credits_start_ms is None:
            continue
        return [
            TimedScene(
                position=scene["position"],
                starts_after=round((scene["start_ms"] - scan.credits_start_ms) / 1000),
                ends_after=round((scene["end_ms"] - scan.credits_start_ms) / 1000),
                source="subtitle timing",
            )
            for scene in scan.claimed_scenes
        ]
    return []


def segments(*, slug: str) -> dict[str, Any]:
    """Credits and each known scene in milliseconds, with source and confidence.

    Editors' timing and described scenes come first; subtitle findings fill in what they
    lack and are marked estimated.
    """
    movie = get_object_or_404(Movie.objects.select_related("credits_timing"), slug=slug)
    runtime_ms = movie.runtime_minutes * 60000 if movie.runtime_minutes else None
    scans = [s for s in accepted_scans(movie_id=movie.pk) if s.fits_runtime is not False]
    timing = CreditsTiming.objects.filter(movie=movie).first()
    credits: dict[str, Any] | None = None
    if timing is not None and timing.source != TIMING_SOURCE:
        credits = {
            "start_ms": timing.starts_at_minute * 60000,
            "end_ms": (
                (timing.starts_at_minute + timing.length_minutes) * 60000
                if timing.length_minutes
                else runtime_ms
            ),
            "source": timing.source,
            "estimated": False,
        }
    elif scans and scans[0].credits_start_ms is not None:
        credits = {
            "start_ms": scans[0].credits_start_ms,
            "end_ms": runtime_ms,
            "source": "subtitles",
            "estimated": True,
            "file_name": scans[0].file_name,
        }
    scenes: list[dict[str, Any]] = []
    for scene in CreditScene.objects.filter(movie=movie, at_minute__isnull=False):
        start = (scene.at_minute or 0) * 60000
        scenes.append(
            {
                "position": "during" if scene.position != "after" else "after",
                "start_ms": start,
                "end_ms": start + (scene.length_seconds or 60) * 1000,
                "source": scene.source,
                "confidence": 1.0,
                "estimated": scene.length_seconds is None,
            }
        )
    if not scenes and scans:
        scenes = [
            {
                "position": s["position"],
                "start_ms": s["start_ms"],
                "end_ms": s["end_ms"],
                "source": "subtitles",
                "confidence": s["confidence"],
                "estimated": True,
            }
            for s in scans[0].claimed_scenes
        ]
    return {
        "slug": movie.slug,
        "title": movie.title,
        "runtime_ms": runtime_ms,
        "credits": credits,
        "scenes": sorted(scenes, key=lambda s: s["start_ms"]),
    }
