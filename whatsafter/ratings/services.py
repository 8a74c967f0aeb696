"""Writes for scores: one per film and source, whichever importer delivers it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from whatsafter.ratings.models import Rating
from whatsafter.utils import CHUNK, Counts, batched, bulk_create_batched


@dataclass(frozen=True)
class RatingDraft:
    """A score as a source states it, before it is stored (readers' and APIs' mapping)."""

    source: str
    value: Decimal
    raw_value: str
    scale: int
    vote_count: int | None
    provenance: str

    @classmethod
    def ten_point(
        cls, source: str, value: float, votes: int | None, provenance: str
    ) -> RatingDraft:
        return cls(
            source=source,
            value=Decimal(str(value)).quantize(Decimal("0.1")),
            raw_value=str(value),
            scale=10,
            vote_count=votes,
            provenance=provenance,
        )

    @property
    def normalised(self) -> Decimal:
        return (self.value * 100 / self.scale).quantize(Decimal("0.1"))


def rating_rows_upsert(*, ratings: list[tuple[int, RatingDraft]], as_of: dt.date) -> Counts:
    """One score per film and source, for every importer. A newer snapshot replaces an
    older one whatever dataset or API delivered it (OMDb's IMDb rating and IMDb's own
    file are one score); an older one never replaces a newer (docs/DATA.md)."""
    counts = Counts()
    existing: dict[tuple[int, str], tuple[int, Decimal, int | None, dt.date]] = {}
    for chunk in batched(sorted({movie_id for movie_id, _ in ratings}), 500):
        for pk, movie_id, source, value, votes, stamped in Rating.objects.filter(
            movie_id__in=chunk
        ).values_list("id", "movie_id", "source", "value", "vote_count", "as_of"):
            existing[(movie_id, source)] = (pk, value, votes, stamped)
    new: list[Rating] = []
    changed: list[Rating] = []
    for movie_id, rating in ratings:
        fields = {
            "raw_value": rating.raw_value,
            "value": rating.value,
            "scale": rating.scale,
            "normalised": rating.normalised,
            "vote_count": rating.vote_count,
            "provenance": rating.provenance,
            "as_of": as_of,
        }
        known = existing.get((movie_id, rating.source))
        if known is None:
            new.append(Rating(movie_id=movie_id, source=rating.source, **fields))
        elif known[3] <= as_of and (known[1], known[2]) != (rating.value, rating.vote_count):
            changed.append(Rating(id=known[0], movie_id=movie_id, source=rating.source, **fields))
        else:
            counts.unchanged += 1
    bulk_create_batched(Rating, new)
    Rating.objects.bulk_update(
        changed,
        ["raw_value", "value", "scale", "normalised", "vote_count", "provenance", "as_of"],
        batch_size=CHUNK,
    )
    counts.inserted, counts.updated = len(new), len(changed)
    return counts
