"""Writes the API importers share: people by TMDb id, scores, match reviews, fetch marks.

Each reads only the rows it is about and writes only what is new or changed. Callers own
the transaction.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from whatsafter.catalog.models import Movie, Person
from whatsafter.catalog.services import person_slug_base, slug_mint
from whatsafter.ingest.models import MatchReview, SourceFetch
from whatsafter.ingest.remote.match import Match


def free_slug(model: type[Movie] | type[Person], base: str, taken: set[str]) -> str:
    """The first free `base`, `base-2` … as slug_mint picks it, looking up only those
    candidates (a prefix LIKE scans the whole table on SQLite)."""
    candidates = [base, *(f"{base}-{n}" for n in range(2, 21))]
    taken |= set(model.objects.filter(slug__in=candidates).values_list("slug", flat=True))
    if all(c in taken for c in candidates):
        taken |= set(model.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    return slug_mint(base, taken)


def people_upsert_by_tmdb_id(*, people: dict[int, str]) -> dict[int, int]:
    """TMDb person id → our person id.

    A person known only by name (Wikipedia's one-person-per-name rows) is claimed by the
    first TMDb person with that name; everyone else gets a row of their own.
    """
    found = dict(Person.objects.filter(tmdb_id__in=people.keys()).values_list("tmdb_id", "id"))
    missing = {tid: name for tid, name in people.items() if tid not in found}
    if not missing:
        return {tid: pk for tid, pk in found.items() if tid is not None}
    bases = {tid: person_slug_base(name) for tid, name in missing.items()}
    claimable = dict(
        Person.objects.filter(
            slug__in=set(bases.values()), tmdb_id__isnull=True, imdb_id__isnull=True
        ).values_list("slug", "id")
    )
    # One query says which bare slugs are taken; only those look further (base-2 …).
    taken = set(Person.objects.filter(slug__in=set(bases.values())).values_list("slug", flat=True))
    new: list[Person] = []
    for tid, name in sorted(missing.items()):
        base = bases[tid]
        if base in claimable:
            pk = claimable.pop(base)
            Person.objects.filter(id=pk).update(tmdb_id=tid)
            found[tid] = pk
            continue
        slug = free_slug(Person, base, taken) if base in taken else slug_mint(base, taken)
        new.append(Person(name=name, slug=slug, tmdb_id=tid))
    Person.objects.bulk_create(new)
    found.update(
        Person.objects.filter(tmdb_id__in=[p.tmdb_id for p in new]).values_list("tmdb_id", "id")
    )
    return {tid: pk for tid, pk in found.items() if tid is not None}


def match_review_record(
    *, source: str, external_id: str, title: str, year: int | None, match: Match
) -> MatchReview:
    """Put an uncertain match on the editors' list (once per source and id)."""
    review, created = MatchReview.objects.get_or_create(
        source=source,
        external_id=external_id,
        defaults={
            "title": title[:500],
            "year": year,
            "confidence": match.confidence,
            "reason": match.reason[:255],
        },
    )
    if created:
        review.candidates.set(match.candidates)
    return review


def match_review_merge(*, review: MatchReview, movie: Movie) -> None:
    """Merge a held film into the chosen candidate: the film takes the source's id, so
    the next import of that id (read from the cache) fills it in."""
    if review.source == "tmdb":
        Movie.objects.filter(id=movie.pk).update(tmdb_id=int(review.external_id))
    else:
        Movie.objects.filter(id=movie.pk).update(imdb_id=review.external_id)
    review.status = MatchReview.Status.MERGED
    review.chosen = movie
    review.decided_at = timezone.now()
    review.save(update_fields=["status", "chosen", "decided_at"])


def match_review_keep_apart(*, review: MatchReview) -> None:
    review.status = MatchReview.Status.KEPT_APART
    review.decided_at = timezone.now()
    review.save(update_fields=["status", "decided_at"])


def source_fetch_record(
    *, source: str, external_id: str, outcome: str, fetched_at: dt.datetime
) -> None:
    SourceFetch.objects.update_or_create(
        source=source,
        external_id=external_id,
        defaults={"outcome": outcome, "fetched_at": fetched_at},
    )


def movie_imdb_id_set(*, movie_id: int, imdb_id: str) -> None:
    """Give a film matched by title and year its IMDb id, unless another film holds it."""
    if not Movie.objects.filter(imdb_id=imdb_id).exists():
        Movie.objects.filter(id=movie_id, imdb_id__isnull=True).update(imdb_id=imdb_id)
