"""Writes for subtitle evidence. Claims go through aftercredits' evidence services, so the
verdict is derived again (and anything hooked on those writes, such as caches, follows)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from whatsafter.aftercredits import services as evidence_services
from whatsafter.aftercredits.models import CreditsTiming, Evidence
from whatsafter.catalog.models import Movie
from whatsafter.subtitles.detector import Findings
from whatsafter.subtitles.findings import clock_s, stored_scenes
from whatsafter.subtitles.models import SubtitleScan

SOURCE = Evidence.Source.SUBTITLES
# CreditsTiming.source for a start estimated from subtitles; an editor's timing is never replaced.
TIMING_SOURCE = "subtitles (estimated)"


@dataclass(frozen=True)
class ScanInput:
    """One file's findings for a film, as scan_record takes them."""

    movie: Movie
    file_name: str
    findings: Findings
    file_date: dt.datetime | None = None
    via: str = "cli"
    submitted_by: str = ""


def scan_record(
    *,
    movie: Movie,
    file_name: str,
    findings: Findings,
    file_date: dt.datetime | None = None,
    via: str = "cli",
    submitted_by: str = "",
) -> SubtitleScan:
    """Keep one file's findings for a film and bring its evidence and timing in line."""
    one = ScanInput(movie, file_name, findings, file_date, via, submitted_by)
    return scans_record([one])[0]


@transaction.atomic
def scans_record(inputs: Sequence[ScanInput]) -> list[SubtitleScan]:
    """Several files' findings in one transaction, the verdicts derived once for them all.

    scan-library records its films in batches this way: one transaction and one verdict
    refresh per film were 41% of its time. A batch is written whole or not at all.
    """
    scans = [_scan_save(item) for item in inputs]
    movies = {item.movie.pk: item.movie for item in inputs}
    for movie in movies.values():
        claims_sync(movie=movie, refresh=False)
    # Derived once more after the timing is settled, through the verdict's own write path,
    # so whatever hangs on it (cached pages) follows even when no claim changed.
    evidence_services.verdict_refresh(movie_ids=list(movies))
    return scans


def _scan_save(item: ScanInput) -> SubtitleScan:
    start = item.findings.credits_start_s
    scan, _ = SubtitleScan.objects.update_or_create(
        movie=item.movie,
        file_name=item.file_name[:255],
        defaults={
            "file_date": item.file_date,
            "credits_start_ms": None if start is None else round(start * 1000),
            "fits_runtime": item.findings.fits_runtime,
            "scenes": stored_scenes(item.findings),
            "reasons": list(item.findings.reasons),
            "during_credits": item.findings.during_credits,
            "after_credits": item.findings.after_credits,
            "via": item.via,
            "submitted_by": item.submitted_by[:120],
            "rejected": False,
            "rejected_by": None,
        },
    )
    return scan


@transaction.atomic
def scan_reject(*, scan: SubtitleScan, user_id: int | None = None) -> None:
    """An editor withdraws a scan: its claims and estimated timing no longer count."""
    scan.rejected = True
    scan.rejected_by_id = user_id
    scan.save(update_fields=["rejected", "rejected_by"])
    claims_sync(movie=scan.movie)


@transaction.atomic
def scan_restore(*, scan: SubtitleScan) -> None:
    """Undo a rejection: the scan's claims count again."""
    scan.rejected = False
    scan.rejected_by = None
    scan.save(update_fields=["rejected", "rejected_by"])
    claims_sync(movie=scan.movie)


def _detail(scan: SubtitleScan, position: str) -> str:
    times = ", ".join(
        f"{clock_s(s['start_ms'] / 1000)}-{clock_s(s['end_ms'] / 1000)}"
        for s in scan.claimed_scenes
        if s["position"] == position
    )
    dated = f" dated {scan.file_date.date().isoformat()}" if scan.file_date else ""
    return f"{scan.file_name}{dated}: dialogue at {times}"[:255]


def claims_sync(*, movie: Movie, refresh: bool = True) -> None:
    """Evidence rows "subtitles" say exactly what the film's accepted scans claim; then the
    verdict is derived again, unless the caller does it for a batch (`refresh=False`).

    Nothing found claims nothing: a silent scene leaves no subtitles, so absence of
    dialogue is never recorded as evidence of absence.
    """
    scans = list(SubtitleScan.objects.filter(movie=movie, rejected=False).order_by("-recorded_at"))
    claimed: dict[str, SubtitleScan] = {}
    for scan in scans:
        for scene in scan.claimed_scenes:
            claimed.setdefault(scene["position"], scan)
    for position, scan in claimed.items():
        evidence_services.evidence_record(
            movie=movie,
            source=SOURCE,
            claim=position,
            asserted_at=scan.recorded_at,
            detail=_detail(scan, position),
            refresh=False,
        )
    evidence_services.evidence_withdraw(
        movie=movie, source=SOURCE, keep_claims=tuple(claimed), refresh=False
    )
    _timing_sync(movie, scans)
    if refresh:
        # Derived once, after the timing is settled, through the verdict's own write path,
        # so whatever hangs on it (cached pages) follows even when no claim changed.
        evidence_services.verdict_refresh(movie_ids=[movie.pk])


def _timing_sync(movie: Movie, scans: list[SubtitleScan]) -> None:
    """Estimate when the credits start from the newest scan that fits the runtime."""
    current = CreditsTiming.objects.filter(movie=movie).first()
    if current is not None and current.source != TIMING_SOURCE:
        return  # an editor's or an importer's timing wins over an estimate
    usable = [s for s in scans if s.credits_start_ms and s.fits_runtime is not False]
    if not usable:
        if current is not None:
            current.delete()
        return
    scan = usable[0]
    start_ms = scan.credits_start_ms or 0
    start_minute = max(1, math.floor(start_ms / 60000))
    ends = [s["end_ms"] for s in scan.claimed_scenes]
    # Counted from the whole minute shown, so "stay to" is never before the scene ends.
    length = math.ceil((max(ends) - start_minute * 60000) / 60000) if ends else None
    CreditsTiming.objects.update_or_create(
        movie=movie,
        defaults={
            "starts_at_minute": start_minute,
            "length_minutes": length,
            "source": TIMING_SOURCE,
        },
    )
