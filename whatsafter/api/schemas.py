"""Response and request bodies of the JSON API (documented in its OpenAPI schema)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from whatsafter.catalog.selectors import SHARED_CAST, TOP_BILLED
from whatsafter.web.selectors import RELATED_SHOWN


class ErrorDetail(Schema):
    code: str
    message: str
    candidates: list[FilmCard] | None = None


class ErrorOut(Schema):
    error: ErrorDetail


class FilmCard(Schema):
    slug: str
    title: str
    year: int | None
    url: str
    verdict: Literal["yes", "no", "probably_not", "unknown"]


class RelatedOut(FilmCard):
    shared_cast: int = Field(description="How many of the film's top-billed actors it shares.")


class EvidenceOut(Schema):
    source: str
    says: str
    when: str


class VerdictOut(Schema):
    status: Literal["yes", "no", "probably_not", "unknown"]
    label: str
    summary: str
    during_count: int
    after_count: int
    evidence: list[EvidenceOut]
    dissent: list[str]
    report_count: int
    agree_count: int
    leave_advice: str | None


class SceneOut(Schema):
    order: int
    position: str
    kind: str
    at_minute: int | None
    length_seconds: int | None
    sets_up_sequel: bool
    description: str | None = Field(description="Only with ?spoilers=true; null otherwise.")


class CastOut(Schema):
    name: str
    slug: str
    character: str
    order: int


class CrewOut(Schema):
    name: str
    slug: str
    department: str
    job: str


class RatingOut(Schema):
    source: str
    site: str
    label: str
    display: str | None = Field(description="As the site shows it; null means no score yet.")
    normalised: float | None
    vote_count: int | None
    as_of: str | None


class OfferOut(Schema):
    region: str = Field(description="ISO 3166-1 alpha-2 code, as TMDb gives it: 'GB'.")
    region_name: str = Field(description="Its English name, as the film page shows it.")
    provider: str
    kind: str
    url: str


class LinkOut(Schema):
    label: str
    url: str
    exact: bool


class FilmOut(Schema):
    slug: str
    url: str
    tmdb_id: int | None
    imdb_id: str | None
    title: str
    original_title: str
    year: int | None
    release_date: dt.date | None
    runtime_minutes: int | None
    certification: str
    genres: list[str]
    tagline: str
    overview: str
    wikipedia_extract: str
    poster_url: str
    verdict: VerdictOut
    scenes: list[SceneOut]
    cast: list[CastOut]
    crew: list[CrewOut]
    companies: list[str]
    ratings: list[RatingOut]
    offers: list[OfferOut]
    watch_searches: list[LinkOut]
    links: list[LinkOut]
    related: list[RelatedOut] = Field(
        description=f"Films sharing at least {SHARED_CAST} of its {TOP_BILLED} top-billed "
        f"actors (in their own top {TOP_BILLED}), most shared first, at most {RELATED_SHOWN}: "
        'the film page\'s "Films sharing its cast". They never decide its verdict.'
    )


class NamedOut(Schema):
    name: str
    slug: str
    url: str | None = Field(description="The web page, where the site has one.")


class SearchOut(Schema):
    query: str
    films: list[FilmCard]
    people: list[NamedOut]
    companies: list[NamedOut]
    # The person the query names ("tom cruise", "tom cruise movies"), if any, and their
    # best-known films; the site's results page shows them first.
    person: NamedOut | None = None
    person_films: list[FilmCard] = []


class PersonCreditOut(Schema):
    film: FilmCard
    kind: str
    character: str
    job: str


class PersonOut(Schema):
    name: str
    slug: str
    url: str
    imdb_id: str | None
    tmdb_id: int | None
    birth_year: int | None
    death_year: int | None
    films_with_scenes: int
    credits: list[PersonCreditOut]


class CompanyOut(Schema):
    name: str
    slug: str
    tmdb_id: int | None
    films: list[FilmCard]


class LatestOut(Schema):
    page: int
    page_size: int
    next: str | None
    results: list[FilmCard]


class AnswerOut(Schema):
    film: FilmCard
    status: Literal["yes", "no", "probably_not", "unknown"]
    label: str
    summary: str
    during_count: int
    after_count: int
    evidence_summary: str
    runtime_minutes: int | None
    scenes: list[SceneOut]


class ReportIn(Schema):
    saw: Literal["during", "after", "both", "nothing"]
    note: str = Field("", max_length=500)
    at_minute: int | None = Field(None, ge=1, le=600)
    reporter: str | None = Field(
        None, max_length=64, description="With an API key: your app's id for the user."
    )


class ReportOut(Schema):
    recorded: bool
    verdict: VerdictOut


ErrorDetail.model_rebuild()
