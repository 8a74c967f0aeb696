"""One search for films, people and companies, forgiving about how a title is typed.

Work is bounded at any catalogue size: an exact title is an index lookup, other matches
come from the full-text index already in popularity order with a LIMIT, and suggestions
for short prefixes are read from precomputed lists (index.py).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from whatsafter.aftercredits.selectors import film_cards
from whatsafter.catalog.models import Company, Movie, Person
from whatsafter.normalise import normalised_query
from whatsafter.search import index
from whatsafter.search import query as parsing

# Matches fetched in popularity order before "starts with the query" reorders them: enough
# that a title beginning with the words typed is rarely beyond it.
CANDIDATES = 100


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


def _order(hits: list[index.Hit], key: str, limit: int) -> list[int]:
    """Exact title first, then titles starting with the query, then popularity (rank)."""
    best: dict[int, tuple[int, int]] = {}
    for pk, hit_key, rank in hits:
        closeness = 0 if hit_key == key else 1 if hit_key.startswith(key) else 2
        best[pk] = min(best.get(pk, (closeness, rank)), (closeness, rank))
    return sorted(best, key=best.__getitem__)[:limit]


def _film_ids(tokens: list[str], year: int | None, limit: int, *, suggest: bool) -> list[int]:
    key = " ".join(tokens)
    hits = index.titles_exact(key, year, limit)
    listed = index.titles_by_prefix(key, limit) if suggest and year is None else None
    if not listed:
        listed = index.titles_matching(tokens, year, max(limit, CANDIDATES))
    return _order(hits + listed, key, limit)


def _vocabulary(tokens: list[str]) -> set[str]:
    """The known words corrections can use for these tokens: one query, not every title."""
    pairs = [a + b for a, b in itertools.pairwise(tokens)]
    return index.words_like(tokens, [*tokens, *pairs])


def film_search(
    raw: str, *, limit: int = 20, suggest: bool = False, correct: bool = True
) -> tuple[list[Movie], parsing.ParsedQuery, str]:
    """Films for a query: exact title first, then by popularity; typos get a second try.

    `correct=False` skips the second try (the words were someone's exact name).
    """
    parsed = parsing.parse(raw)
    if not parsed.tokens:
        return [], parsed, ""
    ids = _film_ids(parsed.tokens, parsed.year, limit, suggest=suggest)
    corrected = ""
    if not ids and correct:
        vocabulary = _vocabulary(parsed.tokens)
        readings = parsing.corrections(parsed.tokens, vocabulary)
        readings += parsing.near_readings(parsed.tokens, vocabulary)
        # Each reading costs two bounded queries; the two lists often share one.
        for reading in map(list, dict.fromkeys(map(tuple, readings))):
            ids = _film_ids(reading, parsed.year, limit, suggest=False)
            if ids:
                corrected = " ".join(reading)
                break
    films = film_cards(Movie.objects.all()).in_bulk(ids)
    return [films[pk] for pk in ids if pk in films], parsed, corrected


def people_search(text: str, *, limit: int = 20) -> list[Person]:
    key = parsing.name_key(text)
    if not key:
        return []
    ids = index.people_matching(key, key.split(), limit)
    people = Person.objects.in_bulk(ids)
    return [people[pk] for pk in ids if pk in people]


def search(raw: str, *, limit: int = 20, suggest: bool = False) -> Results:
    """Films, people and companies for the results page, the suggestions and the API."""
    parsed = parsing.parse(raw)
    if not parsed.tokens:
        return Results(text=parsed.text, year=parsed.year, films=[])
    people = people_search(parsed.text, limit=limit)
    # Someone's exact name is what was meant; guessing at misspelt titles would only
    # add noise (and most of the cost of a query that finds no film).
    named = bool(people) and parsing.name_key(people[0].name) == parsing.name_key(parsed.text)
    films, _, corrected = film_search(raw, limit=limit, suggest=suggest, correct=not named)
    return Results(
        text=parsed.text,
        year=parsed.year,
        films=films,
        people=people,
        companies=companies_search(query=parsed.text, limit=limit),
        corrected=corrected,
    )


def companies_search(*, query: str, limit: int = 20) -> list[Company]:
    """Companies whose name holds the text (a small table: a plain scan is enough)."""
    text = normalised_query(query)
    if not any(ch.isalnum() for ch in text):
        return []
    return list(Company.objects.filter(name__icontains=text).order_by("name")[:limit])
