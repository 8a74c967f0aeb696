"""Correcting a typo: other readings of what was typed, asked a few at a time.

A title's readings (query.readings) are asked in as few statements as their dependencies
allow (index.find): their exact titles, the first READINGS_FIRST first, then their
matches; a misspelt name's readings ride along the same statements (NameReadings).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from whatsafter.search import index, pg_top, ranking, vocabulary
from whatsafter.search import query as parsing

# Matches fetched in popularity order before "starts with the query" reorders them: enough
# that a title beginning with the words typed is rarely beyond it.
CANDIDATES = 100

# Correction readings tried at most per query.
READINGS = 8
# Readings whose exact titles are asked first: the likeliest reading is almost always
# among them (a typo's closest word), and when one is a film's whole title the later
# readings are never looked at, so neither working them out (each a pass over the
# candidate words) nor asking their exact titles is needed.
READINGS_FIRST = 2


def exact_readings(
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
    vocabularies = vocabulary.words_like_many(asks)
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


def corrected_hits(
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
    tried, forms, exact = exact_readings(tokens, year, limit, names, any_counts)
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


# Readings of a misspelt name tried at most.
NAME_READINGS = 4


class NameReadings:
    """Correcting a misspelt name: its readings' exact names in one statement, then the
    matches of the readings up to the first that names someone exactly (the later ones
    would not be asked). The steps can ride along a title correction's statements
    (`corrected_hits`), since search() often needs both for the same words."""

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
            self.vocabulary_read(vocabulary.words_like(*self.vocabulary_wanted()))
            self.step(index.Lookups())
            self.step(index.Lookups())
        ids: list[int] = []
        for exact, matched in zip(self.exact, self.matched, strict=False):
            ids = index.people_ids(exact, matched, self.limit)
            if ids:
                break
        return ids
