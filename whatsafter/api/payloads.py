"""Plain dicts for the API and the CLI's --json, built from the pages' own selectors."""

from __future__ import annotations

from typing import Any

from whatsafter.aftercredits.models import CreditScene, EvidenceSource
from whatsafter.aftercredits.selectors import Answer, status_of
from whatsafter.catalog.models import Movie
from whatsafter.countries import country_name
from whatsafter.web.selectors import MoviePage


def film_card(movie: Movie) -> dict[str, Any]:
    return {
        "slug": movie.slug,
        "title": movie.title,
        "year": movie.year,
        "url": movie.get_absolute_url(),
        "verdict": status_of(movie),
    }


def scene(item: CreditScene, *, spoilers: bool) -> dict[str, Any]:
    return {
        "order": item.order,
        "position": item.position,
        "kind": item.kind,
        "at_minute": item.at_minute,
        "length_seconds": item.length_seconds,
        "sets_up_sequel": item.sets_up_sequel,
        "description": item.description if spoilers else None,
    }


def verdict(answer: Answer) -> dict[str, Any]:
    return {
        "status": answer.status,
        "label": answer.label,
        "summary": answer.summary,
        "during_count": answer.during_count,
        "after_count": answer.after_count,
        "evidence": [vars(line) for line in answer.evidence],
        "dissent": answer.dissent,
        "report_count": answer.report_count,
        "agree_count": answer.agree_count,
        "leave_advice": answer.leave_advice or None,
    }


def evidence_summary(answer: Answer) -> str:
    """'TMDb keywords, recorded 2026-11-24; no viewer reports yet': who says so, in one line."""
    latest: dict[str, str] = {}
    for line in answer.evidence:  # a source's claims share one mention, with its latest date
        latest[line.source] = max(latest.get(line.source, ""), line.when)
    parts = [f"{source}, recorded {when}" for source, when in latest.items()]
    sources = {s.source for s in answer.scenes}
    if sources:
        parts.append("scenes described by " + ", ".join(sorted(
            dict(EvidenceSource.choices).get(s, s) for s in sources
        )))  # fmt: skip
    if answer.report_count:
        parts.append(f"{answer.agree_count} of {answer.report_count} viewer reports agree")
    else:
        parts.append("no viewer reports yet")
    return "; ".join(parts)


def film(page: MoviePage, *, spoilers: bool) -> dict[str, Any]:
    movie = page.movie
    return {
        "slug": movie.slug,
        "url": movie.get_absolute_url(),
        "tmdb_id": movie.tmdb_id,
        "imdb_id": movie.imdb_id,
        "title": movie.title,
        "original_title": movie.original_title,
        "year": movie.year,
        "release_date": movie.release_date,
        "runtime_minutes": movie.runtime_minutes,
        "certification": movie.certification,
        "genres": page.genres,
        "tagline": movie.tagline,
        "overview": movie.overview,
        "wikipedia_extract": movie.wikipedia_extract,
        "poster_url": movie.poster_url,
        "verdict": verdict(page.answer),
        "scenes": [scene(s, spoilers=spoilers) for s in page.answer.scenes],
        "cast": [
            {
                "name": c.person.name,
                "slug": c.person.slug,
                "character": c.character,
                "order": c.order,
            }
            for c in page.cast
        ],
        "crew": [
            {"name": c.person.name, "slug": c.person.slug, "department": c.department, "job": c.job}
            for c in page.crew
        ],
        "companies": page.companies,
        "ratings": [vars(slot) for slot in page.ratings],
        "offers": [
            {
                "region": o.region,
                "region_name": country_name(o.region),
                "provider": o.provider,
                "kind": o.kind,
                "url": o.url,
            }
            for group in page.offer_groups
            for o in group.offers
        ],
        "watch_searches": [vars(link) for link in page.watch_searches],
        "links": [vars(link) for link in page.site_links],
        # `shared`: the count catalog.selectors.sharing_cast annotates each film with.
        "related": [
            {**film_card(m), "shared_cast": m.shared}  # type: ignore[attr-defined]
            for m in page.related
        ],
    }


def answer(page: MoviePage, *, spoilers: bool) -> dict[str, Any]:
    """The compact answer: GET /api/v1/answer and `whatsafter ask --json` print this."""
    a = page.answer
    return {
        "film": film_card(page.movie),
        "status": a.status,
        "label": a.label,
        "summary": a.summary,
        "during_count": a.during_count,
        "after_count": a.after_count,
        "evidence_summary": evidence_summary(a),
        "runtime_minutes": page.movie.runtime_minutes,
        "scenes": [scene(s, spoilers=spoilers) for s in a.scenes],
    }
