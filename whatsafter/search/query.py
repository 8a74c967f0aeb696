"""Understanding what someone typed: a title, maybe a year, maybe misspelt. Pure."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from whatsafter.normalise import fold, title_key

_NON_WORD = re.compile(r"[^0-9a-z]+")
_YEAR = re.compile(r"(?:^|\s)\(?((?:18[89]|19\d|20\d)\d)\)?\s*$")


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    key: str
    year: int | None

    @property
    def tokens(self) -> list[str]:
        return self.key.split()


def parse(raw: str) -> ParsedQuery:
    """'dune (1984)' → key 'dune', year 1984; a title that is only a year stays a title."""
    text = " ".join(raw.split())[:200]
    year = None
    match = _YEAR.search(text)
    if match and title_key(text[: match.start()]):
        year = int(match.group(1))
        text = text[: match.start()].strip()
    return ParsedQuery(text=text, key=title_key(text), year=year)


def name_key(name: str) -> str:
    """A person's name folded like a title key (accents, case, punctuation), articles kept."""
    return _NON_WORD.sub(" ", fold(name)).strip()


def closest_words(word: str, vocabulary: Iterable[str], limit: int = 3) -> list[str]:
    """Known words a typo most likely meant: same first letter, similar length, ratio ≥ 0.75."""
    if len(word) < 3:
        return []
    scored = []
    for known in vocabulary:
        if known[0] != word[0] or abs(len(known) - len(word)) > 2:
            continue
        matcher = SequenceMatcher(None, word, known)
        # The quick upper bounds rule out most words before the full comparison.
        if matcher.real_quick_ratio() < 0.75 or matcher.quick_ratio() < 0.75:
            continue
        ratio = matcher.ratio()
        if ratio >= 0.75:
            scored.append((ratio, known))
    return [known for _, known in sorted(scored, reverse=True)[:limit]]


def corrections(tokens: list[str], vocabulary: set[str]) -> list[list[str]]:
    """Other readings of the tokens: typos fixed, or split words joined ('end game')."""
    readings: list[list[str]] = []
    joined: list[str] = []
    i = 0
    while i < len(tokens):
        pair = tokens[i] + tokens[i + 1] if i + 1 < len(tokens) else ""
        if pair and pair in vocabulary and tokens[i] + " " + tokens[i + 1] not in vocabulary:
            joined.append(pair)
            i += 2
        else:
            joined.append(tokens[i])
            i += 1
    base = joined
    fixed = [
        token if token in vocabulary else (closest_words(token, vocabulary, 1) or [token])[0]
        for token in base
    ]
    for reading in (base, fixed):
        if reading != tokens and reading not in readings:
            readings.append(reading)
    return readings


def near_readings(tokens: list[str], vocabulary: set[str], limit: int = 6) -> list[list[str]]:
    """Last tries when every word is known but together they match nothing.

    "oceans eleven" was typed for "Ocean's Eleven" (key "ocean s eleven"), "forest gump"
    for "Forrest Gump": a possessive split off, or one known word swapped for a close one.
    """
    readings: list[list[str]] = []
    for i, token in enumerate(tokens):
        if len(token) > 3 and token.endswith("s") and token[:-1] in vocabulary:
            readings.append([*tokens[:i], token[:-1], "s", *tokens[i + 1 :]])
    by_length = sorted(range(len(tokens)), key=lambda i: -len(tokens[i]))
    for i in by_length:
        others = vocabulary - {tokens[i]}
        for word in closest_words(tokens[i], others, 2):
            readings.append([*tokens[:i], word, *tokens[i + 1 :]])
    return readings[:limit]
