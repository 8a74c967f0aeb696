"""Reads for the answer to "is there anything after the credits?"."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from whatsafter.aftercredits import rules
from whatsafter.aftercredits.models import CreditScene, Evidence, Verdict, VerdictStatus

SOURCE_LABELS = {
    "editor": "What's After editors",
    "tmdb_keyword": "TMDb keywords",
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
        return f"{_plural(during + after, 'scene')}: {' and '.join(parts)}."
    if status == VerdictStatus.NO:
        return "Nothing during or after the credits: you can leave when they start."
    if status == VerdictStatus.PROBABLY_NOT:
        return "No source we track records a scene during or after the credits."
    return "No source has told us yet whether there is a scene after the credits."


def answer_for(
    *, verdict: Verdict | None, evidence: Sequence[Evidence], scenes: Sequence[CreditScene]
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
    )
