"""Writes for the catalogue that more than one importer needs: minting public slugs,
genres, companies and name-only people by their natural keys, and the lists' counts."""

from __future__ import annotations

import hashlib
import re

from django.utils.text import slugify

from whatsafter.catalog.models import Company, Genre, Person
from whatsafter.utils import CHUNK, bulk_create_batched

MAX_SLUG_BASE = 200


# django.utils.text.slugify's two steps after its Unicode folding, which changes nothing
# in ASCII text: an IMDb import slugs every new film and person (425,000 at a million
# titles), and the folding and the lazy-text wrapper were two thirds of the cost.
_NOT_SLUG = re.compile(r"[^\w\s-]")
_SLUG_GAPS = re.compile(r"[-\s]+")


def _slugify(text: str) -> str:
    if text.isascii():
        return _SLUG_GAPS.sub("-", _NOT_SLUG.sub("", text.lower())).strip("-_")
    return slugify(text)


def _ascii_slug(text: str, fallback_prefix: str) -> str:
    slug = _slugify(text)[:MAX_SLUG_BASE].strip("-")
    if slug:
        return slug
    # Titles in non-Latin scripts slugify to nothing; a short stable hash keeps the
    # address deterministic and readable enough.
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]  # noqa: S324 - not security
    return f"{fallback_prefix}-{digest}"


def movie_slug_base(title: str, year: int | None) -> str:
    """`never-let-me-go-2010`: the address a film would get if nothing else held it."""
    base = _ascii_slug(title, "film")
    return f"{base}-{year}" if year else base


def person_slug_base(name: str) -> str:
    return _ascii_slug(name, "person")


def slug_mint(base: str, taken: set[str]) -> str:
    """The first of base, base-2, base-3 … not in `taken`; adds the result to `taken`."""
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


def genres_upsert(*, names: set[str]) -> dict[str, int]:
    """Genre rows for names not yet known; returns the id of each name asked for."""
    existing = dict(Genre.objects.filter(name__in=names).values_list("name", "id"))
    missing = sorted(names - existing.keys())
    if missing:
        taken = set(Genre.objects.values_list("slug", flat=True))
        bulk_create_batched(
            Genre,
            [Genre(name=name, slug=slug_mint(slugify(name) or "genre", taken)) for name in missing],
        )
        existing.update(Genre.objects.filter(name__in=missing).values_list("name", "id"))
    return existing


def companies_upsert(*, companies: dict[int, str]) -> dict[int, int]:
    """TMDb company id → our id; a renamed company keeps its row and slug."""
    existing = {
        tmdb_id: (pk, name)
        for pk, tmdb_id, name in Company.objects.filter(tmdb_id__isnull=False).values_list(
            "id", "tmdb_id", "name"
        )
    }
    taken = set(Company.objects.values_list("slug", flat=True))
    new = [
        Company(name=name, tmdb_id=tmdb_id, slug=slug_mint(slugify(name) or "company", taken))
        for tmdb_id, name in sorted(companies.items())
        if tmdb_id not in existing
    ]
    renamed = [
        Company(id=existing[tmdb_id][0], name=name)
        for tmdb_id, name in companies.items()
        if tmdb_id in existing and existing[tmdb_id][1] != name
    ]
    bulk_create_batched(Company, new)
    Company.objects.bulk_update(renamed, ["name"], batch_size=CHUNK)
    return {
        tmdb_id: pk
        for tmdb_id, pk in Company.objects.filter(tmdb_id__isnull=False).values_list(
            "tmdb_id", "id"
        )
        if tmdb_id is not None
    }


def people_upsert_by_name(*, names: set[str]) -> tuple[dict[str, int], int]:
    """People known only by name (Wikipedia cast lists): one person per name slug.

    Without ids, two spellings that slugify alike ("José Ferrer", "Jose Ferrer") are
    taken as one person; different people sharing a name stay merged until an import
    with ids (IMDb, TMDb) tells them apart.
    """
    by_slug = {person_slug_base(name): name for name in sorted(names, reverse=True)}
    existing = dict(Person.objects.filter(slug__in=by_slug.keys()).values_list("slug", "id"))
    new = [Person(name=name, slug=slug) for slug, name in by_slug.items() if slug not in existing]
    bulk_create_batched(Person, new)
    ids = dict(Person.objects.filter(slug__in=by_slug.keys()).values_list("slug", "id"))
    return {name: ids[person_slug_base(name)] for name in names}, len(new)
