"""Writes for the catalogue that more than one importer needs: minting public slugs."""

from __future__ import annotations

import hashlib

from django.utils.text import slugify

MAX_SLUG_BASE = 200


def _ascii_slug(text: str, fallback_prefix: str) -> str:
    slug = slugify(text)[:MAX_SLUG_BASE].strip("-")
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
