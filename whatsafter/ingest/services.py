"""Batched upserts from drafts into the catalogue. Callers own the transaction.

Each step reads what exists for the whole load in one query, then writes only the rows
that are new or changed in chunks, so a re-run of the same input writes nothing and the
sample build costs a handful of queries per thousand films rather than several per film.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Model
from django.utils import timezone
from django.utils.text import slugify

from whatsafter.aftercredits.models import CreditScene, Evidence
from whatsafter.catalog.models import Company, Credit, Genre, Movie, MovieCompany, Person
from whatsafter.catalog.provenance import CONTENT_FIELDS, import_may_write
from whatsafter.catalog.services import movie_slug_base, person_slug_base, slug_mint
from whatsafter.ingest.mapping import MovieDraft, RatingDraft
from whatsafter.ratings.models import Rating
from whatsafter.utils import batched

CHUNK = 2000

Progress = Callable[[str, int], None]


def _no_progress(step: str, advance: int) -> None:
    return None


@dataclass
class LoadCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    extra: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, count: int) -> None:
        self.extra[name] = self.extra.get(name, 0) + count


def _bulk_create(model: type[Model], rows: Sequence[Model], **options: object) -> None:
    for chunk in batched(rows, CHUNK):
        model._default_manager.bulk_create(chunk, **options)  # type: ignore[arg-type]


def genres_upsert(*, names: set[str]) -> dict[str, int]:
    existing = dict(Genre.objects.values_list("name", "id"))
    taken = set(Genre.objects.values_list("slug", flat=True))
    new = [
        Genre(name=name, slug=slug_mint(slugify(name) or "genre", taken))
        for name in sorted(names - existing.keys())
    ]
    _bulk_create(Genre, new)
    return dict(Genre.objects.values_list("name", "id"))


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
    _bulk_create(Company, new)
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
    _bulk_create(Person, new)
    ids = dict(Person.objects.filter(slug__in=by_slug.keys()).values_list("slug", "id"))
    return {name: ids[person_slug_base(name)] for name in names}, len(new)


def _identity(draft: MovieDraft) -> tuple[str, object]:
    if draft.tmdb_id is not None:
        return ("tmdb", draft.tmdb_id)
    if draft.wikipedia_page:
        return ("wiki", draft.wikipedia_page)
    return ("title", (draft.title, draft.year))


def _supplied_fields(draft: MovieDraft) -> list[str]:
    supplied = [name for name in CONTENT_FIELDS if name in draft.field_sources]
    if "title" in draft.field_sources and "year" not in supplied:
        supplied.append("year")  # a source that names the film also dates it
    return supplied


def _sources(draft: MovieDraft, stamp: str) -> dict[str, dict[str, str]]:
    return {name: {"source": src, "as_of": stamp} for name, src in draft.field_sources.items()}


def movies_upsert(
    *, drafts: list[MovieDraft], as_of: dt.date, progress: Progress = _no_progress
) -> tuple[list[int], LoadCounts]:
    """Create or update one Movie per draft; returns their ids in draft order."""
    counts = LoadCounts()
    # Several drafts can share an identity (Wikipedia lists some films twice, or two
    # films under one page); the k-th such draft pairs with the k-th such row by id, so
    # a re-run maps every draft back onto the row it created.
    known: dict[tuple[str, object], list[int]] = defaultdict(list)
    current: dict[int, dict[str, object]] = {}
    for row in Movie.objects.order_by("id").values(
        "id", "tmdb_id", "wikipedia_page", "field_sources", *CONTENT_FIELDS
    ):
        pk = row["id"]
        if row["tmdb_id"] is not None:
            known[("tmdb", row["tmdb_id"])].append(pk)
        elif row["wikipedia_page"]:
            known[("wiki", row["wikipedia_page"])].append(pk)
        else:
            known[("title", (row["title"], row["year"]))].append(pk)
        current[pk] = row
    taken = set(Movie.objects.values_list("slug", flat=True))
    stamp = as_of.isoformat()

    ids: list[int | None] = [None] * len(drafts)
    new_index: list[int] = []
    updates: list[Movie] = []
    seen: dict[tuple[str, object], int] = defaultdict(int)
    for i, draft in enumerate(drafts):
        identity = _identity(draft)
        k = seen[identity]
        seen[identity] += 1
        matches = known.get(identity, [])
        if k >= len(matches):
            new_index.append(i)
            continue
        pk = ids[i] = matches[k]
        # An import writes only what its source supplied: Wikipedia never blanks TMDb's
        # overview, and a value missing from a newer file is not a change.
        supplied = _supplied_fields(draft)
        owners = current[pk]["field_sources"]
        owners = owners if isinstance(owners, dict) else {}
        changed = {
            name: getattr(draft, name)
            for name in supplied
            if current[pk][name] != getattr(draft, name)
            and import_may_write(
                owners.get(name), source=draft.field_sources.get(name, ""), as_of=stamp
            )
        }
        if changed:
            before = dict(current[pk])
            movie = Movie(id=pk, **{n: before[n] for n in CONTENT_FIELDS})
            for name, value in changed.items():
                setattr(movie, name, value)
            stamps = _sources(draft, stamp)
            previous = before["field_sources"]
            movie.field_sources = {
                **(previous if isinstance(previous, dict) else {}),
                **{name: stamps[name] for name in changed if name in stamps},
            }
            updates.append(movie)
            counts.updated += 1
        else:
            counts.unchanged += 1
    # Slugs are minted in (year, title) order so collisions ("hamlet-1948",
    # "hamlet-1948-2") fall the same way each build; rows are created in draft order.
    slugs: dict[int, str] = {}
    for i in sorted(new_index, key=lambda i: (drafts[i].year or 0, drafts[i].title, i)):
        slugs[i] = slug_mint(movie_slug_base(drafts[i].title, drafts[i].year), taken)
    creates = [
        (
            i,
            Movie(
                slug=slugs[i],
                tmdb_id=drafts[i].tmdb_id,
                field_sources=_sources(drafts[i], stamp),
                **{name: getattr(drafts[i], name) for name in CONTENT_FIELDS},
            ),
        )
        for i in new_index
    ]
    for chunk in batched(creates, CHUNK):
        Movie.objects.bulk_create([movie for _, movie in chunk])
        for i, movie in chunk:
            ids[i] = movie.pk
        progress("films", len(chunk))
    counts.inserted = len(creates)
    Movie.objects.bulk_update(updates, [*CONTENT_FIELDS, "field_sources"], batch_size=CHUNK)
    progress("films", len(updates) + counts.unchanged)
    return [pk for pk in ids if pk is not None], counts


def movie_links_upsert(
    *, drafts: list[MovieDraft], movie_ids: list[int], progress: Progress = _no_progress
) -> LoadCounts:
    """Genres, companies and cast of each film; only missing links are written."""
    counts = LoadCounts()
    genre_ids = genres_upsert(names={g for d in drafts for g in d.genres})
    company_ids = companies_upsert(companies={cid: n for d in drafts for cid, n in d.companies})
    person_ids, new_people = people_upsert_by_name(names={name for d in drafts for name in d.cast})

    genre_links = [
        Movie.genres.through(movie_id=pk, genre_id=genre_ids[name])
        for draft, pk in zip(drafts, movie_ids, strict=True)
        for name in dict.fromkeys(draft.genres)
    ]
    before = Movie.genres.through.objects.count()
    _bulk_create(Movie.genres.through, genre_links, ignore_conflicts=True)
    counts.add("genre links", Movie.genres.through.objects.count() - before)

    company_links = [
        MovieCompany(movie_id=pk, company_id=company_ids[cid], order=n)
        for draft, pk in zip(drafts, movie_ids, strict=True)
        for n, (cid, _) in enumerate(draft.companies)
    ]
    before = MovieCompany.objects.count()
    _bulk_create(MovieCompany, company_links, ignore_conflicts=True)
    counts.add("company links", MovieCompany.objects.count() - before)

    credits = [
        Credit(
            movie_id=pk,
            person_id=person_ids[name],
            kind=Credit.Kind.CAST,
            order=order,
            source="wikipedia",
        )
        for draft, pk in zip(drafts, movie_ids, strict=True)
        for order, name in enumerate(draft.cast)
    ]
    before = Credit.objects.count()
    for chunk in batched(credits, CHUNK):
        Credit.objects.bulk_create(chunk, ignore_conflicts=True)
        progress("cast", len(chunk))
    counts.add("cast credits", Credit.objects.count() - before)
    counts.add("people", new_people)
    return counts


def ratings_upsert(*, drafts: list[MovieDraft], movie_ids: list[int], as_of: dt.date) -> LoadCounts:
    """The file drafts' scores, by rating_rows_upsert."""
    return rating_rows_upsert(
        ratings=[
            (movie_id, rating)
            for draft, movie_id in zip(drafts, movie_ids, strict=True)
            for rating in draft.ratings
        ],
        as_of=as_of,
    )


