"""One search for films, people and companies, forgiving about how a title is typed.

Work is bounded at any catalogue size: an exact title is an index lookup, other matches
come from the full-text index already in popularity order with a LIMIT, and suggestions
for short prefixes are read from precomputed lists (index.py).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Q, Sum
from django.db.models.functions import Coalesce

from whatsafter.aftercredits.selectors import film_cards
from whatsafter.catalog.models import Company, Movie, Person
from whatsafter.normalise import normalised_query
from whatsafter.search import index, pg_top, ranking
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


# Correction readings tried at most per query.
READINGS = 8
# Readings whose exact titles are asked first: the likeliest reading is almost always
# among them (a typo's closest word), and when one is a film's whole title the later
# readings are never looked at, so neither working them out (each a pass over the
# candidate words) nor asking their exact titles is needed.
READINGS_FIRST = 2


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


def _exact_readings(
    tokens: list[str],
    year: int | None,
    limit: int,
    names: NameReadings | None,
    counts_for_first: Sequence[tuple[pg_top.Groups, str, str]],
) -> tuple[list[list[str]], list[str], list[list[index.Hit]]]:
    """Readings of `tokens` and their exact titles, up to the first reading that is a
    film's whole title (or READINGS of them): asked READINGS_FIRST first, then the rest
    only if none of those was. The same readings and exact titles as asking all READINGS
    at once and cutting after the first whole title, in fewer lookups."""
    words, sounds = parsing.vocabulary_wanted(tokens)
    asks = [(tokens, words, sounds, "search_word")]
    if names is not None:
        asks.append(names.vocabulary_wanted())
    vocabularies = index.words_like_many(asks)
    counts = vocabularies[0]
    if names is not None:
        names.vocabulary_read(vocabularies[1])
    pending = itertools.islice(parsing.readings(tokens, set(counts), counts), READINGS)
    tried: list[list[str]] = []
    forms: list[str] = []
    exact: list[list[index.Hit]] = []
    size = READINGS_FIRST
    while batch := list(itertools.islice(pending, size)):
        size = READINGS
        batch_forms = [parsing.compact(reading) for reading in batch]
        pairs = [(" ".join(r), f) for r, f in zip(batch, batch_forms, strict=True)]
        # The word counts the matches below are planned from come with the exact titles
        # (for every reading: which are asked is not known yet).
        counts_for: list[tuple[pg_top.Groups, str, str]] = [
            (g, "search_titleentry", "search_word")
            for g in map(parsing.alternatives, batch)
            if not index.word_lists_answer(g, False, year, max(limit, CANDIDATES))
        ]
        if not tried:
            counts_for += counts_for_first
        ask = index.Lookups(year=year, limit=limit, exact=pairs, counts_for=counts_for)
        # A name's exact readings ride along the first batch only (NameReadings.step).
        ridden = names is not None and not names.exact_asked
        found = (names.step(ask) if ridden and names else index.find(ask)).exact
        for reading, form, hits in zip(batch, batch_forms, found, strict=True):
            tried.append(reading)
            forms.append(form)
            exact.append(hits)
            if any(ranking.closeness(hit, form) == 0 for hit in hits):
                return tried, forms, exact
    return tried, forms, exact


def _corrected_hits(
    tokens: list[str], year: int | None, limit: int, names: NameReadings | None = None
) -> tuple[list[index.Hit], dict[int, str]]:
    """Films for other readings of what was typed, and the reading that found each.

    Stops at the first reading that is a film's whole title; otherwise gathers what
    READINGS readings find, for ranking. The readings' exact titles (one statement, two
    when the first READINGS_FIRST readings do not name a film), then the matches of the
    readings up to the first whose exact titles end the search. `names`: a name's
    readings to ask in the same statements (search() may need them next).
    """
    # With three words or more, one may be wrong ("larry potter and the goblet of fire"):
    # the most popular films with any of the telling words, in one bounded query.
    telling = [t for t in tokens if t not in parsing.STOPWORDS and len(t) >= 3]
    any_word = len(tokens) >= 3 and len(telling) >= 2
    # (Its word counts only when it is planned, with a year; without, the word lists answer.)
    any_groups = [[t] for t in telling]
    planned = any_word and not index.word_lists_answer(any_groups, True, year, CANDIDATES)
    any_counts = [(any_groups, "search_titleentry", "search_word")] if planned else []
    tried, forms, exact = _exact_readings(tokens, year, limit, names, any_counts)
    if names is not None and not names.exact_asked:  # no reading of the title at all
        names.step(index.Lookups())
    groups = [parsing.alternatives(reading) for reading in tried]
    matching = [(any_groups, True, CANDIDATES)] if any_word else []
    matching += [(g, False, max(limit, CANDIDATES)) for g in groups if g]
    ask = index.Lookups(year=year, matching=matching)
    ridden = names is not None and names.exact_asked and not names.done
    matched = (names.step(ask) if ridden and names else index.find(ask)).matched
    hits: list[index.Hit] = matched.pop(0) if any_word else []
    found_by: dict[int, str] = {}
    for reading, form, exact_found, reading_groups in zip(tried, forms, exact, groups, strict=True):
        found = exact_found + (matched.pop(0) if reading_groups else [])
        for hit in found:
            found_by.setdefault(hit[0], " ".join(reading))
        hits += found
        if any(ranking.closeness(hit, form) == 0 for hit in found):
            break
    return hits, found_by


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
        more, found_by = _corrected_hits(parsed.tokens, parsed.year, limit, names)
        typed = {hit[0] for hit in hits}
        ids = ranking.best_first(parsed.tokens, hits + more, limit, typed, found_by, series=series)
        if ids and ids[0] in found_by and not any(hit[0] == ids[0] for hit in hits):
            corrected = found_by[ids[0]]
    films = film_cards(Movie.objects.all()).in_bulk(ids)
    return [films[pk] for pk in ids if pk in films], parsed, corrected


# Readings of a misspelt name tried at most.
NAME_READINGS = 4


class NameReadings:
    """Correcting a misspelt name: its readings' exact names in one statement, then the
    matches of the readings up to the first that names someone exactly (the later ones
    would not be asked). The steps can ride along a title correction's statements
    (`_corrected_hits`), since search() often needs both for the same words."""

    def __init__(self, tokens: list[str], limit: int) -> None:
        self.tokens, self.limit = tokens, limit
        self.tried: list[list[str]] = []
        self.exact: list[list[index.Person]] = []
        self.matched: list[list[index.Person]] = []
        self.exact_asked = self.done = False

    def vocabulary_wanted(self) -> tuple[list[str], list[str], list[str], str]:
        words, sounds = parsing.vocabulary_wanted(self.tokens)
        return self.tokens, words, sounds, "search_nameword"

    def vocabulary_read(self, counts: dict[str, int]) -> None:
        readings = parsing.readings(self.tokens, set(counts), counts)
        self.tried = list(itertools.islice(readings, NAME_READINGS))

    def _exact_ask(self, ask: index.Lookups) -> None:
        ask.people_limit = self.limit
        ask.people_exact = [" ".join(r) for r in self.tried]
        # The counts the matches are planned from come along (which are asked is not
        # known yet).
        people = [([[t] for t in r], "search_personentry", "search_nameword") for r in self.tried]
        ask.counts_for = [*ask.counts_for, *people]

    def _exact_found(self, found: index.Found) -> None:
        self.exact, self.exact_asked = found.people_exact, True
        last = next((i for i, names in enumerate(self.exact) if names), len(self.tried) - 1)
        self.tried = self.tried[: last + 1]

    def _matches_ask(self, ask: index.Lookups) -> None:
        ask.people_limit, ask.people_matching = self.limit, self.tried

    def _matches_found(self, found: index.Found) -> None:
        self.matched, self.done = found.people_matched, True

    def step(self, ask: index.Lookups) -> index.Found:
        """`index.find(ask)` with the next step's lookups in it: the exact names, then
        the matches."""
        first = not self.exact_asked
        (self._exact_ask if first else self._matches_ask)(ask)
        found = index.find(ask)
        (self._exact_found if first else self._matches_found)(found)
        return found

    def ids(self) -> list[int]:
        """The first reading's people that names anyone (its exact names first)."""
        if not self.done:
            self.vocabulary_read(index.words_like(*self.vocabulary_wanted()))
            self.step(index.Lookups())
            self.step(index.Lookups())
        ids: list[int] = []
        for exact, matched in zip(self.exact, self.matched, strict=False):
            ids = index.people_ids(exact, matched, self.limit)
            if ids:
                break
        return ids


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
