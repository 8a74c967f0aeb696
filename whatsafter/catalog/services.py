"""Writes for the catalogue that more than one importer needs: minting public slugs,
genres, companies and name-only people by their natural keys, and the lists' counts."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.utils.text import slugify

from whatsafter.catalog.models import Company, Credit, Genre, Movie, MovieCompany, Person
from whatsafter.utils import CHUNK, batched, bulk_create_batched

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


# -- counts behind the Actors, Companies and Latest lists ------------------------------
# Aggregating every credit on every view cannot scale (97M credits at IMDb size), so the
# lists read counts stored on the rows. Every importer refreshes them all when it ends
# (beside the search index); a verdict change refreshes its films' companies; an
# editor's save refreshes its film's people, companies and genres.


COUNTED = ("people", "companies", "genres")


def list_counts_refresh(*, movie_ids: Iterable[int] | None = None) -> None:
    """Recount films per person, films and scene films per company, films per genre.

    With movie_ids, only the people, companies and genres of those films are recounted
    (a person dropped from a film's credits keeps the old count until the next full run).
    """
    if movie_ids is None:
        _recount(None)
        return
    for chunk in batched(sorted(set(movie_ids)), 500):
        _recount(list(chunk))


def company_counts_refresh(*, movie_ids: Iterable[int]) -> None:
    """Recount the companies of these films: their scene counts follow the verdicts."""
    for chunk in batched(sorted(set(movie_ids)), 500):
        _recount(list(chunk), what=("companies",))


@dataclass(frozen=True)
class _Counted:
    """One list's stored counts: which rows carry them, which rows they count."""

    table: str
    source: str  # a table with a movie_id column and a key pointing at `table`
    key: str
    films: str = "COUNT(*)"
    scenes: str = ""  # SQL for the scene count, where the table has one
    join: str = ""


def _counted(what: tuple[str, ...]) -> list[_Counted]:
    from whatsafter.aftercredits.models import Verdict

    verdict = Verdict._meta.db_table
    specs = {
        "people": _Counted(
            Person._meta.db_table, Credit._meta.db_table, "person_id",
            films="COUNT(DISTINCT s.movie_id)",
        ),
        "companies": _Counted(
            Company._meta.db_table, MovieCompany._meta.db_table, "company_id",
            scenes="COALESCE(SUM(CASE WHEN v.status = 'yes' THEN 1 ELSE 0 END), 0)",
            join=f"LEFT JOIN {verdict} AS v ON v.movie_id = s.movie_id",
        ),
        "genres": _Counted(Genre._meta.db_table, Movie.genres.through._meta.db_table, "genre_id"),
    }  # fmt: skip
    return [specs[name] for name in what]


def _recount(movie_ids: list[int] | None, what: tuple[str, ...] = COUNTED) -> None:
    params = movie_ids or []
    # No transaction of its own: each statement leaves consistent counts, and callers
    # inside an import's transaction get them committed with the import.
    with connection.cursor() as cursor:
        for c in _counted(what):
            where = ""
            if movie_ids is not None:
                marks = ", ".join(["%s"] * len(movie_ids))
                # Table and column names come from the models, values are parameters.
                touched = f"SELECT {c.key} FROM {c.source} WHERE movie_id IN ({marks})"  # noqa: S608
                where = f"WHERE s.{c.key} IN ({touched})"
            scenes = f", {c.scenes} AS scenes" if c.scenes else ""
            counted = (
                f"SELECT s.{c.key} AS id, {c.films} AS films{scenes} "  # noqa: S608
                f"FROM {c.source} AS s {c.join} {where} GROUP BY s.{c.key}"
            )
            set_scenes = ", scene_count = counted.scenes" if c.scenes else ""
            changed = f" OR {c.table}.scene_count <> counted.scenes" if c.scenes else ""
            cursor.execute(
                f"UPDATE {c.table} SET film_count = counted.films{set_scenes} "  # noqa: S608
                f"FROM ({counted}) AS counted WHERE {c.table}.id = counted.id "
                f"AND ({c.table}.film_count <> counted.films{changed})",
                params,
            )
            if movie_ids is None:
                # Rows whose last film went have no row in the count above.
                zero_scenes = ", scene_count = 0" if c.scenes else ""
                cursor.execute(
                    f"UPDATE {c.table} SET film_count = 0{zero_scenes} WHERE film_count > 0 "  # noqa: S608
                    f"AND NOT EXISTS (SELECT 1 FROM {c.source} AS s WHERE s.{c.key} = {c.table}.id)"
                )
