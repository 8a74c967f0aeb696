"""Reads the API importers need: films to match against, reviews, OMDb's to-do list."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Exists, OuterRef

from whatsafter.catalog.models import Movie
from whatsafter.ingest.models import MatchReview, SourceFetch
from whatsafter.ingest.remote.match import Known
from whatsafter.normalise import title_key

_KNOWN = ("id", "title", "year", "tmdb_id", "imdb_id")


def title_index() -> dict[str, list[int]]:
    """Film ids by normalised title, read once per run (one query, ids only kept)."""
    index: dict[str, list[int]] = defaultdict(list)
    for pk, title in Movie.objects.values_list("id", "title").iterator(chunk_size=5000):
        index[title_key(title)].append(pk)
    return index


def known_films(
    *,
    tmdb_ids: Iterable[int] = (),
    imdb_ids: Iterable[str] = (),
    movie_ids: Iterable[int] = (),
) -> list[Known]:
    """The films holding any of these ids, as they are now (earlier batches may have
    given a title candidate its ids)."""
    found: dict[int, Known] = {}
    for lookup, values in (
        ("tmdb_id__in", set(tmdb_ids)),
        ("imdb_id__in", set(imdb_ids)),
        ("id__in", set(movie_ids)),
    ):
        if not values:
            continue
        for row in Movie.objects.filter(**{lookup: values}).values_list(*_KNOWN):
            found[row[0]] = Known(*row)
    return list(found.values())


def reviews_for(*, source: str, external_ids: Iterable[str]) -> dict[str, MatchReview]:
    return {
        review.external_id: review
        for review in MatchReview.objects.filter(source=source, external_id__in=set(external_ids))
    }


def omdb_due(*, stale_before: dt.datetime, limit: int | None = None) -> list[str]:
    """IMDb ids of films OMDb has not answered for yet, or not since `stale_before`."""
    fresh = SourceFetch.objects.filter(
        source="omdb", external_id=OuterRef("imdb_id"), fetched_at__gte=stale_before
    )
    ids = (
        Movie.objects.filter(imdb_id__isnull=False)
        .exclude(Exists(fresh))
        .order_by("-popularity", "id")
        .values_list("imdb_id", flat=True)
    )
    return [i for i in (ids[:limit] if limit else ids) if i]
