"""Reads for the answer to "is there anything after the credits?"."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from whatsafter.aftercredits import rules
from whatsafter.aftercredits.models import (
    CreditScene,
    CreditsTiming,
    Evidence,
    EvidenceSource,
    Position,
    Report,
    ReportStatus,
    Verdict,
    VerdictStatus,
)
from whatsafter.catalog.models import Movie, MovieQuerySet

# Viewers' reports count as one more source when the rules weigh them (rules.py).
SOURCE_LABELS = {**dict(EvidenceSource.choices), "community": "Viewers' reports"}


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
    """When it is safe to go, from the credits timing and the scenes' times, if known.

    A timing estimated from subtitles says so, since it is a detector's reading of one file.
    """
    if timing is None:
        return ""
    start = clock(timing.starts_at_minute)
    label = " (estimated from subtitles)" if timing.source.startswith("subtitles") else ""
    ends = [s.at_minute + (s.length_seconds or 0) / 60 for s in scenes if s.at_minute is not None]
    if status == VerdictStatus.YES and not ends and timing.length_minutes:
        ends = [timing.starts_at_minute + timing.length_minutes - 0.99]
    if status == VerdictStatus.YES and ends:
        return (
            f"Safe to leave at {start} if you only want the story; "
            f"stay to {clock(max(ends) + 0.99)} for the last scene{label}."
        )
    if status == VerdictStatus.YES:
        return f"The credits start at {start}{label}; stay through them for the scenes."
    if timing.length_minutes:
        end = clock(timing.starts_at_minute + timing.length_minutes)
        return f"The credits run from {start} to {end}{label}."
    return f"The credits start at {start}{label}."


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


def status_of(movie: Movie) -> str:
    """The film's verdict status, "unknown" when it has no verdict row yet."""
    verdict = verdict_of(movie)
    return verdict.status if verdict else VerdictStatus.UNKNOWN


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
    """Films with a scene during or after the credits: the ones worth staying for.

    Reads the film's stored flag (kept by services.scene_flags_store), not its verdict:
    the partial indexes on it serve these lists without visiting every film's verdict.
    """
    return movies.filter(has_scene=True)


# Cinema mode: the answer as times counted from the moment the credits start, the one
# moment a viewer in the seat can see. A scene's `at_minute` is "about" that minute, so a
# scene without a length is given a minute before it counts as over.
SCENE_MINIMUM_SECONDS = 60
# Who said when the credits start, as the page names them; only an editor's timing is exact.
TIMING_SOURCE_LABELS = {
    EvidenceSource.EDITOR.value: EvidenceSource.EDITOR.label,
    "subtitles (estimated)": "subtitle timing",
}


@dataclass(frozen=True)
class TimedScene:
    """A scene another source timed, in seconds after the credits start (subtitle timing):
    cinema mode counts down to it when no editor described the scenes with times."""

    position: str  # Position's value
    starts_after: int
    ends_after: int
    source: str  # as the page names it: "subtitle timing"


@dataclass(frozen=True)
class CinemaCue:
    """One scene as cinema mode counts down to it; offsets are seconds after the credits start."""

    order: int
    position: str
    kind: str
    starts_after: int | None
    ends_after: int | None

    @property
    def starts_spoken(self) -> str:
        return "" if self.starts_after is None else spoken(self.starts_after)


@dataclass(frozen=True)
class CinemaPlan:
    cues: list[CinemaCue]
    # Seconds after the credits start when nothing is left to wait for; None when not known.
    safe_after: int | None
    credits_start: str  # the film's clock when the credits start ("1:52"), "" if not known
    credits_length: int | None  # seconds, if known
    timing_source: str  # who said when the credits start, "" if nobody did
    timing_estimated: bool

    @property
    def safe_spoken(self) -> str:
        return "" if self.safe_after is None else spoken(self.safe_after)

    @property
    def length_spoken(self) -> str:
        return "" if self.credits_length is None else spoken(self.credits_length)


