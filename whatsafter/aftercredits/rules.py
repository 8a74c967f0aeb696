"""How a verdict follows from evidence. Pure: no database, so every rule is a plain test.

The rules, in order (docs/DATA.md repeats them for editors):
1. An editor's entry decides. Their scene claims give Yes; their "none" gives No.
2. Otherwise, any source that records a scene gives Yes.
3. Otherwise, a source that asserts there is none gives No.
4. Otherwise, a source that tracks scenes but lists none for the film gives Probably not:
   a missing TMDb keyword is weak evidence, never a confirmed No.
5. With no evidence at all: Not known yet.
A described scene is itself a claim by whoever described it (an editor's scene is an
editor's claim). Counts come from described scenes when there are any, else one per
position claimed.

Community reports are one more source. They claim something only when viewers agree
strongly: the Wilson lower bound (95% confidence) of the share reporting it is at least
COMMUNITY_AGREEMENT, from at least COMMUNITY_MIN_REPORTS reports. So agreement can turn
"Probably not" into "No" or into "Yes", but can never overrule an editor, and a handful
of hostile reports claims nothing at all.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

SCENE_CLAIMS = ("during", "after")
# Scenes between the animated and the crawl credits are still during the credits.
DURING_POSITIONS = ("during", "between")

COMMUNITY = "community"
COMMUNITY_MIN_REPORTS = 10
COMMUNITY_AGREEMENT = 0.7
Z_95 = 1.959964


def wilson_lower_bound(successes: int, total: int, z: float = Z_95) -> float:
    """The lower end of the Wilson score interval for a share: cautious with few votes."""
    if total <= 0:
        return 0.0
    share = successes / total
    centre = share + z * z / (2 * total)
    spread = z * math.sqrt(share * (1 - share) / total + z * z / (4 * total * total))
    return (centre - spread) / (1 + z * z / total)


@dataclass(frozen=True)
class Tally:
    """Counted community reports for one film; a report may name during and after."""

    total: int = 0
    during: int = 0
    after: int = 0
    nothing: int = 0

    def claims(self) -> list[Claim]:
        if self.total < COMMUNITY_MIN_REPORTS:
            return []
        agreed = [
            claim
            for claim, count in (
                ("during", self.during),
                ("after", self.after),
                ("none", self.nothing),
            )
            if wilson_lower_bound(count, self.total) >= COMMUNITY_AGREEMENT
        ]
        return [Claim(COMMUNITY, claim) for claim in agreed]

    def agreeing_with(self, status: str) -> int:
        """How many reporters agree with a verdict ("41 of 43 viewers agree")."""
        if status == "yes":
            return self.total - self.nothing
        if status in ("no", "probably_not"):
            return self.nothing
        return 0


@dataclass(frozen=True)
class Claim:
    source: str
    claim: str  # during | after | none | none_recorded


@dataclass(frozen=True)
class Scene:
    position: str  # during | after
    source: str


@dataclass(frozen=True)
class Outcome:
    status: str  # yes | no | probably_not | unknown
    during_count: int
    after_count: int
    decided_by: str
    # Sources whose claims contradict the outcome; shown on the page, never hidden.
    dissenting_sources: tuple[str, ...] = ()


def _outcome_from(claims: list[Claim], positions: Iterable[str], decided_by: str) -> Outcome:
    scene_claims = {c.claim for c in claims if c.claim in SCENE_CLAIMS}
    if scene_claims:
        described = list(positions)
        if described:
            during = sum(1 for p in described if p in DURING_POSITIONS)
            after = sum(1 for p in described if p == "after")
        else:
            during = int("during" in scene_claims)
            after = int("after" in scene_claims)
        if during or after:
            return Outcome("yes", during, after, decided_by)
    if any(c.claim == "none" for c in claims):
        return Outcome("no", 0, 0, decided_by)
    if any(c.claim == "none_recorded" for c in claims):
        return Outcome("probably_not", 0, 0, decided_by)
    return Outcome("unknown", 0, 0, "")


def derive(
    claims: Iterable[Claim], scenes: Iterable[Scene] = (), tally: Tally | None = None
) -> Outcome:
    """The verdict for one film from its evidence, described scenes and community reports."""
    described = list(scenes)
    positions = [scene.position for scene in described]
    scene_claims = [
        Claim(scene.source, "during" if scene.position in DURING_POSITIONS else "after")
        for scene in described
    ]
    all_claims = list(claims) + scene_claims + (tally.claims() if tally else [])
    editor = [c for c in all_claims if c.source == "editor"]
    if editor:
        outcome = _outcome_from(editor, positions, "editor")
    else:
        outcome = Outcome("unknown", 0, 0, "")
        for pool in (
            [c for c in all_claims if c.claim in SCENE_CLAIMS],
            [c for c in all_claims if c.claim == "none"],
            [c for c in all_claims if c.claim == "none_recorded"],
        ):
            if pool:
                sources = sorted({c.source for c in pool})
                outcome = _outcome_from(pool, positions, ",".join(sources))
                break
    says_scene = outcome.status == "yes"
    dissent = sorted(
        {
            c.source
            for c in all_claims
            if (c.claim in SCENE_CLAIMS) != says_scene and c.claim != "none_recorded"
        }
    )
    return Outcome(
        outcome.status,
        outcome.during_count,
        outcome.after_count,
        outcome.decided_by,
        tuple(dissent),
    )
