"""The fetch-then-write loops behind `import tmdb` and `import omdb`.

Ids are taken in batches. Every answer of a batch is fetched (or read from the cache)
first, then the batch is written in one transaction. So a failure while fetching (a 500
storm, a timeout, a refused key) leaves every earlier batch committed and the failing
batch unwritten; what it fetched is in the cache, and running the same command again
picks up where it stopped without asking the API twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Generic, TypeVar

from django.db import transaction
from django.utils import timezone

from whatsafter.aftercredits.list_counts import list_counts_refresh
from whatsafter.aftercredits.services import verdict_refresh
from whatsafter.ingest.models import MatchReview
from whatsafter.ingest.remote import omdb, selectors, services, tmdb, tmdb_writes
from whatsafter.ingest.remote.client import (
    ApiNotFound,
    JsonCache,
    JsonClient,
    RetryPolicy,
    Sleep,
    is_bearer_token,
)
from whatsafter.ingest.remote.match import Known, Match, resolve
from whatsafter.normalise import title_key
from whatsafter.ratings.services import rating_rows_upsert
from whatsafter.search.services import search_index_refresh
from whatsafter.utils import Counts, batched

BATCH = 50
Progress = Callable[[int], None]


def _no_progress(advance: int) -> None:
    return None


@dataclass
class RunReport(Counts):
    rows_read: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (item, reason)
    not_found: int = 0
    held_for_review: int = 0
    unmatched: int = 0
    requests: int = 0
    cache_hits: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ApiSettings:
    base_url: str
    api_key: str
    cache_dir: Path
    policy: RetryPolicy = field(default_factory=RetryPolicy)


K = TypeVar("K")  # what a film is asked for by: a TMDb id, an IMDb id
F = TypeVar("F")  # one fetched answer, ready to write


class ApiImport(Generic[K, F]):
    """The batch loop both API imports share: fetch a whole batch, then write it in one
    transaction, so a failed fetch leaves earlier batches and nothing of its own."""

    # Where this API's answers are cached, below ApiSettings.cache_dir.
    cache_folder: str

    def __init__(
        self,
        config: ApiSettings,
        *,
        sleep: Sleep | None = None,
        progress: Progress = _no_progress,
        batch_size: int = BATCH,
    ) -> None:
        extra: dict[str, Any] = {"sleep": sleep} if sleep is not None else {}
        auth = self._client_auth(config.api_key)
        self.client = JsonClient(config.base_url, policy=config.policy, **auth, **extra)
        self.cache = JsonCache(config.cache_dir / self.cache_folder)
        self.progress = progress
        self.batch_size = batch_size
        self.report = RunReport()

    def close(self) -> None:
        self.client.close()

    def run(self, keys: list[K], *, fresher_than: dt.datetime | None = None) -> RunReport:
        try:
            for chunk in batched(keys, self.batch_size):
                fetched = [
                    f for f in (self._fetch(k, fresher_than) for k in chunk) if f is not None
                ]
                with transaction.atomic():
                    self._write(fetched)
                self.progress(len(chunk))
        finally:
            self.report.requests = self.client.requests
            self._after_run()
        return self.report

    def _client_auth(self, api_key: str) -> dict[str, Any]:
        """JsonClient's keyword arguments that send the key (headers or params)."""
        raise NotImplementedError

    def _fetch(self, key: K, fresher_than: dt.datetime | None) -> F | None:
        raise NotImplementedError

    def _write(self, batch: list[F]) -> None:
        raise NotImplementedError

    def _after_run(self) -> None:
        """Runs when the loop ends, finished or failed."""


