"""Scenes during and after the credits, read from subtitle timing. Pure: cues in, findings out.

Near the end of a film a long stretch without dialogue is the credits rolling; dialogue after
it is people talking in a scene during or after the credits. Every threshold lives in
THRESHOLDS with the reason for it; none is tuned to a particular file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    DIALOGUE = "dialogue"
    MUSIC = "music"  # lyrics or a ♪ cue: an end-credits song, not a scene
    SOUND = "sound"  # "[door slams]": something on screen, but nobody talking
    CREDIT = "credit"  # the subtitle maker's credit or an advert: not part of the film


@dataclass(frozen=True)
class Cue:
    start_s: float
    end_s: float
    kind: Kind = Kind.DIALOGUE


@dataclass(frozen=True)
class Thresholds:
    """The detector's constants, each with why it has that value (docs/BENCHMARKS.md)."""

    # End credits of a feature film run at least ~2.5 minutes (old films) and usually 4-10;
    # a shorter silence near the end is a pause inside the film.
    credits_min_gap_s: float = 150.0
    # Credits roll in the last quarter: they rarely exceed 15% of the runtime, and the film's
    # last silent scene can add a few percent before them.
    credits_start_min_fraction: float = 0.75
    # Lines less than a minute apart belong to one scene; a scene in the credits is short.
    scene_join_gap_s: float = 60.0
    # A scene in the credits lasts seconds to about four minutes. A longer run of talk after
    # the silence means the silence was inside the film (an action or music sequence).
    scene_max_s: float = 300.0
    # About one line every 3-4 s over the longest plausible scene; also the most dialogue
    # the whole credits can hold before the "credits" are more likely the film going on.
    scene_max_cues: int = 80
    # Films put one scene mid-credits and one at the end, rarely a third; more runs of talk
    # after a silence mean the silence was inside the film.
    credits_max_scenes: int = 3
    # Credits take at least ~4% of a runtime (3-4 min of a 1980s film, 6-12 min today). Talk
    # that stops earlier than that before the runtime ends is the film's own last scene after
    # a quiet stretch, not a scene in the credits; and the silence before the last scene in
    # the credits (the crawl) is at least that long.
    credits_min_share: float = 0.04
    # One lone line is not a scene: a stray translator line or a mislabelled song title
    # looks exactly like it. A claim needs at least two lines of dialogue.
    claim_min_cues: int = 2
    # Confidence a scene needs before it becomes evidence; below it the scene is reported
    # (and shown to editors through the CLI) but claims nothing.
    claim_min_confidence: float = 0.6
    # Nobody holds one spoken line on screen this long (subtitle guides cap a line at 6-7 s):
    # such a cue is on-screen text or a whole verse, not talk. In the shared set's films, 2 of
    # 119,370 lines of dialogue before the last quarter run longer (bench/subtitles_eval.py).
    line_max_s: float = 15.0
    # Speech varies in length with what is said; lines of near-equal length one after another
    # are a song's lyrics (or a text block) that the subtitle maker did not mark with a note.
    # Of the 118,290 runs of 10 consecutive lines of dialogue before the last quarter of the
    # shared set's films, 70 (0.06%) vary this little, mostly in songs (Pinocchio, Mamma Mia!,
    # Aladdin) and wordless stretches (WALL·E); bench/subtitles_eval.py prints the count.
    even_run_min_lines: int = 10
    even_run_max_variation: float = 0.1  # standard deviation / mean of the lines' durations
    # Files timed for 25 fps run 4.3% short against a 23.976 fps runtime (25 / 23.976).
    fps_drift: float = 25 / 23.976
    # A file whose last line ends past runtime x (1 + this) is another cut (extended edition)
    # or mis-timed; beyond one fps drift plus logos, the runtime does not describe the file.
    runtime_fit_tolerance: float = 0.05
    # Dialogue this close to the end of the runtime is after the credits: the gap between a
    # file and the runtime (logos, fps drift, rounding to a minute) is at most a few percent.
    after_tail_fraction: float = 0.03
    after_tail_min_s: float = 90.0


THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class Scene:
    position: str  # "during" | "after"
    start_s: float
    end_s: float
    cues: int
    confidence: float
    reasons: tuple[str, ...] = ()
    # Whether it is evidence (enough lines, confident enough), decided with the thresholds
    # detect() was given.
    claimed: bool = False


@dataclass(frozen=True)
class Findings:
    film_end_s: float | None  # the last line of the film itself
    credits_start_s: float | None  # estimated: where the credits roll
    scenes: tuple[Scene, ...]
    reasons: tuple[str, ...]
    fits_runtime: bool | None  # None when no runtime was given
    cue_count: int = 0  # cues given: a reader may give only the tail detect() needs

    def _position(self, position: str) -> bool | None:
        if self.film_end_s is None:
            return None
        if any(s.position == position and s.claimed for s in self.scenes):
            return True
        # Nothing claimed there: false only when the file plainly shows silence there.
        if any(s.position == position for s in self.scenes) or self.fits_runtime is False:
            return None
        return False

    @property
    def during_credits(self) -> bool | None:
        return self._position("during")

    @property
    def after_credits(self) -> bool | None:
        return self._position("after")

    @property
    def claimed_scenes(self) -> tuple[Scene, ...]:
        return tuple(s for s in self.scenes if s.claimed)


@dataclass
class _Cluster:
    start_s: float
    end_s: float
    dialogue: int = 0
    other: int = 0
    kinds: set[str] = field(default_factory=set)
    # How long each line of dialogue stays on screen: speech varies, lyrics do not.
    durations: list[float] = field(default_factory=list)
    note: str = ""


def _clusters(cues: Sequence[Cue], t: Thresholds) -> list[_Cluster]:
    """Group time-sorted cues into runs separated by more than `scene_join_gap_s`; lines
    too long to be spoken and runs of even lyrics do not count as dialogue."""
    out: list[_Cluster] = []
    for cue in cues:
        if out and cue.start_s - out[-1].end_s <= t.scene_join_gap_s:
            current = out[-1]
            current.end_s = max(current.end_s, cue.end_s)
        else:
            current = _Cluster(cue.start_s, cue.end_s)
            out.append(current)
        length = cue.end_s - cue.start_s
        if cue.kind == Kind.DIALOGUE and length <= t.line_max_s:
            current.dialogue += 1
            current.durations.append(length)
        else:
            current.other += 1
        current.kinds.add(cue.kind.value)
    for cluster in out:
        if even_lines(cluster.durations, t):
            cluster.note = (
                f"{cluster.dialogue} lines of near-equal length at "
                f"{cluster.start_s / 60:.1f} min: a song's lyrics or a text block, not talk"
            )
            cluster.other += cluster.dialogue
            cluster.dialogue = 0
    return out


def even_lines(durations: Sequence[float], t: Thresholds) -> bool:
    """Whether a run of lines is long and even enough to be lyrics rather than speech."""
    if len(durations) < t.even_run_min_lines:
        return False
    mean = sum(durations) / len(durations)
    spread = (sum((d - mean) ** 2 for d in durations) / len(durations)) ** 0.5
    return mean > 0 and spread / mean < t.even_run_max_variation


def _confidence(cluster: _Cluster, gap_s: float, fits: bool | None, t: Thresholds) -> float:
    """How sure a scene is: more lines, a longer silence before it and a fitting runtime."""
    if cluster.dialogue <= 1:
        score = 0.3
    elif cluster.dialogue == 2:
        score = 0.65
    elif cluster.dialogue < 6:
        score = 0.8
    else:
        score = 0.9
    if gap_s < 1.5 * t.credits_min_gap_s:
        score -= 0.1
    if fits is None:
        score -= 0.1
    elif fits is False:
        # Another cut: where its credits fall says nothing certain about the catalogue's film.
        score = min(score, 0.5)
    return round(max(score, 0.0), 2)


