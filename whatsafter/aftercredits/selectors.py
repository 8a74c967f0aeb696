"""Reads for the answer to "is there anything after the credits?"."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from whatsafter.aftercredits import rules
from whatsafter.aftercredits.models import (
    CreditScene,
    CreditsTiming,
    Evidence,
    EvidenceSource,
    Report,
    ReportStatus,
    Verdict,
    VerdictStatus,
)
from whatsafter.catalog.models import Movie, MovieQuerySet

# Viewers' reports count as one more source when the rules weigh them (rules.py).
SOURCE_LABELS = {
    **dict(EvidenceSource.choices),
    "community": "Viewers' reports",
}


@dataclass(frozen=True)
class EvidenceLine:
    source: str
    says: str
    when: str


@dataclass(frozen=True)
class Answer:
    status: str
    label: str
    summary: str
    during_count: int
    after_count: int
    evidence: list[EvidenceLine]
    dissent: list[str]
    scenes: Sequence[CreditScene]
    report_count: int = 0
    agree_count: int = 0
    leave_advice: str = ""

    @property
    def total(self) -> int:
        return self.during_count + self.after_count


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _summary(status: str, during: int, after: int) -> str:
    if status == VerdictStatus.YES:
        parts = []
        if during:
            parts.append(f"{during} during the credits")
        if after:
            parts.append(f"{after} after the credits")
        return f"{' and '.join(parts).capitalize()}."
    if status == VerdictStatus.NO:
        return "Nothing during or after the credits: you can leave when they start."
    if status == VerdictStatus.PROBABLY_NOT:
        return "No source we track records a scene during or after the credits."
    return "No source has told us yet whether there is a scene after the credits."


def viewer_notes(*, movie_id: int, limit: int = 5) -> list[Report]:
    """The latest notes an editor accepted; new notes wait in the moderation queue."""
    return list(
        Report.objects.filter(movie_id=movie_id, status=ReportStatus.ACCEPTED)
        .exclude(note="")
        .order_by("-created_at")[:limit]
    )


def clock(minutes: float) -> str:
    """Minutes into the film as the clock on a player shows it: 112 → '1:52'."""
    whole = int(minutes)
    return f"{whole // 60}:{whole % 60:02d}"


def leave_advice(
    *, status: str, timing: CreditsTiming | None, scenes: Sequence[CreditScene]
) -> str:
    """When it is safe to go, from the credits timing and the scenes' times, if known."""
    if timing is None:
        return ""
    start = clock(timing.starts_at_minute)
    ends = [s.at_minute + (s.length_seconds or 0) / 60 for s in scenes if s.at_minute is not None]
    if status == VerdictStatus.YES and ends:
        return (
            f"Safe to leave at {start} if you only want the story; "
            f"stay to {clock(max(ends) + 0.99)} for the last scene."
        )
    if status == VerdictStatus.YES:
        return f"The credits start at {start}; stay through them for the scenes."
    if timing.length_minutes:
        end = clock(timing.starts_at_minute + timing.length_minutes)
        return f"The credits run from {start} to {end}."
    return f"The credits start at {start}."


def answer_for(
    *,
    verdict: Verdict | None,
    evidence: Sequence[Evidence],
    scenes: Sequence[CreditScene],
    timing: CreditsTiming | None = None,
) -> Answer:
    """The answer as the page shows it, from rows the caller already fetched (no queries)."""
    status = verdict.status if verdict else VerdictStatus.UNKNOWN
    during = verdict.during_count if verdict else 0
    after = verdict.after_count if verdict else 0
    # The stored verdict says what; re-deriving from the same rows says who disagrees.
    outcome = rules.derive(
        [rules.Claim(e.source, e.claim) for e in evidence],
        [rules.Scene(s.position, s.source) for s in scenes],
    )
    lines = [
        EvidenceLine(
            source=SOURCE_LABELS.get(e.source, e.source),
            says=e.get_claim_display(),
            when=e.asserted_at.date().isoformat(),
        )
        for e in evidence
    ]
    return Answer(
        status=status,
        label=VerdictStatus(status).label,
        summary=_summary(status, during, after),
        during_count=during,
        after_count=after,
        evidence=lines,
        dissent=[SOURCE_LABELS.get(s, s) for s in outcome.dissenting_sources],
        scenes=scenes,
        report_count=verdict.report_count if verdict else 0,
        agree_count=verdict.agree_count if verdict else 0,
        leave_advice=leave_advice(status=status, timing=timing, scenes=scenes),
    )


def verdict_of(movie: Movie) -> Verdict | None:
    """The film's stored verdict, or None when verdict_refresh has not reached it yet."""
    try:
        return movie.verdict
    except Verdict.DoesNotExist:
        return None


def timing_of(movie: Movie) -> CreditsTiming | None:
    try:
        return movie.credits_timing
    except CreditsTiming.DoesNotExist:
        return None


def film_cards(movies: MovieQuerySet) -> MovieQuerySet:
    """What a film card shows: the verdict badge comes along in the same query."""
    return movies.select_related("verdict").only(
        "slug",
        "title",
        "year",
        "poster_url",
        "release_date",
        "popularity",
        "verdict__status",
        "verdict__during_count",
        "verdict__after_count",
    )


def with_scene_after_credits(movies: MovieQuerySet) -> MovieQuerySet:
    """Films with a scene during or after the credits: the ones worth staying for."""
    return movies.filter(verdict__status=VerdictStatus.YES)
