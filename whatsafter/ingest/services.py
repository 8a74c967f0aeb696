"""Batched upserts of the file importers' drafts: films and their links here, the
other apps' rows through their own services. Callers own the transaction.

Each step reads what exists for the whole load in one query, then writes only the rows
that are new or changed in chunks, so a re-run of the same input writes nothing and the
sample build costs a handful of queries per thousand films rather than several per film.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.utils import timezone

from whatsafter.aftercredits import services as aftercredits_services
from whatsafter.catalog.models import AlternativeTitle, Credit, Movie, MovieCompany
from whatsafter.catalog.provenance import CONTENT_FIELDS, import_may_write
from whatsafter.catalog.services import (
    companies_upsert,
    genres_upsert,
    movie_slug_base,
    people_upsert_by_name,
    slug_mint,
)
from whatsafter.ingest.mapping import MovieDraft
from whatsafter.ingest.models import ImportRun, RejectedRow
from whatsafter.ingest.rows import RowError
from whatsafter.ratings.services import rating_rows_upsert
from whatsafter.utils import CHUNK, Counts, batched, bulk_create_batched

Progress = Callable[[str, int], None]


def _no_progress(step: str, advance: int) -> None:
    return None


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
) -> tuple[list[int], Counts]:
    """Create or update one Movie per draft; returns their ids in draft order."""
    counts = Counts()
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
) -> Counts:
    """Genres, companies and cast of each film; only missing links are written."""
    counts = Counts()
    genre_ids = genres_upsert(names={g for d in drafts for g in d.genres})
    company_ids = companies_upsert(companies={cid: n for d in drafts for cid, n in d.companies})
    person_ids, new_people = people_upsert_by_name(names={name for d in drafts for name in d.cast})

    genre_links = [
        Movie.genres.through(movie_id=pk, genre_id=genre_ids[name])
        for draft, pk in zip(drafts, movie_ids, strict=True)
        for name in dict.fromkeys(draft.genres)
    ]
    before = Movie.genres.through.objects.count()
    bulk_create_batched(Movie.genres.through, genre_links, ignore_conflicts=True)
    counts.add("genre links", Movie.genres.through.objects.count() - before)

    company_links = [
        MovieCompany(movie_id=pk, company_id=company_ids[cid], order=n)
        for draft, pk in zip(drafts, movie_ids, strict=True)
        for n, (cid, _) in enumerate(draft.companies)
    ]
    before = MovieCompany.objects.count()
    bulk_create_batched(MovieCompany, company_links, ignore_conflicts=True)
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

    # The Wikipedia lists are of American films: a title they give is the US one.
    other_titles = [
        AlternativeTitle(movie_id=pk, title=title, region="US", language="en", source="wikipedia")
        for draft, pk in zip(drafts, movie_ids, strict=True)
        for title in draft.other_titles
    ]
    before = AlternativeTitle.objects.count()
    bulk_create_batched(AlternativeTitle, other_titles, ignore_conflicts=True)
    counts.add("other titles", AlternativeTitle.objects.count() - before)
    return counts


def ratings_upsert(*, drafts: list[MovieDraft], movie_ids: list[int], as_of: dt.date) -> Counts:
    """The file drafts' scores, by rating_rows_upsert."""
    return rating_rows_upsert(
        ratings=[
            (movie_id, rating)
            for draft, movie_id in zip(drafts, movie_ids, strict=True)
            for rating in draft.ratings
        ],
        as_of=as_of,
    )


def keyword_evidence_upsert(*, drafts: list[MovieDraft], movie_ids: list[int]) -> Counts:
    """TMDb keyword claims of the file's films, by aftercredits' keyword_evidence_upsert."""
    claims = {
        (movie_id, claim)
        for draft, movie_id in zip(drafts, movie_ids, strict=True)
        if draft.tmdb_id is not None
        for claim in draft.keyword_claims
    }
    return aftercredits_services.keyword_evidence_upsert(
        claims=claims, covered={movie_id for movie_id, _ in claims}, detail="tmdb-5000"
    )


def import_run_start(*, source: str, arguments: str) -> ImportRun:
    """The run's row, written before any work so a crash still leaves a trace."""
    return ImportRun.objects.create(source=source, arguments=arguments[:500])


def import_run_finish(
    *,
    run: ImportRun,
    status: str,
    message: str,
    rejected: Iterable[RowError] = (),
    rejected_count: int | None = None,
    rows_read: int | None = None,
    counts: Counts | None = None,
) -> None:
    """Close the run: its rejected rows, tallies and outcome. Tallies not given keep what
    the row holds (a run that failed before reading anything reports nothing read).
    `rejected_count` is for runs that keep only the first rejections but count them all."""
    stored = RejectedRow.objects.bulk_create(
        (
            RejectedRow(run=run, file=e.file[:500], line=e.line, reason=e.reason[:500])
            for e in rejected
        ),
        batch_size=1000,
    )
    run.status = status
    run.finished_at = timezone.now()
    if rows_read is not None:
        run.rows_read = rows_read
    if counts is not None:
        run.inserted, run.updated, run.unchanged = counts.inserted, counts.updated, counts.unchanged
    if rejected_count is not None or stored:
        run.rejected = len(stored) if rejected_count is None else rejected_count
    run.message = message[:2000]
    run.save()
