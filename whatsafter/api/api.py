"""`/api/v1/`: the same selectors and services as the pages, as JSON.

Errors always look like {"error": {"code": …, "message": …}} with the right status.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Query
from ninja.errors import HttpError, ValidationError

from whatsafter.aftercredits import community, ratelimit
from whatsafter.api import payloads
from whatsafter.api.auth import KEY_OPTIONAL, client_of
from whatsafter.api.middleware import foreign_write_problem
from whatsafter.api.schemas import (
    AnswerOut,
    CompanyOut,
    ErrorOut,
    FilmOut,
    LatestOut,
    PersonOut,
    ReportIn,
    ReportOut,
    SearchOut,
)
from whatsafter.api.subtitles import router as subtitles_router
from whatsafter.catalog.models import Movie, Person
from whatsafter.faults import classify
from whatsafter.search import selectors as search_selectors
from whatsafter.web import faults, sections, selectors

api = NinjaAPI(
    title="What's After API",
    version="1",
    description=(
        "Does this movie have a scene during or after the credits? Verdicts with their "
        "evidence, scenes (descriptions only with spoilers=true), cast, ratings and more. "
        "Reads are open (CORS allowed, cacheable, rate-limited per address); reports take "
        "an optional X-API-Key.\n\n"
        # The data's terms travel with it: whoever shows it must credit the same sources.
        "Data: film data from TMDb. This product uses the TMDB API but is not endorsed or "
        "certified by TMDB. Information courtesy of IMDb (https://www.imdb.com), under its "
        "non-commercial terms, also through OMDb (CC BY-NC 4.0) and vega-datasets. Wikipedia "
        "text is CC BY-SA 4.0. Where-to-watch data is JustWatch's, through TMDb. Details: /about/."
    ),
    urls_namespace="api",
)

ERRORS: dict[int, Any] = {400: ErrorOut, 404: ErrorOut, 429: ErrorOut}
WRITE_ERRORS: dict[int, Any] = {**ERRORS, **dict.fromkeys((401, 403, 409, 415), ErrorOut)}


class Ambiguous(Exception):
    def __init__(self, candidates: list[Movie]):
        self.candidates = candidates


def error(request: HttpRequest, status: int, code: str, message: str, **extra: Any) -> HttpResponse:
    body = {"error": {"code": code, "message": message, **extra}}
    return api.create_response(request, body, status=status)


@api.exception_handler(ValidationError)
def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    details = "; ".join(
        f"{'.'.join(str(p) for p in e.get('loc', [])[1:]) or 'body'}: {e.get('msg', 'invalid')}"
        for e in exc.errors
    )
    return error(request, 400, "invalid", details or "The request is not valid.")


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error(request, 404, "not_found", "No such film, person or company.")


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code = {401: "unauthorised", 403: "forbidden"}.get(exc.status_code, "error")
    return error(request, exc.status_code, code, str(exc))


@api.exception_handler(community.Refused)
def on_refused(request: HttpRequest, exc: community.Refused) -> HttpResponse:
    code = {400: "invalid", 403: "banned", 409: "duplicate", 429: "rate_limited"}.get(
        exc.status, "refused"
    )
    response = error(request, exc.status, code, exc.message)
    if exc.retry_after:
        response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(Ambiguous)
def on_ambiguous(request: HttpRequest, exc: Ambiguous) -> HttpResponse:
    return error(
        request, 409, "ambiguous", "Several films match; add the year.",
        candidates=[payloads.film_card(m) for m in exc.candidates],
    )  # fmt: skip


@api.exception_handler(Exception)
def on_crash(request: HttpRequest, exc: Exception) -> HttpResponse:
    # A database that is down, locked or read-only is a 503 with Retry-After, not a crash.
    if (fault := classify(exc)) is not None:
        return faults.unavailable(request, fault)
    if settings.DEBUG:
        raise exc
    return error(request, 500, "server_error", "Something went wrong on our side.")


def _film(slug: str, spoilers: bool) -> dict[str, Any]:
    return payloads.film(selectors.movie_page(slug=slug), spoilers=spoilers)


def _named(person: Person) -> dict[str, str]:
    return {"name": person.name, "slug": person.slug, "url": person.get_absolute_url()}


@api.get("/search", response={200: SearchOut, **ERRORS}, summary="Films, people and companies")
def search(request: HttpRequest, q: str = "", limit: int = Query(20, ge=1, le=50)) -> Any:
    results = search_selectors.search(q, limit=limit)
    person = results.person
    return {
        "query": results.text,
        "films": [payloads.film_card(m) for m in results.films],
        "people": [_named(p) for p in results.people],
        "companies": [
            {"name": c.name, "slug": c.slug, "url": f"/companies/{c.slug}/"}
            for c in results.companies
        ],
        "person": _named(person) if person else None,
        "person_films": [payloads.film_card(m) for m in results.person_films],
    }


@api.get("/movies/tmdb/{tmdb_id}", response={200: FilmOut, **ERRORS}, summary="A film by TMDb id")
def movie_by_tmdb(request: HttpRequest, tmdb_id: int, spoilers: bool = False) -> Any:
    return _film(selectors.movie_slug_by_tmdb_id(tmdb_id=tmdb_id), spoilers)


@api.get("/movies/imdb/{imdb_id}", response={200: FilmOut, **ERRORS}, summary="A film by IMDb id")
def movie_by_imdb(request: HttpRequest, imdb_id: str, spoilers: bool = False) -> Any:
    return _film(selectors.movie_slug_by_imdb_id(imdb_id=imdb_id), spoilers)


@api.get("/movies/{slug}", response={200: FilmOut, **ERRORS}, summary="A film by its slug")
def movie(request: HttpRequest, slug: str, spoilers: bool = False) -> Any:
    return _film(slug, spoilers)


@api.get("/people/{slug}", response={200: PersonOut, **ERRORS}, summary="A person and their films")
def person(request: HttpRequest, slug: str) -> Any:
    page = selectors.person_page(slug=slug)
    p = page.person
    return {
        "name": p.name, "slug": p.slug, "url": p.get_absolute_url(), "imdb_id": p.imdb_id,
        "tmdb_id": p.tmdb_id, "birth_year": p.birth_year, "death_year": p.death_year,
        "films_with_scenes": page.films_with_scenes,
        "credits": [
            {
                "film": payloads.film_card(c.movie),
                "kind": c.kind,
                "character": c.character,
                "job": c.job,
            }
            for c in page.credits
        ],
    }  # fmt: skip


@api.get("/companies/{slug}", response={200: CompanyOut, **ERRORS}, summary="A company's films")
def company(request: HttpRequest, slug: str) -> Any:
    page = sections.company_page(slug=slug)
    c = page.company
    return {
        "name": c.name, "slug": c.slug, "tmdb_id": c.tmdb_id,
        "films": [payloads.film_card(m) for m in page.films],
    }  # fmt: skip


@api.get("/latest", response={200: LatestOut, **ERRORS}, summary="Latest releases, newest first")
def latest(
    request: HttpRequest,
    page: int = Query(1, ge=1, le=1000),
    page_size: int = Query(20, ge=1, le=100),
) -> Any:
    films = selectors.recent_releases_page(page=page, page_size=page_size)
    more = len(films) > page_size
    return {
        "page": page,
        "page_size": page_size,
        "next": f"/api/v1/latest?page={page + 1}&page_size={page_size}" if more else None,
        "results": [payloads.film_card(m) for m in films[:page_size]],
    }


@api.get(
    "/answer",
    response={200: AnswerOut, 409: ErrorOut, **ERRORS},
    summary="Just the answer for a title",
)
def answer(
    request: HttpRequest,
    title: str = Query(..., min_length=1, max_length=200),
    year: int | None = Query(None, ge=1870, le=2100),
    spoilers: bool = False,
) -> Any:
    choice = search_selectors.answer_choose(title=title, year=year)
    if choice.film is None:
        if choice.candidates:
            raise Ambiguous(choice.candidates)
        raise Http404
    return payloads.answer(
        selectors.movie_page(slug=choice.film.slug, with_related=False), spoilers=spoilers
    )


@api.post(
    "/movies/{slug}/reports",
    response={201: ReportOut, **WRITE_ERRORS},
    summary="Report what came after the credits",
    auth=KEY_OPTIONAL,
)
def report(request: HttpRequest, slug: str, body: ReportIn) -> Any:
    """Same rules as the web form: one report per reporter per film, rate limits, no links.

    Anonymous callers are one reporter per address. With X-API-Key, `reporter` names the
    app's user, so one app can speak for many people, each once per film.
    """
    if refused := foreign_write_problem(request):
        return error(request, *refused)
    movie = get_object_or_404(Movie, slug=slug)
    client = client_of(request)
    address = ratelimit.client_address(request)
    if client is None:
        hashed = community.address_hash(address)
        visitor = community.Visitor(f"api:{hashed[:32]}", hashed)
    else:
        if not body.reporter:
            raise HttpError(400, "With an API key, say which of your users reports (reporter).")
        who = f"client:{client.pk}:{body.reporter}"
        visitor = community.Visitor(who[:64], community.address_hash(who))
    community.report_submit(
        movie=movie,
        visitor=visitor,
        choice=body.saw,
        note=body.note,
        at_minute=body.at_minute,
        via="api",
    )
    page = selectors.movie_page(slug=slug, with_related=False)
    return 201, {"recorded": True, "verdict": payloads.verdict(page.answer)}


# Segments for players and scans from media libraries (issue 14) live with their app.
api.add_router("/", subtitles_router)