def rating_rows_upsert(*, ratings: list[tuple[int, RatingDraft]], as_of: dt.date) -> LoadCounts:
    """One score per film and source, for every importer. A newer snapshot replaces an
    older one whatever dataset or API delivered it (OMDb's IMDb rating and IMDb's own
    file are one score); an older one never replaces a newer (docs/DATA.md)."""
    counts = LoadCounts()
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
    _bulk_create(Rating, new)
    Rating.objects.bulk_update(
        changed,
        ["raw_value", "value", "scale", "normalised", "vote_count", "provenance", "as_of"],
        batch_size=CHUNK,
    )
    counts.inserted, counts.updated = len(new), len(changed)
    return counts


def keyword_evidence_upsert(*, drafts: list[MovieDraft], movie_ids: list[int]) -> LoadCounts:
    """TMDb keyword claims; a claim the newer file no longer makes is withdrawn."""
    counts = LoadCounts()
    source = Evidence.Source.TMDB_KEYWORD
    wanted = {
        (movie_id, claim)
        for draft, movie_id in zip(drafts, movie_ids, strict=True)
        if draft.tmdb_id is not None
        for claim in draft.keyword_claims
    }
    covered = {movie_id for movie_id, _ in wanted}
    existing = {
        (movie_id, claim): pk
        for pk, movie_id, claim in Evidence.objects.filter(source=source).values_list(
            "id", "movie_id", "claim"
        )
    }
    stale = [
        pk
        for (movie_id, claim), pk in existing.items()
        if movie_id in covered and (movie_id, claim) not in wanted
    ]
    for chunk in batched(stale, CHUNK):
        Evidence.objects.filter(id__in=chunk).delete()
    now = timezone.now()
    new = [
        Evidence(movie_id=movie_id, source=source, claim=claim, asserted_at=now, detail="tmdb-5000")
        for movie_id, claim in sorted(wanted - existing.keys())
    ]
    _bulk_create(Evidence, new)
    counts.inserted, counts.updated = len(new), len(stale)
    counts.unchanged = len(wanted) - len(new)
    return counts


