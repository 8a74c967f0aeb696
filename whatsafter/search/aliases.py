"""Every name a film goes by, as the index stores it. Pure.

A film is found by its title, its original title, the other titles IMDb lists for it
(catalog.AlternativeTitle), and two more read from the first sentences of its Wikipedia
intro: a title given "(also known as …)" and the series it belongs to ("the second film
in the Star Wars film series" gives "Star Wars: The Empire Strikes Back"), so "star wars
empire" and "fast and furious 7" find films whose own titles lack those words.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from whatsafter.normalise import title_key
from whatsafter.search.query import ORDINALS, acronyms, canonical, compact, name_key

# "(also known as Star Wars: Episode V - The Empire Strikes Back)", "(released as …)".
_ALSO_KNOWN = re.compile(
    r"\((?:also |originally |internationally |alternatively |simply )?"
    r"(?:known|released|titled|marketed) (?:as|in [\w ]+ as) ([^);]{2,90})"
)
# "… in the Fast & Furious franchise", "… of the Star Wars film series".
_SERIES = re.compile(
    r"\b(?:in|of|to) (?:[Tt]he )?"
    r"((?:[A-Z0-9&][\w'\u2019.:&-]*\s(?:(?:of|the|and|in)\s)*){0,5}[A-Z0-9][\w'\u2019.:&-]*)\s"
    r"(?:film |movie |feature film |media )?(?:franchise|series|saga|trilogy)\b"
)
# "… the fourth installment in the Ice Age film series": the ordinal just before a
# series match (_SERIES) gives the title people type, "Ice Age 4".
_ORDINAL_BEFORE = re.compile(
    r"\b(\w+) (?:main |overall |feature )?"
    r"(?:film|movie|installment|instalment|entry|chapter|part|sequel) $"
)
# IMDb votes worth one point of TMDb popularity: Iron Man (2008) has about 1.1M votes
# and a TMDb popularity near 120, so both scales agree where a film has both.
VOTES_PER_POINT = 10_000
SEPARATOR = " | "
# The version of the rules below; part of every film's index signature, so raising it
# when they change re-indexes the catalogue at the next refresh.
RULES = 2
# Marks a series number among a row's other titles: found exactly, it ranks below a
# title of the film's own that starts with the query ("star wars 2" is Episode II, even
# though The Empire Strikes Back is the second Star Wars film).
NUMBERED = "#"


@dataclass(frozen=True)
class FilmTitles:
    movie_id: int
    key: str
    # Canonical extra words, then each other title's key (index.Hit's `other`).
    other: str
    forms: frozenset[str]
    weight: float
    signature: str


def intro_titles(title: str, intro: str) -> list[str]:
    """Other titles named in a Wikipedia intro's first sentences."""
    found = [m.group(1).strip(" \"'”“") for m in _ALSO_KNOWN.finditer(intro)]
    for match in _SERIES.finditer(intro):
        series = match.group(1).strip()
        if title_key(series) and title_key(series) not in title_key(title):
            found.append(f"{series}: {title}")
    return found


def series_numbers(title: str, intro: str) -> list[str]:
    """The title "Ice Age 4" for "the fourth installment in the Ice Age film series".

    Not for a title with a number of its own ("Episode II": that is the one people use)
    nor for the film the series is named after ("Star Wars 1" is typed as "star wars").
    """
    if not intro or any(word.isdigit() for word in canonical(title_key(title).split())):
        return []
    found = []
    for match in _SERIES.finditer(intro):
        series = match.group(1).strip()
        number = _ordinal(intro[max(0, match.start() - 40) : match.start()])
        if number and title_key(series) not in ("", title_key(title)):
            found.append(f"{series} {number}")
    return found


def _ordinal(before: str) -> int | None:
    """The number in "the third film " / "the 13th installment " ending a text."""
    match = _ORDINAL_BEFORE.search(before)
    if not match:
        return None
    word = match.group(1).lower()
    if word in ORDINALS:
        return int(ORDINALS[word])
    digits = word[:-2]
    return int(digits) if word[-2:] in ("st", "nd", "rd", "th") and digits.isdigit() else None


def weight_of(popularity: float, signature: str) -> float:
    """TMDb popularity, or IMDb votes in the same units when that is larger."""
    votes = signature.rsplit("|", 1)[-1]
    votes_points = int(votes) / VOTES_PER_POINT if votes.isdigit() else 0.0
    value = max(popularity or 0.0, votes_points)
    return value if math.isfinite(value) else 0.0


def film_titles(
    *,
    movie_id: int,
    title: str,
    original_title: str,
    other_titles: list[str],
    intro: str,
    popularity: float,
    signature: str,
) -> FilmTitles:
    key = title_key(title)
    keys: dict[str, None] = {}
    for other in [original_title, *other_titles, *intro_titles(title, intro)]:
        # Most original titles are the title (IMDb repeats it): no need to key it again.
        other_key = key if other == title else title_key(other or "")
        if other_key and other_key != key:
            keys[other_key] = None
    numbered = {
        NUMBERED + k: None
        for k in map(title_key, series_numbers(title, intro))
        if k and k not in keys and k != key
    }
    every = [key, *keys]
    words = {w for k in every for w in k.split()}
    spellings = {w for k in every for w in [*canonical(k.split()), *acronyms(k.split())]}
    extra = sorted(spellings - words)
    named = [*keys, *numbered]
    other = SEPARATOR.join([" ".join(extra), *named]) if named or extra else ""
    return FilmTitles(
        movie_id=movie_id,
        key=key,
        other=other,
        # Also with a leading article, which title keys drop: "therock" is The Rock.
        forms=frozenset(
            compact(k.lstrip(NUMBERED).split()) for k in [*every, *numbered, name_key(title)]
        ),
        weight=weight_of(popularity, signature),
        signature=signature,
    )


def other_keys(other: str, *, numbered: bool = True) -> list[str]:
    """The other titles' keys stored in an index row's `other` column (`numbered`: with
    its series numbers)."""
    keys = other.split(SEPARATOR)[1:] if other else []
    return [k.lstrip(NUMBERED) for k in keys if numbered or not k.startswith(NUMBERED)]


def numbered_keys(other: str) -> set[str]:
    """The keys of an index row's `other` column that are series numbers (series_numbers)."""
    keys = other.split(SEPARATOR)[1:] if other else []
    return {k[len(NUMBERED) :] for k in keys if k.startswith(NUMBERED)}
