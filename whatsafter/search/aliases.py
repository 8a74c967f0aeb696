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
from whatsafter.search.query import canonical, compact, name_key

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
# IMDb votes worth one point of TMDb popularity: Iron Man (2008) has about 1.1M votes
# and a TMDb popularity near 120, so both scales agree where a film has both.
VOTES_PER_POINT = 10_000
SEPARATOR = " | "


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
        other_key = title_key(other or "")
        if other_key and other_key != key:
            keys[other_key] = None
    every = [key, *keys]
    words = {w for k in every for w in k.split()}
    extra = sorted({w for k in every for w in canonical(k.split())} - words)
    other = SEPARATOR.join([" ".join(extra), *keys]) if keys or extra else ""
    return FilmTitles(
        movie_id=movie_id,
        key=key,
        other=other,
        # Also with a leading article, which title keys drop: "therock" is The Rock.
        forms=frozenset(compact(k.split()) for k in [*every, name_key(title)]),
        weight=weight_of(popularity, signature),
        signature=signature,
    )


def other_keys(other: str) -> list[str]:
    """The other titles' keys stored in an index row's `other` column."""
    return other.split(SEPARATOR)[1:] if other else []
