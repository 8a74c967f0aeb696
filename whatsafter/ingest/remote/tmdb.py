"""TMDb API v3 `/movie/{id}` (with credits, keywords, release_dates, watch/providers and
external_ids appended), `/movie/changes` and `/movie/popular`, as drafts. Pure: no database.

A value TMDb leaves empty ("", null, 0 runtime, no votes) is simply not in the draft, so
the write never turns "unknown" into a blank or a zero.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from whatsafter.ingest.mapping import TMDB_AFTER_CREDITS_KEYWORD, TMDB_DURING_CREDITS_KEYWORD
from whatsafter.ratings.services import RatingDraft

SOURCE = "tmdb-api"
APPEND = "credits,keywords,release_dates,watch/providers,external_ids"
POSTER_BASE = "https://image.tmdb.org/t/p/w500"
# TMDb's watch/providers lists → our offer kinds.
OFFER_KINDS = {"flatrate": "stream", "rent": "rent", "buy": "buy", "free": "free", "ads": "ads"}
IMDB_ID = re.compile(r"^tt\d{7,9}$")
REGION = re.compile(r"^[A-Z]{2}$")
# Column sizes of the catalogue, so one over-long value costs that value, not the batch.
MAX_TEXT = 500
MAX_NAME = 255


class BadPayload(ValueError):
    """The JSON is not a film as TMDb documents it; the reason says what is wrong."""


@dataclass(frozen=True)
class CastDraft:
    person_tmdb_id: int
    name: str
    character: str
    order: int


@dataclass(frozen=True)
class CrewDraft:
    person_tmdb_id: int
    name: str
    department: str
    job: str


@dataclass(frozen=True)
class ReleaseDraft:
    region: str
    kind: int
    release_date: dt.date | None
    certification: str


@dataclass(frozen=True)
class OfferDraft:
    region: str
    provider: str
    kind: str
    url: str


@dataclass
class TmdbFilm:
    tmdb_id: int
    title: str
    year: int | None
    imdb_id: str | None = None
    # Movie content fields TMDb supplied, by field name; nothing else is written.
    fields: dict[str, object] = field(default_factory=dict)
    genres: list[str] = field(default_factory=list)
    companies: list[tuple[int, str]] = field(default_factory=list)
    cast: list[CastDraft] = field(default_factory=list)
    crew: list[CrewDraft] = field(default_factory=list)
    releases: list[ReleaseDraft] = field(default_factory=list)
    offers: list[OfferDraft] = field(default_factory=list)
    rating: RatingDraft | None = None
    keyword_claims: list[str] = field(default_factory=list)


def _text(value: object, limit: int = MAX_TEXT) -> str:
    """Trimmed text, or "" for null, non-text and values too long for their column."""
    if not isinstance(value, str):
        return ""
    text = value.strip()
    return text if len(text) <= limit else ""


def _int(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value


def _date(value: object) -> dt.date | None:
    """'2012-04-25', or release_dates' '2012-04-25T00:00:00.000Z'; anything else is None."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _objects(value: object) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, dict)]


def _section(body: dict[str, Any], name: str) -> dict[str, Any]:
    value = body.get(name)
    return value if isinstance(value, dict) else {}


def film_from_api(body: object) -> TmdbFilm:
    """One `/movie/{id}?append_to_response=…` answer as a draft; BadPayload if unusable."""
    if not isinstance(body, dict):
        raise BadPayload("not a JSON object")
    tmdb_id = _int(body.get("id"))
    if tmdb_id is None or tmdb_id <= 0:
        raise BadPayload(f"id {body.get('id')!r} is not a positive number")
    title = _text(body.get("title"))
    if not title:
        raise BadPayload(f"film {tmdb_id} has no title")
    release_date = _date(body.get("release_date"))
    year = release_date.year if release_date and 1870 <= release_date.year <= 2100 else None
    film = TmdbFilm(tmdb_id=tmdb_id, title=title, year=year)
    fields = film.fields
    fields["title"] = title
    if year is not None:
        fields["release_date"] = release_date
        fields["year"] = year
    original = _text(body.get("original_title"))
    if original and original != title:
        fields["original_title"] = original
    language = _text(body.get("original_language"), 8)
    if language:
        fields["original_language"] = language
    runtime = _int(body.get("runtime"))
    if runtime is not None and 0 < runtime < 32767:  # 0 is TMDb's "unknown"
        fields["runtime_minutes"] = runtime
    for name in ("overview", "tagline"):
        value = _text(body.get(name), 100_000 if name == "overview" else MAX_TEXT)
        if value:
            fields[name] = value
    homepage = _text(body.get("homepage"))
    if homepage.startswith(("http://", "https://")):
        fields["homepage"] = homepage
    poster = _text(body.get("poster_path"), MAX_TEXT - len(POSTER_BASE))
    if poster.startswith("/"):
        fields["poster_url"] = POSTER_BASE + poster
    popularity = body.get("popularity")
    if isinstance(popularity, int | float) and not isinstance(popularity, bool):
        fields["popularity"] = float(popularity)

    film.imdb_id = _imdb_id(body)
    film.genres = list(
        dict.fromkeys(n for g in _objects(body.get("genres")) if (n := _text(g.get("name"), 64)))
    )
    film.companies = [
        (cid, name)
        for c in _objects(body.get("production_companies"))
        if (cid := _int(c.get("id"))) and (name := _text(c.get("name"), MAX_NAME))
    ]
    film.companies = list(dict(film.companies).items())
    credits = _section(body, "credits")
    film.cast = _cast(credits.get("cast"))
    film.crew = _crew(credits.get("crew"))
    film.releases = _releases(_section(body, "release_dates").get("results"))
    us_cert = _certification(film.releases)
    if us_cert:
        fields["certification"] = us_cert
    film.offers = _offers(_section(body, "watch/providers").get("results"))
    film.rating = _rating(body)
    film.keyword_claims = _keyword_claims(_section(body, "keywords").get("keywords"))
    return film


