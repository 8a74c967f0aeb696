"""One search for films, people and companies, forgiving about how a title is typed."""

from __future__ import annotations

from dataclasses import dataclass, field

from whatsafter.catalog.models import Company, Movie, Person
from whatsafter.catalog.selectors import companies_search, people_search
from whatsafter.search import query as parsing
from whatsafter.search.index import Entry, title_index


@dataclass(frozen=True)
class Results:
    text: str
    year: int | None
    films: list[Movie]
    people: list[Person] = field(default_factory=list)
    companies: list[Company] = field(default_factory=list)
    # What we searched for instead, when the words as typed found nothing.
    corrected: str = ""

    @property
    def empty(self) -> bool:
        return not (self.films or self.people or self.companies)


def _matches(entries: list[Entry], tokens: list[str], year: int | None) -> list[Entry]:
    return [
        e
        for e in entries
        if (year is None or e.year == year) and all(token in e.key for token in tokens)
    ]


def _rank(entry: Entry, key: str) -> tuple[int, float, int]:
    closeness = 0 if entry.key == key else 1 if entry.key.startswith(key) else 2
    return (closeness, -entry.popularity, -(entry.year or 0))


def film_search(raw: str, *, limit: int = 20) -> tuple[list[Movie], parsing.ParsedQuery, str]:
    """Films for a query: exact title first, then by popularity; typos get a second try."""
    parsed = parsing.parse(raw)
    if not parsed.tokens:
        return [], parsed, ""
    index = title_index()
    found = _matches(index.entries, parsed.tokens, parsed.year)
    corrected = ""
    if not found:
        for reading in parsing.corrections(parsed.tokens, index.vocabulary):
            found = _matches(index.entries, reading, parsed.year)
            if found:
                corrected = " ".join(reading)
                break
    key = corrected or parsed.key
    top = sorted(found, key=lambda e: _rank(e, key))[:limit]
    films = Movie.objects.for_cards().in_bulk([e.movie_id for e in top])
    return [films[e.movie_id] for e in top if e.movie_id in films], parsed, corrected


def search(raw: str, *, limit: int = 20) -> Results:
    films, parsed, corrected = film_search(raw, limit=limit)
    if not parsed.tokens:
        return Results(text=parsed.text, year=parsed.year, films=[])
    return Results(
        text=parsed.text,
        year=parsed.year,
        films=films,
        people=people_search(query=parsed.text, limit=limit),
        companies=companies_search(query=parsed.text, limit=limit),
        corrected=corrected,
    )
