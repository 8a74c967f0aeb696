"""schema.org descriptions of our pages, for search engines and link previews."""

from __future__ import annotations

from typing import Any

from whatsafter.catalog.models import Company, Person
from whatsafter.normalise import web_url
from whatsafter.web.sections import CompanyPage
from whatsafter.web.selectors import MoviePage, PersonPage


def movie_jsonld(page: MoviePage, base: str) -> dict[str, Any]:
    movie = page.movie
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Movie",
        "name": movie.title,
        "url": base + movie.get_absolute_url(),
        "genre": page.genres,
        "actor": [
            {"@type": "Person", "name": c.person.name, "url": base + c.person.get_absolute_url()}
            for c in page.cast[:10]
        ],
        "productionCompany": [{"@type": "Organization", "name": n} for n in page.companies],
    }
    if movie.release_date:
        data["datePublished"] = movie.release_date.isoformat()
    elif movie.year:
        data["datePublished"] = str(movie.year)
    if page.synopsis:
        data["description"] = page.synopsis
    if web_url(movie.poster_url):
        data["image"] = web_url(movie.poster_url)
    if movie.runtime_minutes:
        data["duration"] = f"PT{movie.runtime_minutes}M"
    if movie.certification:
        data["contentRating"] = movie.certification
    same_as = [link.url for link in page.site_links if link.exact]
    if same_as:
        data["sameAs"] = same_as
    imdb = next((slot for slot in page.ratings if slot.source == "imdb" and slot.display), None)
    if imdb and imdb.vote_count:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": imdb.display.split("/")[0] if imdb.display else None,
            "bestRating": "10",
            "ratingCount": imdb.vote_count,
        }
    return data


def person_jsonld(page: PersonPage, base: str) -> dict[str, Any]:
    person: Person = page.person
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": person.name,
        "url": base + person.get_absolute_url(),
    }
    if person.imdb_id:
        data["sameAs"] = [f"https://www.imdb.com/name/{person.imdb_id}/"]
    return data


def company_jsonld(page: CompanyPage, base: str, url: str) -> dict[str, Any]:
    company: Company = page.company
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": company.name,
        "url": base + url,
    }
    if company.tmdb_id:
        data["sameAs"] = [f"https://www.themoviedb.org/company/{company.tmdb_id}"]
    return data