class TmdbImport(ApiImport[int, tmdb_writes.Fetched]):
    cache_folder = "tmdb/movie"
    # The catalogue's title index for matching, read when the first batch is written.
    _titles: dict[str, list[int]] | None = None

    def _client_auth(self, api_key: str) -> dict[str, Any]:
        if is_bearer_token(api_key):
            return {"headers": {"Authorization": f"Bearer {api_key}"}}
        return {"params": {"api_key": api_key}}

    # -- which films ---------------------------------------------------------------

    def _paged(self, path: str, params: dict[str, str | int], limit: int | None) -> list[int]:
        ids: list[int] = []
        page = 1
        while True:
            body = self.client.get(path, {**params, "page": page})
            result = tmdb.id_page(body)
            ids.extend(i for i in result.ids if i not in ids)
            if limit is not None and len(ids) >= limit:
                return ids[:limit]
            if page >= min(result.total_pages, 500):  # TMDb serves at most 500 pages
                return ids
            page += 1

    def ids_changed_since(self, since: dt.date) -> list[int]:
        return self._paged("movie/changes", {"start_date": since.isoformat()}, None)

    def ids_popular(self, count: int) -> list[int]:
        return self._paged("movie/popular", {}, count)

    # -- the run -------------------------------------------------------------------

    def _after_run(self) -> None:
        # Films and people are written in bulk (no save signals): one pass brings search
        # in step with every batch written, the failing run's included; the same for the
        # Actors, Companies and Latest counts.
        search_index_refresh()
        list_counts_refresh()

    def _fetch(self, tmdb_id: int, fresher_than: dt.datetime | None) -> tmdb_writes.Fetched | None:
        key = str(tmdb_id)
        cached = self.cache.get(key, fresher_than=fresher_than)
        if cached is not None:
            self.report.cache_hits += 1
            body, fetched_at = cached.body, cached.fetched_at
        else:
            try:
                body = self.client.get(f"movie/{tmdb_id}", {"append_to_response": tmdb.APPEND})
            except ApiNotFound:
                self.report.rows_read += 1
                self.report.not_found += 1
                self.report.rejected.append((f"tmdb/movie/{tmdb_id}", "not found (HTTP 404)"))
                return None
            fetched_at = timezone.now()
            self.cache.put(key, body, fetched_at)
        self.report.rows_read += 1
        try:
            film = tmdb.film_from_api(body)
        except tmdb.BadPayload as exc:
            self.report.rejected.append((f"tmdb/movie/{tmdb_id}", str(exc)))
            return None
        return tmdb_writes.Fetched(film=film, fetched_at=fetched_at)

    def _titles_index(self) -> dict[str, list[int]]:
        if self._titles is None:
            self._titles = selectors.title_index()
        return self._titles

    def _write(self, batch: list[tmdb_writes.Fetched]) -> None:
        if not batch:
            return
        films = [item.film for item in batch]
        reviews = selectors.reviews_for(source="tmdb", external_ids=[str(f.tmdb_id) for f in films])
        index = self._titles_index()
        candidate_ids = {pk for f in films for pk in index.get(title_key(f.title), [])}
        known = selectors.known_films(
            tmdb_ids=[f.tmdb_id for f in films],
            imdb_ids=[f.imdb_id for f in films if f.imdb_id],
            movie_ids=candidate_ids,
        )
        by_tmdb = {k.tmdb_id: k for k in known if k.tmdb_id is not None}
        by_imdb = {k.imdb_id: k for k in known if k.imdb_id is not None}
        by_title: dict[str, list[Known]] = {}
        for k in known:
            by_title.setdefault(title_key(k.title), []).append(k)

        kept: list[tmdb_writes.Fetched] = []
        matches: list[Match] = []
        claimed: set[int] = set()
        for item in batch:
            film = item.film
            review = reviews.get(str(film.tmdb_id))
            match = resolve(
                tmdb_id=film.tmdb_id,
                imdb_id=film.imdb_id,
                title=film.title,
                year=film.year,
                by_tmdb=by_tmdb,
                by_imdb=by_imdb,
                # An editor kept it apart: it becomes a film of its own, title aside.
                by_title={}
                if review and review.status == MatchReview.Status.KEPT_APART
                else by_title,
            )
            if match.movie_id in claimed and match.how != "tmdb id":
                # Two TMDb films found one catalogue film (by IMDb id or title): neither
                # second guess merges.
                match = Match(
                    None, "review", Decimal("0.50"), (match.movie_id,), "claimed twice in one run"
                )
            if match.uncertain:
                if review is None:
                    services.match_review_record(
                        source="tmdb",
                        external_id=str(film.tmdb_id),
                        title=film.title,
                        year=film.year,
                        match=match,
                    )
                self.report.held_for_review += 1
                continue
            if match.movie_id is not None:
                claimed.add(match.movie_id)
            kept.append(item)
            matches.append(match)
        counts = tmdb_writes.BatchCounts()
        movie_ids = tmdb_writes.tmdb_films_upsert(batch=kept, matches=matches, counts=counts)
        tmdb_writes.tmdb_links_upsert(batch=kept, movie_ids=movie_ids, counts=counts)
        verdict_refresh(movie_ids=counts.touched)
        self.report.inserted += counts.inserted
        self.report.updated += len(counts.touched) - counts.inserted
        self.report.unchanged += len(set(movie_ids) - counts.touched)
        self.report.notes.extend(counts.notes)


