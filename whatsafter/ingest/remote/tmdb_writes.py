"""TMDb's films and everything listed with them, a batch at a time. Callers own the
transaction.

Each function reads what exists for the batch's films only, then writes what is new or
changed, so a re-run of the same answers writes nothing. Lists a source supplies whole
(TMDb's cast, crew, releases, offers, keywords) replace that source's earlier list for
the film; rows from other sources are left alone, except that TMDb's cast and crew
replace the name-only ones imported from Wikipedia and IMDb (see docs/DATA.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from whatsafter.aftercredits.services import keyword_claims_replace
from whatsafter.catalog.models import Credit, Movie, MovieCompany, Release
from whatsafter.catalog.provenance import import_may_write
from whatsafter.catalog.services import companies_upsert, genres_upsert, movie_slug_base
from whatsafter.ingest.remote.match import Match
from whatsafter.ingest.remote.services import free_slug, people_upsert_by_tmdb_id
from whatsafter.ingest.remote.tmdb import TmdbFilm
from whatsafter.ratings.services import rating_rows_upsert
from whatsafter.utils import Counts, rows_sync
from whatsafter.watch.services import offers_replace

CREDIT_SOURCE = "tmdb"
# Credits from these imports give way to TMDb's (which has ids, characters and jobs);
# credits added by hand (any other source) are never touched.
REPLACED_CREDIT_SOURCES = ("tmdb", "wikipedia", "imdb")


@dataclass
class BatchCounts(Counts):
    touched: set[int] = field(default_factory=set)  # films with any change
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Fetched:
    """One film's answer and when it was fetched (the snapshot's date)."""

    film: TmdbFilm
    fetched_at: dt.datetime


def tmdb_films_upsert(
    *, batch: list[Fetched], matches: list[Match], counts: BatchCounts
) -> list[int]:
    """Create or update each film's row; returns movie ids in batch order."""
    existing = {
        row["id"]: row
        for row in Movie.objects.filter(
            id__in=[m.movie_id for m in matches if m.movie_id is not None]
        ).values("id", "tmdb_id", "imdb_id", "field_sources", *_all_fields(batch))
    }
    imdb_taken = dict(
        Movie.objects.filter(
            imdb_id__in=[f.film.imdb_id for f in batch if f.film.imdb_id]
        ).values_list("imdb_id", "id")
    )
    ids: list[int] = []
    for item, match in zip(batch, matches, strict=True):
        film, as_of = item.film, item.fetched_at.date().isoformat()
        stamp = {"source": "tmdb-api", "as_of": as_of}
        imdb_id = film.imdb_id if film.imdb_id and film.imdb_id not in imdb_taken else None
        if match.movie_id is None:
            movie = Movie.objects.create(
                slug=free_slug(Movie, movie_slug_base(film.title, film.year), set()),
                tmdb_id=film.tmdb_id,
                imdb_id=imdb_id,
                field_sources={name: stamp for name in film.fields},
                **film.fields,
            )
            if imdb_id:
                imdb_taken[imdb_id] = movie.pk
            counts.inserted += 1
            counts.touched.add(movie.pk)
            ids.append(movie.pk)
            continue
        row = existing[match.movie_id]
        sources = row["field_sources"] if isinstance(row["field_sources"], dict) else {}
        changed: dict[str, object] = {
            name: value
            for name, value in film.fields.items()
            if row[name] != value
            and import_may_write(sources.get(name), source="tmdb-api", as_of=as_of)
        }
        if row["tmdb_id"] is None:
            changed["tmdb_id"] = film.tmdb_id
        if row["imdb_id"] is None and imdb_id:
            changed["imdb_id"] = imdb_id
            imdb_taken[imdb_id] = match.movie_id
        elif film.imdb_id and row["imdb_id"] not in (None, film.imdb_id):
            counts.notes.append(
                f"TMDb {film.tmdb_id} says IMDb {film.imdb_id}, the film has {row['imdb_id']}"
            )
        if changed:
            new_sources = {
                **sources,
                **{name: stamp for name in changed if name in film.fields},
            }
            Movie.objects.filter(id=match.movie_id).update(
                **changed, field_sources=new_sources, updated_at=timezone.now()
            )
            counts.touched.add(match.movie_id)
        ids.append(match.movie_id)
    return ids


def _all_fields(batch: list[Fetched]) -> set[str]:
    return {name for item in batch for name in item.film.fields}