def _imdb_id(body: dict[str, Any]) -> str | None:
    for value in (_section(body, "external_ids").get("imdb_id"), body.get("imdb_id")):
        if isinstance(value, str) and IMDB_ID.match(value):
            return value
    return None


def _cast(items: object) -> list[CastDraft]:
    cast: dict[tuple[int, str], CastDraft] = {}
    for item in sorted(_objects(items), key=lambda i: _int(i.get("order")) or 0):
        person = _int(item.get("id"))
        name = _text(item.get("name"), MAX_NAME)
        if not person or not name:
            continue
        character = _text(item.get("character"))
        order = min(max(_int(item.get("order")) or 0, 0), 32767)
        # One person playing one part is one credit, however often TMDb lists it.
        cast.setdefault((person, character), CastDraft(person, name, character, order))
    return list(cast.values())


def _crew(items: object) -> list[CrewDraft]:
    crew: dict[tuple[int, str, str], CrewDraft] = {}
    for item in _objects(items):
        person = _int(item.get("id"))
        name = _text(item.get("name"), MAX_NAME)
        department = _text(item.get("department"), 64)
        job = _text(item.get("job"), 128)
        if person and name and job:
            crew.setdefault((person, department, job), CrewDraft(person, name, department, job))
    return list(crew.values())


def _releases(items: object) -> list[ReleaseDraft]:
    releases: dict[tuple[str, int, dt.date | None], ReleaseDraft] = {}
    for country in _objects(items):
        region = _text(country.get("iso_3166_1"), 2)
        if not REGION.match(region):
            continue
        for item in _objects(country.get("release_dates")):
            kind = _int(item.get("type"))
            if kind is None or not 1 <= kind <= 6:
                continue
            when = _date(item.get("release_date"))
            certification = _text(item.get("certification"), 16)
            key = (region, kind, when)
            # Two entries for one day and kind (different notes): keep the certified one.
            if key not in releases or (certification and not releases[key].certification):
                releases[key] = ReleaseDraft(region, kind, when, certification)
    return list(releases.values())


def _certification(releases: list[ReleaseDraft]) -> str:
    """The film's certification: the US theatrical one, else any certified US release."""
    us = [r for r in releases if r.region == "US" and r.certification]
    us.sort(key=lambda r: (r.kind != 3, r.release_date or dt.date.max))
    return us[0].certification if us else ""


def _offers(results: object) -> list[OfferDraft]:
    offers: dict[tuple[str, str, str], OfferDraft] = {}
    if not isinstance(results, dict):
        return []
    for region, entry in results.items():
        if not isinstance(region, str) or not REGION.match(region) or not isinstance(entry, dict):
            continue
        link = _text(entry.get("link"))
        url = link if link.startswith(("http://", "https://")) else ""
        for key, kind in OFFER_KINDS.items():
            for item in _objects(entry.get(key)):
                provider = _text(item.get("provider_name"), 128)
                if provider:
                    offers.setdefault(
                        (region, provider, kind), OfferDraft(region, provider, kind, url)
                    )
    return list(offers.values())


def _rating(body: dict[str, Any]) -> RatingDraft | None:
    """TMDb's user score; no votes means no score, never a 0."""
    votes = _int(body.get("vote_count"))
    average = body.get("vote_average")
    if not votes or not isinstance(average, int | float) or isinstance(average, bool):
        return None
    if not 0 <= average <= 10:
        return None
    return RatingDraft.ten_point("tmdb", round(float(average), 1), votes, SOURCE)


def _keyword_claims(items: object) -> list[str]:
    ids = {_int(k.get("id")) for k in _objects(items)}
    claims = []
    if TMDB_DURING_CREDITS_KEYWORD in ids:
        claims.append("during")
    if TMDB_AFTER_CREDITS_KEYWORD in ids:
        claims.append("after")
    # TMDb tags scenes with keywords; a film without one is only weakly "none".
    return claims or ["none_recorded"]


@dataclass(frozen=True)
class IdPage:
    ids: list[int]
    page: int
    total_pages: int


def id_page(body: object) -> IdPage:
    """A page of `/movie/changes` or `/movie/popular`: the film ids on it, in order.

    Adult titles in the changes feed are left out: the catalogue does not list them.
    """
    if not isinstance(body, dict) or not isinstance(body.get("results"), list):
        raise BadPayload("not a page of results")
    ids = [
        film_id
        for item in _objects(body["results"])
        if (film_id := _int(item.get("id"))) and film_id > 0 and item.get("adult") is not True
    ]
    return IdPage(
        ids=list(dict.fromkeys(ids)),
        page=_int(body.get("page")) or 1,
        total_pages=_int(body.get("total_pages")) or 1,
    )