@dataclass(frozen=True)
class EditorScene:
    tmdb_id: int
    position: str
    description: str
    kind: str = "story"
    sets_up_sequel: bool = False


def editor_scenes_upsert(*, scenes: list[EditorScene]) -> tuple[set[int], LoadCounts]:
    """Scenes written by our editors: each is also the editor's claim for its position."""
    counts = LoadCounts()
    movie_ids = dict(
        Movie.objects.filter(tmdb_id__in={s.tmdb_id for s in scenes}).values_list("tmdb_id", "id")
    )
    touched: set[int] = set()
    per_film: dict[int, list[EditorScene]] = {}
    for scene in scenes:
        if scene.tmdb_id in movie_ids:
            per_film.setdefault(movie_ids[scene.tmdb_id], []).append(scene)
    existing = {
        (movie_id, order): (pk, tuple(content))
        for pk, movie_id, order, *content in CreditScene.objects.filter(
            movie_id__in=per_film.keys()
        ).values_list(
            "id", "movie_id", "order", "position", "description", "kind", "sets_up_sequel"
        )
    }
    new, changed = [], []
    for movie_id, film_scenes in per_film.items():
        for order, scene in enumerate(film_scenes, start=1):
            known = existing.get((movie_id, order))
            row = CreditScene(
                movie_id=movie_id,
                order=order,
                position=scene.position,
                description=scene.description,
                kind=scene.kind,
                sets_up_sequel=scene.sets_up_sequel,
                source="editor",
            )
            if known is None:
                new.append(row)
            elif known[1] != (
                scene.position,
                scene.description,
                scene.kind,
                scene.sets_up_sequel,
            ):
                row.id = known[0]
                changed.append(row)
            else:
                counts.unchanged += 1
        touched.add(movie_id)
    _bulk_create(CreditScene, new)
    CreditScene.objects.bulk_update(
        changed, ["position", "description", "kind", "sets_up_sequel", "source"]
    )
    counts.inserted, counts.updated = len(new), len(changed)
    return touched, counts