def tmdb_links_upsert(*, batch: list[Fetched], movie_ids: list[int], counts: BatchCounts) -> None:
    """Genres and companies are added; cast, crew, releases, offers, keyword claims and
    the TMDb score are brought to what this answer says."""
    films = [item.film for item in batch]
    genre_ids = genres_upsert(names={g for f in films for g in f.genres})
    for film, movie_id in zip(films, movie_ids, strict=True):
        links = [
            Movie.genres.through(movie_id=movie_id, genre_id=genre_ids[name])
            for name in film.genres
        ]
        known = set(
            Movie.genres.through.objects.filter(movie_id=movie_id).values_list(
                "genre_id", flat=True
            )
        )
        if {link.genre_id for link in links} - known:
            Movie.genres.through.objects.bulk_create(links, ignore_conflicts=True)
            counts.touched.add(movie_id)
    company_ids = companies_upsert(companies={cid: n for f in films for cid, n in f.companies})
    for film, movie_id in zip(films, movie_ids, strict=True):
        known = set(
            MovieCompany.objects.filter(movie_id=movie_id).values_list("company_id", flat=True)
        )
        new = [
            MovieCompany(movie_id=movie_id, company_id=company_ids[cid], order=n)
            for n, (cid, _) in enumerate(film.companies)
            if company_ids[cid] not in known
        ]
        if new:
            MovieCompany.objects.bulk_create(new, ignore_conflicts=True)
            counts.touched.add(movie_id)
    _credits(films, movie_ids, counts)
    for item, movie_id in zip(batch, movie_ids, strict=True):
        _releases(item.film, movie_id, counts)
        offers = {(o.region, o.provider, o.kind): o.url for o in item.film.offers}
        if offers_replace(
            movie_id=movie_id, offers=offers, source=CREDIT_SOURCE, as_of=item.fetched_at.date()
        ):
            counts.touched.add(movie_id)
        if keyword_claims_replace(
            movie_id=movie_id,
            claims=set(item.film.keyword_claims),
            fetched_at=item.fetched_at,
            detail="tmdb-api",
        ):
            counts.touched.add(movie_id)
        if item.film.rating is not None:
            written = rating_rows_upsert(
                ratings=[(movie_id, item.film.rating)], as_of=item.fetched_at.date()
            )
            if written.inserted or written.updated:
                counts.touched.add(movie_id)


def _credits(films: list[TmdbFilm], movie_ids: list[int], counts: BatchCounts) -> None:
    people = {c.person_tmdb_id: c.name for f in films for c in f.cast}
    people.update({c.person_tmdb_id: c.name for f in films for c in f.crew})
    person_ids = people_upsert_by_tmdb_id(people=people)
    for film, movie_id in zip(films, movie_ids, strict=True):
        wanted: dict[tuple[int, str, str, str, str], int] = {}
        for c in film.cast:
            wanted[(person_ids[c.person_tmdb_id], "cast", "", "", c.character)] = c.order
        for w in film.crew:
            wanted[(person_ids[w.person_tmdb_id], "crew", w.department, w.job, "")] = 0
        kinds = {"cast"} if film.cast else set()
        if film.crew:
            kinds.add("crew")
        existing = {
            (row[1], row[2], row[3], row[4], row[5]): (row[0], row[6], row[7])
            for row in Credit.objects.filter(movie_id=movie_id).values_list(
                "id", "person_id", "kind", "department", "job", "character", "order", "source"
            )
        }
        stale = [
            pk
            for key, (pk, _, source) in existing.items()
            if key not in wanted and key[1] in kinds and source in REPLACED_CREDIT_SOURCES
        ]
        new = [
            Credit(
                movie_id=movie_id,
                person_id=key[0],
                kind=key[1],
                department=key[2],
                job=key[3],
                character=key[4],
                order=order,
                source=CREDIT_SOURCE,
            )
            for key, order in wanted.items()
            if key not in existing
        ]
        reordered = [
            Credit(id=existing[key][0], order=order)
            for key, order in wanted.items()
            if key in existing and existing[key][1] != order
        ]
        if rows_sync(
            Credit,
            stale=stale,
            new=new,
            changed=reordered,
            fields=["order"],
        ):
            counts.touched.add(movie_id)


def _releases(film: TmdbFilm, movie_id: int, counts: BatchCounts) -> None:
    wanted = {(r.region, r.kind, r.release_date): r.certification for r in film.releases}
    existing = {
        (region, kind, when): (pk, cert)
        for pk, region, kind, when, cert in Release.objects.filter(
            movie_id=movie_id, source=CREDIT_SOURCE
        ).values_list("id", "region", "kind", "release_date", "certification")
    }
    stale = [pk for key, (pk, _) in existing.items() if key not in wanted]
    new = [
        Release(
            movie_id=movie_id,
            region=key[0],
            kind=key[1],
            release_date=key[2],
            certification=cert,
            source=CREDIT_SOURCE,
        )
        for key, cert in wanted.items()
        if key not in existing
    ]
    recertified = [
        Release(id=existing[key][0], certification=cert)
        for key, cert in wanted.items()
        if key in existing and existing[key][1] != cert
    ]
    if rows_sync(
        Release,
        stale=stale,
        new=new,
        changed=recertified,
        fields=["certification"],
    ):
        counts.touched.add(movie_id)
