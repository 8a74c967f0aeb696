"""Extractive summaries: choose sentences from the text, never write new ones. Pure."""

from __future__ import annotations

import re
from collections import Counter

# A sentence ends at . ! or ? followed by a space and a capital or a quote; initials like
# "J. R." and abbreviations like "Dr." are not ends.
_END = re.compile('(?<=[.!?])["\u201d\u2019)]?\\s+(?=["\u201c\u2018(]?[A-Z0-9])')
_ABBREVIATIONS = ("Mr.", "Mrs.", "Ms.", "Dr.", "St.", "Jr.", "Sr.", "vs.", "U.S.", "Lt.", "Col.")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
_STOP = frozenset(
    (
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "is",
        "was",
        "were",
        "are",
        "be",
        "been",
        "his",
        "her",
        "their",
        "its",
        "he",
        "she",
        "they",
        "it",
        "this",
        "that",
        "who",
        "which",
        "when",
        "while",
        "after",
        "before",
        "then",
        "into",
        "than",
    )
)


def sentences(text: str) -> list[str]:
    parts = _END.split(" ".join(text.split()))
    merged: list[str] = []
    for part in parts:
        if merged and (merged[-1].endswith(_ABBREVIATIONS) or re.search(r"\b[A-Z]\.$", merged[-1])):
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    return [s.strip() for s in merged if s.strip()]


def split_in_three(text: str) -> tuple[str, str, str]:
    """Setup, middle and ending: the sentences in three runs of about equal length."""
    found = sentences(text)
    if len(found) < 3:
        return " ".join(found), "", ""
    total = sum(len(s) for s in found)
    parts: list[list[str]] = [[], [], []]
    running = 0
    for sentence in found:
        index = min(2, int(3 * running / total))
        parts[index].append(sentence)
        running += len(sentence)
    return tuple(" ".join(p) for p in parts)  # type: ignore[return-value]


def summarise(text: str, *, max_sentences: int = 3, max_chars: int = 600) -> str:
    """The most central sentences, in their original order, under a length cap.

    Each sentence scores by how often its content words recur in the whole text; the
    first sentence gets a bonus because plots open by saying who and where.
    """
    found = sentences(text)
    if len(found) <= max_sentences and len(text) <= max_chars:
        return " ".join(found)
    words = Counter(w.lower() for w in _WORD.findall(text) if w.lower() not in _STOP)

    def score(index: int) -> float:
        tokens = [w.lower() for w in _WORD.findall(found[index]) if w.lower() not in _STOP]
        base = sum(words[t] for t in tokens) / (len(tokens) + 3)
        return base * (1.5 if index == 0 else 1.0)

    chosen: list[int] = []
    length = 0
    for index in sorted(range(len(found)), key=score, reverse=True):
        if len(chosen) == max_sentences:
            break
        if length + len(found[index]) > max_chars and chosen:
            continue
        chosen.append(index)
        length += len(found[index]) + 1
    return " ".join(found[i] for i in sorted(chosen))
