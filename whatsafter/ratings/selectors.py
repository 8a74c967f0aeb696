"""Ratings side by side: every source gets a slot, and a missing score says so."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from whatsafter.ratings.models import Rating, RatingSource

# The order the page shows them in: IMDb, Metacritic (critics, users), Rotten Tomatoes
# (critics, audience), TMDb.
SLOTS: tuple[tuple[str, str, str, str], ...] = (
    (RatingSource.IMDB, "IMDb", "IMDb rating", "/10"),
    (RatingSource.METASCORE, "Metacritic", "Metascore", "/100"),
    (RatingSource.METACRITIC_USER, "Metacritic", "User score", "/10"),
    (RatingSource.TOMATOMETER, "Rotten Tomatoes", "Tomatometer", "%"),
    (RatingSource.RT_AUDIENCE, "Rotten Tomatoes", "Audience score", "%"),
    (RatingSource.TMDB, "TMDb", "User score", "/10"),
)


@dataclass(frozen=True)
class RatingSlot:
    source: str
    site: str
    label: str
    display: str | None  # "7.3/10", "62%"; None means no score yet
    normalised: float | None
    vote_count: int | None
    as_of: str | None
    provenance: str


def _format(rating: Rating, suffix: str) -> str:
    value = rating.value
    number = f"{value:.0f}" if rating.scale == 100 else f"{value:.1f}"
    return f"{number}{suffix}"


def rating_slots(ratings: Iterable[Rating]) -> list[RatingSlot]:
    by_source = {rating.source: rating for rating in ratings}
    slots = []
    for source, site, label, suffix in SLOTS:
        rating = by_source.get(source)
        slots.append(
            RatingSlot(
                source=source,
                site=site,
                label=label,
                display=_format(rating, suffix) if rating else None,
                normalised=float(rating.normalised) if rating else None,
                vote_count=rating.vote_count if rating else None,
                as_of=rating.as_of.isoformat() if rating else None,
                provenance=rating.provenance if rating else "",
            )
        )
    return slots