def detect(
    cues: Iterable[Cue], runtime_s: float | None = None, t: Thresholds = THRESHOLDS
) -> Findings:
    """Where the film ends, where the credits roll and which dialogue falls in or after them."""
    reasons: list[str] = []
    all_cues = sorted(cues, key=lambda c: (c.start_s, c.end_s))
    credits_lines = [c for c in all_cues if c.kind == Kind.CREDIT]
    film = [c for c in all_cues if c.kind != Kind.CREDIT and c.end_s >= c.start_s]
    dialogue = [c for c in film if c.kind == Kind.DIALOGUE]
    if len(dialogue) < 2:
        return Findings(None, None, (), (*reasons, "no dialogue to time"), None, len(all_cues))
    last_end = max(c.end_s for c in dialogue)

    fits, reference = _reference(last_end, runtime_s, t)
    if runtime_s:
        if fits:
            if last_end < runtime_s / t.fps_drift * 0.90:
                reasons.append(
                    f"file ends at {last_end / runtime_s:.0%} of the runtime "
                    "(maybe timed for 25 fps, or the credits are long)"
                )
        else:
            reasons.append(
                f"the file runs {last_end / 60:.1f} min, past the runtime of "
                f"{runtime_s / 60:.0f} min: another cut or mis-timed, so positions come "
                "from the file alone and confidence is lowered"
            )
    else:
        reasons.append("no runtime given: positions come from the file alone")

    # Silences between lines of dialogue; music and sound cues play over the credits.
    earliest = t.credits_start_min_fraction * reference
    # Only the ones where the credits may be matter (a reader may hold only that part).
    stray = sum(c.start_s >= earliest for c in credits_lines)
    if stray:
        reasons.append(
            f"ignored {stray} subtitle-maker credit line(s) in the last quarter, "
            "they are not part of the film"
        )
    film_end: float | None = None
    scenes: list[Scene] = []
    running_end = dialogue[0].end_s
    for index in range(1, len(dialogue)):
        cue = dialogue[index]
        gap = cue.start_s - running_end
        if gap >= t.credits_min_gap_s and running_end >= earliest:
            rest = [c for c in film if c.start_s >= cue.start_s]
            every_run = _clusters(rest, t)
            clusters = [c for c in every_run if c.dialogue]
            why_not = _not_credits(clusters, running_end, reference, bool(fits), t)
            if why_not:
                reasons.append(
                    f"a {gap / 60:.1f} min silence at {running_end / 60:.1f} min is not the "
                    f"credits: {why_not}"
                )
            else:
                film_end = running_end
                reasons.append(
                    f"the film's last line ends at {film_end / 60:.1f} min, then "
                    f"{gap / 60:.1f} min without dialogue: the credits"
                )
                reasons.extend(c.note for c in every_run if c.note)
                scenes = _place(clusters, film_end, runtime_s, fits, t)
                break
        running_end = max(running_end, cue.end_s)
    if film_end is None:
        film_end = last_end
        reasons.append(
            f"no silence of {t.credits_min_gap_s / 60:.1f}+ min after the film's last line "
            f"at {film_end / 60:.1f} min: the file ends with the film"
        )
    tail = [c for c in film if c.start_s > film_end and c.kind == Kind.MUSIC]
    if tail:
        reasons.append(f"{len(tail)} music cue(s) over the credits: a song, not a scene")
    for scene in scenes:
        reasons.extend(scene.reasons)
    return Findings(film_end, film_end, tuple(scenes), tuple(reasons), fits, len(all_cues))


def _reference(
    last_end: float, runtime_s: float | None, t: Thresholds
) -> tuple[bool | None, float]:
    """Whether the file fits the runtime (None: no runtime) and the length positions refer to:
    the runtime when it fits, else the file's last line of dialogue."""
    if not runtime_s:
        return None, last_end
    fits = last_end <= runtime_s * (1 + t.runtime_fit_tolerance)
    return fits, runtime_s if fits else last_end


