"""One search for films, people and companies, forgiving about how a title is typed.

Work is bounded at any catalogue size: an exact title is an index lookup, other matches
come from the full-text index already in popularity order with a LIMIT, and suggestions
for short prefixes are read from precomputed lists (index.py).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from whatsafter.aftercredits.selectors import film_cards
from whatsafter.catalog.models import Company, Movie, Person
from whatsafter.normalise import normalised_query
from whatsafter.search import index, ranking
from whatsafter.search import query as parsing
from whatsafter.search.corrections import CANDIDATES, NameReadings, corrected_hits


@dataclass(frozen=True)
class Results:
    text: str
    year: int | None
    films: list[Movie]
    people: list[Person] = field(default_factory=list)
    companies: list[Company] = field(default_factory=list)
    # What we searched for instead, when the words as typed found nothing.
    corrected: str = ""
    # The person the query names ("tom cruise", "tom cruise movies") and their best-known
    # films, which the results page shows first.
    person: Person | None = None
    person_films: list[Movie] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.films or self.people or self.companies)


# Films shown for the person a query names.
PERSON_FILMS = 12


def _known_for(person: Person, limit: int) -> list[Movie]:
    """A person's films, most popular first (as their page's "Known for")."""
    films = film_cards(Movie.objects.filter(credits__person=person)).distinct()
    return list(films.order_by("-popularity", "-year", "title")[:limit])


def _typed_lookups(
    tokens: list[str], year: int | None, limit: int, *, suggest: bool
) -> index.Lookups:
    """The lookups for the words as typed: exact titles, and the precomputed list for a
    short prefix (suggestions) or else the most popular matches."""
    key = " ".join(tokens)
    groups = parsing.alternatives(tokens)
    prefix = key if suggest and year is None and len(key) <= index.PREFIX_MAX else None
    matching = [(groups, False, max(limit, CANDIDATES))] if groups and prefix is None else []
    exact = [(key, parsing.compact(tokens))]
    return index.Lookups(year=year, limit=limit, exact=exact, matching=matching, prefix=prefix)


def _typed_hits(
    tokens: list[str], year: int | None, limit: int, found: index.Found
) -> list[index.Hit]:
    """The hits of `_typed_lookups`; a suggestion whose prefix list is empty asks for
    the matches after all (a second statement)."""
    listed = found.listed
    groups = parsing.alternatives(tokens)
    if listed == [] and groups:
        listed = index.titles_matching(groups, year, max(limit, CANDIDATES))
    if listed is None:
        listed = found.matched[0] if found.matched else []
    return found.exact[0] + listed


def film_search(
    raw: str,
    *,
    limit: int = 20,
    suggest: bool = False,
    correct: bool = True,
    found: index.Found | None = None,
    names: NameReadings | None = None,
) -> tuple[list[Movie], parsing.ParsedQuery, str]:
    """Films for a query: exact title first, then by popularity; typos get a second try.

    When the words as typed find no film whose title is or starts with them, other
    readings (typos fixed, words joined or split, one word left out) are tried and all
    that was found is ranked by likeness to what was typed and popularity
    (ranking.best_first). `correct=False` skips that (the words were someone's exact name).
    `found`: the lookups of `_typed_lookups`, when the caller asked them already;
    `names`: a name's readings to ask along with the title's, if it is corrected.
    """
    parsed = parsing.parse(raw)
    if not parsed.tokens:
        return [], parsed, ""
    form = parsing.compact(parsed.tokens)
    if found is None:
        found = index.find(_typed_lookups(parsed.tokens, parsed.year, limit, suggest=suggest))
    hits = _typed_hits(parsed.tokens, parsed.year, limit, found)
    corrected = ""
    series = not parsing.numbering_typed(parsed.tokens)
    ids = ranking.order(hits, form, limit, series=series)
    words = len(parsed.tokens)
    if (
        correct
        and not (hits and suggest)
        and ranking.doubtful(hits, ids, form, words, series=series)
    ):
        more, found_by = corrected_hits(parsed.tokens, parsed.year, limit, names)
        typed = {hit[0] for hit in hits}
        ids = ranking.best_first(parsed.tokens, hits + more, limit, typed, found_by, series=series)
        if ids and ids[0] in found_by and not any(hit[0] == ids[0] for hit in hits):
            corrected = parsing.written(found_by[ids[0]])
    films = film_cards(Movie.objects.all()).in_bulk(ids)
    return [films[pk] for pk in ids if pk in films], parsed, corrected


def people_search(
    text: str, *, limit: int = 20, correct: bool = True, typed: list[int] | None = None
) -> list[Person]:
    """People by name, most popular first; a misspelt name gets a second try (not while
    suggesting: a name half typed is not misspelt). `typed`: the ids the name as typed
    found, when they were looked up already."""
    return _people_rows(_people_ids(text, limit, correct=correct, typed=typed))


def _people_rows(ids: list[int]) -> list[Person]:
    people = Person.objects.in_bulk(ids)
    return [people[pk] for pk in ids if pk in people]


def _people_ids(
    text: str,
    limit: int,
    *,
    correct: bool,
    typed: list[int] | None,
    names: NameReadings | None = None,
) -> list[int]:
    key = parsing.name_key(text)
    if not key:
        return []
    ids = index.people_matching(key, key.split(), limit) if typed is None else typed
    if ids or not correct:
        return ids
    return (names or NameReadings(key.split(), limit)).ids()


def companies_ranked(words: Sequence[str]) -> QuerySet[Company]:
    """Companies whose name has every word, those behind the most popular films first."""
    match = Q()
    for word in words:
        match &= Q(name__icontains=word)
    return (
        Company.objects.filter(match)
        .annotate(films_popularity=Coalesce(Sum("movies__popularity"), 0.0))
        .order_by("-films_popularity", "name")
    )


@functools.lru_cache(maxsize=64)
def _companies_compiled(words: int, limit: int, vendor: str) -> tuple[str, tuple[Any, ...]]:
    """`companies_ranked` for `words` placeholder words, compiled once per process: only
    its parameters depend on the words, and building and compiling the ORM query took
    about 1 ms of every search, as long as the statement itself."""
    query = companies_ranked([f"companyword{i}" for i in range(words)])[:limit].query
    sql, params = query.sql_with_params()
    return sql, tuple(params)


def companies_statement(words: Sequence[str], limit: int) -> tuple[str, list[Any]]:
    """The SQL and parameters `companies_ranked(words)[:limit]` compiles to."""
    sql, params = _companies_compiled(len(words), limit, connection.vendor)
    like = {f"%companyword{i}%": word for i, word in enumerate(words)}
    return sql, [
        f"%{connection.ops.prep_for_like_query(like[p])}%" if p in like else p for p in params
    ]


def company_search(raw: str, *, limit: int = 20) -> list[Company]:
    """Companies whose name has every word typed, those behind the most popular films first.

    "paramount" means Paramount Pictures, not Paramount Vantage: a company is ranked by
    the summed popularity of its films. Companies number thousands, not millions, so a
    scan of their names is cheap.
    """
    words = [w for w in parsing.name_key(raw).split() if w][:6]
    if not words:
        return []
    return list(Company.objects.raw(*companies_statement(words, limit)))


def search(raw: str, *, limit: int = 20, suggest: bool = False) -> Results:
    """Films, people and companies for the results page, the suggestions and the API."""
    parsed = parsing.parse(raw)
    if not parsed.tokens:
        return Results(text=parsed.text, year=parsed.year, films=[])
    # People by the name as typed and films by the title as typed, in one statement.
    ask = _typed_lookups(parsed.tokens, parsed.year, limit, suggest=suggest)
    key = parsing.name_key(parsed.text)
    if key:
        ask.people_limit, ask.people_exact, ask.people_matching = limit, [key], [key.split()]
    found = index.find(ask)
    typed = index.people_ids(found.people_exact[0], found.people_matched[0], limit) if key else []
    people = _people_rows(typed)
    name = parsed.text
    if not people and (asked := parsing.name_asked(parsed.tokens)):
        name = " ".join(asked)
        people = people_search(name, limit=limit, correct=False)
    # Someone's exact name is what was meant; guessing at misspelt titles would only
    # add noise (and most of the cost of a query that finds no film).
    named = bool(people) and parsing.name_key(people[0].name) == parsing.name_key(name)
    person = people[0] if named else None
    person_films = _known_for(person, PERSON_FILMS) if person and not suggest else []
    if person and name != parsed.text:
        # "tom cruise movies" asks for his films: titles with "movies" in them are noise.
        return Results(
            text=parsed.text, year=parsed.year, films=[], people=people, companies=[],
            person=person, person_films=person_films,
        )  # fmt: skip
    # A misspelt name ("jack nicholsn"): two words or more that no title matched as typed.
    # Its readings are asked along with the title's, if the title is corrected too.
    maybe_misspelt = not people and not suggest and len(parsed.tokens) >= 2
    names = NameReadings(key.split(), limit) if maybe_misspelt and key else None
    films, _, corrected = film_search(
        raw, limit=limit, suggest=suggest, correct=not named, found=found, names=names
    )
    if maybe_misspelt and (corrected or not films):
        people = _people_rows(
            _people_ids(parsed.text, limit, correct=True, typed=typed, names=names)
        )
        if people and not films:  # nothing else it could mean
            person, person_films = people[0], _known_for(people[0], PERSON_FILMS)
    return Results(
        text=parsed.text,
        year=parsed.year,
        films=films,
        people=people,
        companies=company_search(raw, limit=limit),
        corrected=corrected,
        person=person,
        person_films=person_films,
    )


@dataclass(frozen=True)
class AnswerChoice:
    """The one film a title means, or the films it could mean when it is ambiguous."""

    film: Movie | None
    candidates: list[Movie] = field(default_factory=list)


def answer_choose(*, title: str, year: int | None = None, limit: int = 10) -> AnswerChoice:
    """The film someone asking about `title` (of `year`) means, by the site's own search,
    so the API's /answer, `whatsafter ask` and the search page agree.

    A film titled exactly so wins; two such films, or no exact title and several
    matches, are ambiguous (the caller lists them); nothing found is neither.
    """
    text = normalised_query(title)
    if not any(ch.isalnum() for ch in text):
        return AnswerChoice(None)
    films, _, _ = film_search(f"{text} ({year})" if year else text, limit=limit)
    if year is not None:
        films = [m for m in films if m.year == year]
    exact = [m for m in films if m.title.casefold() == text.casefold()]
    choices = exact or films
    if len(choices) == 1:
        return AnswerChoice(choices[0])
    return AnswerChoice(None, choices)