OmdbAnswer = tuple[str, omdb.OmdbFilm | None, dt.datetime]


class OmdbImport(ApiImport[str, OmdbAnswer]):
    cache_folder = "omdb"

    def _client_auth(self, api_key: str) -> dict[str, Any]:
        return {"params": {"apikey": api_key}}

    def _fetch(self, imdb_id: str, fresher_than: dt.datetime | None) -> OmdbAnswer | None:
        cached = self.cache.get(imdb_id, fresher_than=fresher_than)
        if cached is not None:
            self.report.cache_hits += 1
            body, fetched_at = cached.body, cached.fetched_at
        else:
            body = self.client.get("", {"i": imdb_id})
            fetched_at = timezone.now()
            # A refusal (bad key, spent limit) raises here, before anything is cached; a
            # film OMDb lacks is an answer worth keeping, an undocumented error is not.
            try:
                omdb.check_error(body)
            except omdb.OmdbNotFound:
                self.cache.put(imdb_id, body, fetched_at)
            except omdb.OmdbBad:
                pass
            else:
                self.cache.put(imdb_id, body, fetched_at)
        self.report.rows_read += 1
        try:
            omdb.check_error(body)
            return imdb_id, omdb.film_from_omdb(body), fetched_at
        except omdb.OmdbNotFound:
            self.report.not_found += 1
            return imdb_id, None, fetched_at
        except omdb.OmdbBad as exc:
            self.report.rejected.append((f"omdb/{imdb_id}", str(exc)))
            return None

    def _write(self, answers: list[OmdbAnswer]) -> None:
        if not answers:
            return
        found = [film for _, film, _ in answers if film is not None]
        by_imdb = {
            k.imdb_id: k
            for k in selectors.known_films(imdb_ids=[f.imdb_id for f in found])
            if k.imdb_id
        }
        missing = [f for f in found if f.imdb_id not in by_imdb]
        by_title: dict[str, list[Known]] = {}
        if missing:
            keys = {title_key(f.title) for f in missing}
            index = selectors.title_index()
            for k in selectors.known_films(
                movie_ids=[pk for key in keys for pk in index.get(key, [])]
            ):
                by_title.setdefault(title_key(k.title), []).append(k)
        reviews = selectors.reviews_for(source="omdb", external_ids=[f.imdb_id for f in missing])
        for imdb_id, film, fetched_at in answers:
            outcome = "found" if film is not None else "not_found"
            services.source_fetch_record(
                source="omdb", external_id=imdb_id, outcome=outcome, fetched_at=fetched_at
            )
            if film is None:
                continue
            review = reviews.get(imdb_id)
            if review is not None and review.status == MatchReview.Status.OPEN:
                self.report.held_for_review += 1
                continue
            match = resolve(
                tmdb_id=None,
                imdb_id=film.imdb_id,
                title=film.title,
                year=film.year,
                by_tmdb={},
                by_imdb=by_imdb,
                by_title={} if review else by_title,
            )
            if match.uncertain:
                services.match_review_record(
                    source="omdb",
                    external_id=imdb_id,
                    title=film.title,
                    year=film.year,
                    match=match,
                )
                self.report.held_for_review += 1
                continue
            if match.movie_id is None:
                # OMDb alone is too thin to found a film on; the IMDb or TMDb import adds it.
                self.report.unmatched += 1
                continue
            if match.how == "title + year":
                services.movie_imdb_id_set(movie_id=match.movie_id, imdb_id=film.imdb_id)
            written = rating_rows_upsert(
                ratings=[(match.movie_id, r) for r in film.ratings], as_of=fetched_at.date()
            )
            self.report.inserted += written.inserted
            self.report.updated += written.updated
            self.report.unchanged += written.unchanged
