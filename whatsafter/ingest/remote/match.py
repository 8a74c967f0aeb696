"""Which catalogue film a fetched film is. Pure: the caller reads the candidates.

Order: the source's own id (TMDb id), then the IMDb id, then normalised title + year.
A title match merges only when it is certain: one candidate, the same year, and no id
on the candidate that contradicts the film's. Anything less (two candidates, a year
apart) is uncertain and goes to the editors' review list instead of merging.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from whatsafter.normalise import title_key

# Confidence of a title + year match; at or above MERGE_AT it merges without review.
SAME_YEAR = Decimal("0.95")
YEAR_APART = Decimal("0.60")
MERGE_AT = Decimal("0.90")


@dataclass(frozen=True)
class Known:
    """A catalogue film as matching sees it."""

    id: int
    title: str
    year: int | None
    tmdb_id: int | None
    imdb_id: str | None


@dataclass(frozen=True)
class Match:
    movie_id: int | None  # None with no candidates: a new film
    how: str  # "tmdb id", "imdb id", "title + year", "new", "review"
    confidence: Decimal
    candidates: tuple[int, ...] = ()
    reason: str = ""

    @property
    def uncertain(self) -> bool:
        return self.how == "review"


def _compatible(known: Known, *, tmdb_id: int | None, imdb_id: str | None) -> bool:
    """A candidate already carrying a different id is a different film."""
    if tmdb_id is not None and known.tmdb_id is not None and known.tmdb_id != tmdb_id:
        return False
    return not (imdb_id is not None and known.imdb_id is not None and known.imdb_id != imdb_id)


def resolve(
    *,
    tmdb_id: int | None,
    imdb_id: str | None,
    title: str,
    year: int | None,
    by_tmdb: dict[int, Known],
    by_imdb: dict[str, Known],
    by_title: dict[str, list[Known]],
) -> Match:
    if tmdb_id is not None and tmdb_id in by_tmdb:
        return Match(by_tmdb[tmdb_id].id, "tmdb id", Decimal(1))
    if imdb_id is not None and imdb_id in by_imdb:
        known = by_imdb[imdb_id]
        if _compatible(known, tmdb_id=tmdb_id, imdb_id=imdb_id):
            return Match(known.id, "imdb id", Decimal(1))
    if year is None:
        return Match(None, "new", Decimal(0))
    candidates = [
        k
        for k in by_title.get(title_key(title), [])
        if k.year is not None
        and abs(k.year - year) <= 1
        # A film already carrying another id of the same kind is another film.
        and _compatible(k, tmdb_id=tmdb_id, imdb_id=imdb_id)
    ]
    same_year = [k for k in candidates if k.year == year]
    if len(same_year) == 1 and SAME_YEAR >= MERGE_AT:
        return Match(same_year[0].id, "title + year", SAME_YEAR)
    if len(same_year) > 1:
        return Match(
            None,
            "review",
            (SAME_YEAR / len(same_year)).quantize(Decimal("0.01")),
            tuple(k.id for k in same_year),
            f"{len(same_year)} films with this title and year",
        )
    if candidates:
        return Match(
            None,
            "review",
            (YEAR_APART / len(candidates)).quantize(Decimal("0.01")),
            tuple(k.id for k in candidates),
            "same title, a year apart",
        )
    return Match(None, "new", Decimal(0))