def spoken(seconds: int) -> str:
    """A length in words, 272 → '4 min 32 s': "stay until 13:00" read as a time of day."""
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min" + (f" {rest} s" if rest else "")


def cinema_plan(
    *,
    status: str,
    timing: CreditsTiming | None,
    scenes: Sequence[CreditScene],
    timed: Sequence[TimedScene] = (),
) -> CinemaPlan:
    """Each scene's start and end after the credits start, and when it is safe to leave.

    Scenes another source timed (`timed`) stand in when no described scene has a time: a
    film answered from subtitles alone has no described scenes, but its scan knows when
    the talk in the credits comes.
    """
    start = timing.starts_at_minute * 60 if timing else None
    cues = []
    for scene in scenes:
        begins = None
        if start is not None and scene.at_minute is not None:
            begins = max(0, scene.at_minute * 60 - start)
        ends = None if begins is None else begins + (scene.length_seconds or SCENE_MINIMUM_SECONDS)
        cues.append(
            CinemaCue(
                order=scene.order,
                position=scene.get_position_display(),
                kind=scene.get_kind_display(),
                starts_after=begins,
                ends_after=ends,
            )
        )
    if timed and status == VerdictStatus.YES and all(c.starts_after is None for c in cues):
        cues = [
            CinemaCue(
                order=n,
                position=Position(scene.position).label,
                kind=f"estimated from {scene.source}",
                starts_after=max(0, scene.starts_after),
                ends_after=max(0, scene.ends_after),
            )
            for n, scene in enumerate(sorted(timed, key=lambda t: t.starts_after), start=1)
        ]
    length = timing.length_minutes * 60 if timing and timing.length_minutes else None
    safe_after: int | None = None
    if status in (VerdictStatus.NO, VerdictStatus.PROBABLY_NOT):
        safe_after = 0
    elif status == VerdictStatus.YES and (timing is not None or cues):
        timed_ends = [c.ends_after for c in cues if c.ends_after is not None]
        if cues and len(timed_ends) == len(cues):
            safe_after = max(timed_ends)
        elif length is not None:
            # A scene with no time: the end of the credits is the only safe bet.
            safe_after = max([length, *timed_ends])
    source = timing.source if timing else ""
    return CinemaPlan(
        cues=cues,
        safe_after=safe_after,
        credits_start=clock(timing.starts_at_minute) if timing else "",
        credits_length=length,
        timing_source=TIMING_SOURCE_LABELS.get(source, source),
        timing_estimated=bool(source) and source != "editor",
    )


@dataclass(frozen=True)
class CinemaPage:
    movie: Movie
    answer: Answer
    plan: CinemaPlan


def cinema_page(
    *, slug: str, timed: Callable[[int], Sequence[TimedScene]] | None = None
) -> CinemaPage:
    """The answer and its times for cinema mode, in three queries (and `timed`'s, for a film
    with a scene but no described scene timed); 404 for an unknown slug.

    `timed` gives the scenes other sources timed for a film id: the apps that time them
    (subtitles) sit above this one, so the page that composes them passes it in.
    """
    movie = get_object_or_404(
        Movie.objects.select_related("verdict", "credits_timing").prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.order_by("-asserted_at", "source")),
            Prefetch("credit_scenes", queryset=CreditScene.objects.order_by("order")),
        ),
        slug=slug,
    )
    verdict, timing = verdict_of(movie), timing_of(movie)
    scenes = list(movie.credit_scenes.all())
    answer = answer_for(
        verdict=verdict, evidence=list(movie.evidence.all()), scenes=scenes, timing=timing
    )
    others: Sequence[TimedScene] = ()
    if timed and answer.status == VerdictStatus.YES and all(s.at_minute is None for s in scenes):
        others = timed(movie.pk)
    return CinemaPage(
        movie=movie,
        answer=answer,
        plan=cinema_plan(status=answer.status, timing=timing, scenes=scenes, timed=others),
    )
