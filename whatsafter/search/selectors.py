"""One search for films, people and companies, forgiving about how a title is typed.

Work is bounded at any catalogue size: an exact title is an index lookup, other matches
come from the full-text index already in popularity order with a LIMIT, and suggestions
for short prefixes are read from precomputed lists (index.py).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

from django.db.models import Q, Sum
from django.db.models.functions import Coalesce

from whatsafter.aftercredits.selectors import film_cards
from whatsafter.catalog.models import Company, Movie, Person
from whatsafter.normalise import normalised_query
from whatsafter.search import aliases, index, ranking
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


# Correction readings tried at most per query: each costs two bounded queries.
READINGS = 8


def _closeness(hit: index.Hit, form: str, *, series: bool = True) -> int:
    """0: one of the film's titles is the query; 1: one starts with it; 2: its series
    number is the query ("ice age 4"; not when `series` is off: "hunger games part 2"
    names a title's own part); 3: it matched."""
    numbered = {parsing.compact(k.split()) for k in aliases.numbered_keys(hit[2])}
    forms = [parsing.compact(k.split()) for k in (hit[1], *aliases.other_keys(hit[2]))]
    forms = [f for f in forms if f not in numbered]
    # Keys drop a leading article; "therock" typed with it is still The Rock's title.
    if form in forms or any(form == article + f for article in ("the", "a", "an") for f in forms):
        return 0
    if any(f.startswith(form) for f in forms):
        return 1
    return 2 if series and form in numbered else 3


def _mid_word(hit: index.Hit, form: str) -> bool:
    """Whether the query ends inside a title word: "et" is all of E.T.'s first word
    but only the start of "Eternal", so E.T. goes first among titles starting with it."""
    for key in (hit[1], *aliases.other_keys(hit[2])):
        ends, joined = set(), ""
        for word in parsing.canonical(key.split()):
            joined += word
            ends.add(len(joined))
        if joined.startswith(form) and len(form) in ends:
            return False
    return True


def _order(hits: list[index.Hit], form: str, limit: int, *, series: bool) -> list[int]:
    """Exact title first, then titles starting with the query (whole words first), then
    popularity (rank)."""
    best: dict[int, tuple[int, bool, int]] = {}
    for hit in hits:
        pk, rank = hit[0], hit[3]
        closeness = _closeness(hit, form, series=series)
        mid_word = closeness == 1 and _mid_word(hit, form)
        best[pk] = min(best.get(pk, (9, True, rank)), (closeness, mid_word, rank))
    return sorted(best, key=best.__getitem__)[:limit]


def _hits(tokens: list[str], year: int | None, limit: int, *, suggest: bool) -> list[index.Hit]:
    hits = index.titles_exact(" ".join(tokens), parsing.compact(tokens), year, limit)
    listed = index.titles_by_prefix(" ".join(tokens), limit) if suggest and year is None else None
    if not listed:
        groups = parsing.alternatives(tokens)
        listed = index.titles_matching(groups, year, max(limit, CANDIDATES)) if groups else []
    return hits + listed


def _vocabulary(tokens: list[str]) -> dict[str, int]:
    """The known words corrections can use for these tokens: one query, not every title."""
    words, sounds = parsing.vocabulary_wanted(tokens)
    return index.words_like(tokens, words, sounds)


def _corrected_hits(
    tokens: list[str], year: int | None, limit: int
) -> tuple[list[index.Hit], dict[int, str]]:
    """Films for other readings of what was typed, and the reading that found each.

    Stops at the first reading that is a film's whole title; otherwise gathers what
    READINGS readings find, for ranking.
    """
    counts = _vocabulary(tokens)
    hits: list[index.Hit] = []
    found_by: dict[int, str] = {}
    # With three words or more, one may be wrong ("larry potter and the goblet of fire"):
    # the most popular films with any of the telling words, in one bounded query.
    telling = [t for t in tokens if t not in parsing.STOPWORDS and len(t) >= 3]
    if len(tokens) >= 3 and len(telling) >= 2:
        groups = [[t] for t in telling]
        hits += index.titles_matching(groups, year, CANDIDATES, any_word=True)
    for reading in itertools.islice(parsing.readings(tokens, set(counts), counts), READINGS):
        found = _hits(reading, year, limit, suggest=False)
        form = parsing.compact(reading)
        for hit in found:
            found_by.setdefault(hit[0], " ".join(reading))
        hits += found
        if any(_closeness(hit, form) == 0 for hit in found):
            break
    return hits, found_by


# Below this popularity (TMDb's scale; IMDb votes / 10,000) a film that only starts with
# the words typed may be a misspelling's accident: "the dark night" → "Dark Night of the
# Scarecrow" rather than The Dark Knight.
OBSCURE = 1.0


def _doubtful(
    hits: list[index.Hit], ids: list[int], form: str, words: int, *, series: bool
) -> bool:
    """Whether to look further than the words as typed.

    Yes when no film's title is or starts with them, or when with two words or more
    the best is only a start of an obscure film's title.
    """
    if not ids:
        return True
    top = next(hit for hit in hits if hit[0] == ids[0])
    closeness = _closeness(top, form, series=series)
    if closeness == 3:
        return True
    return closeness == 1 and words >= 2 and ranking.log_popularity(top[3]) < OBSCURE_LOG


OBSCURE_LOG = math.log10(1 + OBSCURE)


def film_search(
    raw: str, *, limit: int = 20, suggest: bool = False, correct: bool = True
) -> tuple[list[Movie], parsing.ParsedQuery, str]:
    """Films for a query: exact title first, then by popularity; typos get a second try.

    When the words as typed find no film whose title is or starts with them, other
    readings (typos fixed, words joined or split, one word left out) are tried and all
    that was found is ranked by likeness to what was typed and popularity
    (ranking.best_first). `correct=False` skips that (the words were someone's exact name).
    """
    parsed = parsing.parse(raw)
    if not parsed.tokens:
        return [], parsed, ""
    form = parsing.compact(parsed.tokens)
    hits = _hits(parsed.tokens, parsed.year, limit, suggest=suggest)
    corrected = ""
    series = not parsing.numbering_typed(parsed.tokens)
    ids = _order(hits, form, limit, series=series)
    words = len(parsed.tokens)
    if correct and not (hits and suggest) and _doubtful(hits, ids, form, words, series=series):
        more, found_by = _corrected_hits(parsed.tokens, parsed.year, limit)
        typed = {hit[0] for hit in hits}
        ids = ranking.best_first(parsed.tokens, hits + more, limit, typed, found_by, series=series)
        if ids and ids[0] in found_by and not any(hit[0] == ids[0] for hit in hits):
            corrected = found_by[ids[0]]
    films = film_cards(Movie.objects.all()).in_bulk(ids)
    return [films[pk] for pk in ids if pk in films], parsed, corrected


# Readings of a misspelt name tried at most.
NAME_READINGS = 4


def people_search(text: str, *, limit: int = 20, correct: bool = True) -> list[Person]:
    """People by name, most popular first; a misspelt name gets a second try (not while
    suggesting: a name half typed is not misspelt)."""
    key = parsing.name_key(text)
    if not key:
        return []
    tokens = key.split()
    ids = index.people_matching(key, tokens, limit)
    if not ids and correct:
        words, sounds = parsing.vocabulary_wanted(tokens)
        counts = index.words_like(tokens, words, sounds, table="search_nameword")
        for reading in itertools.islice(
            parsing.readings(tokens, set(counts), counts), NAME_READINGS
        ):
            ids = index.people_matching(" ".join(reading), reading, limit)
            if ids:
                break
    people = Person.objects.in_bulk(ids)
    return [people[pk] for pk in ids if pk in people]


def company_search(raw: str, *, limit: int = 20) -> list[Company]:
    """Companies whose name has every word typed, those behind the most popular films first.

    "paramount" means Paramount Pictures, not Paramount Vantage: a company is ranked by
    the summed popularity of its films. Companies number thousands, not millions, so a
    scan of their names is cheap.
    """
    words = [w for w in parsing.name_key(raw).split() if w][:6]
    if not words:
        return []
    match = Q()
    for word in words:
        match &= Q(name__icontains=word)
    return list(
        Company.objects.filter(match)
        .annotate(films_popularity=Coalesce(Sum("movies__popularity"), 0.0))
        .order_by("-films_popularity", "name")[:limit]
    )


def search(raw: str, *, limit: int = 20, suggest: bool = False) -> Results:
    """Films, people and companies for the results page, the suggestions and the API."""
    parsed = parsing.parse(raw)
    if not parsed.tokens:
        return Results(text=parsed.text, year=parsed.year, films=[])
    people = people_search(parsed.text, limit=limit, correct=False)
    name = parsed.text
    if not people and (asked := parsing.name_asked(parsed.tokens)):
        name = " ".join(asked)
        people = people_search(name, limit=limit, correct=not suggest)
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
    films, _, corrected = film_search(raw, limit=limit, suggest=suggest, correct=not named)
    # A misspelt name ("jack nicholsn"): two words or more that no title matched as typed.
    if not people and not suggest and len(parsed.tokens) >= 2 and (corrected or not films):
        people = people_search(parsed.text, limit=limit)
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