def earliest_needed_s(
    cues: Iterable[Cue],
    runtime_s: float | None = None,
    *,
    any_runtime: bool = False,
    t: Thresholds = THRESHOLDS,
) -> float | None:
    """The earliest time detect() looks at for these cues and this runtime.

    detect() looks for the credits only after `credits_start_min_fraction` of its reference
    length, so a reader holding every cue from this time on (the last line of dialogue
    included) gets the same findings as one holding the whole file. With `any_runtime` (the
    runtime is not known yet when the file is read), the earliest for every runtime: a runtime
    that fits is at least the last line / (1 + tolerance). None when fewer than two lines of
    dialogue are given: detect() then needs more of the file to say anything.
    """
    ends = [c.end_s for c in cues if c.kind == Kind.DIALOGUE]
    if len(ends) < 2:
        return None
    if any_runtime:
        reference = max(ends) / (1 + t.runtime_fit_tolerance)
    else:
        reference = _reference(max(ends), runtime_s, t)[1]
    return t.credits_start_min_fraction * reference


def _not_credits(
    clusters: list[_Cluster], film_end: float, reference: float, fits: bool, t: Thresholds
) -> str:
    """Why the talk after a silence shows the film going on; empty when it fits the credits."""
    for cluster in clusters:
        if cluster.end_s - cluster.start_s > t.scene_max_s or cluster.dialogue > t.scene_max_cues:
            return (
                f"{cluster.dialogue} lines over {(cluster.end_s - cluster.start_s) / 60:.1f} min "
                "follow, longer than any scene in the credits"
            )
    total = sum(c.dialogue for c in clusters)
    if len(clusters) > t.credits_max_scenes or total > t.scene_max_cues:
        return f"{len(clusters)} separate runs of talk ({total} lines) follow"
    if not clusters:
        return ""
    minimum = t.credits_min_share * reference
    if fits and clusters[-1].end_s < reference - minimum:
        return (
            f"the talk after it stops at {clusters[-1].end_s / 60:.1f} min, early enough "
            f"for the credits to start after it (runtime {reference / 60:.0f} min)"
        )
    # The last run of talk comes after the crawl, and a crawl alone runs at least the
    # shortest credits; talk that resumes sooner is the film's quiet ending going on.
    before_last = clusters[-2].end_s if len(clusters) > 1 else film_end
    if clusters[-1].start_s - before_last < minimum:
        return (
            f"the last talk resumes {(clusters[-1].start_s - before_last) / 60:.1f} min after "
            f"the talk before it, sooner than a credits crawl ({minimum / 60:.1f} min) could end"
        )
    return ""


def _place(
    clusters: list[_Cluster],
    film_end: float,
    runtime_s: float | None,
    fits: bool | None,
    t: Thresholds,
) -> list[Scene]:
    """Label each run of dialogue in the credits as during or after them."""
    scenes = []
    previous_end = film_end
    for index, cluster in enumerate(clusters):
        gap = cluster.start_s - previous_end
        last = index == len(clusters) - 1
        if runtime_s and fits:
            tail = max(t.after_tail_min_s, t.after_tail_fraction * runtime_s)
            position = "after" if last and cluster.end_s >= runtime_s - tail else "during"
            why = (
                "ends near the end of the runtime"
                if position == "after"
                else f"{(runtime_s - cluster.end_s) / 60:.1f} min of the runtime remain after it"
            )
        else:
            position = "after" if last else "during"
            why = "last in the file" if last else "more credits follow in the file"
        confidence = _confidence(cluster, gap, fits, t)
        note = (
            f"{cluster.dialogue} line(s) of dialogue at {cluster.start_s / 60:.1f}-"
            f"{cluster.end_s / 60:.1f} min, {gap / 60:.1f} min into the credits: "
            f"{position} the credits ({why})"
        )
        if cluster.dialogue < t.claim_min_cues:
            note += "; one line alone is not claimed (could be a stray line)"
        scenes.append(
            Scene(
                position=position,
                start_s=round(cluster.start_s, 3),
                end_s=round(cluster.end_s, 3),
                cues=cluster.dialogue,
                confidence=confidence,
                reasons=(note,),
                claimed=cluster.dialogue >= t.claim_min_cues
                and confidence >= t.claim_min_confidence,
            )
        )
        previous_end = cluster.end_s
    return scenes
