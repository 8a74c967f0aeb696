"""Ranking films: what the words as typed found, by closeness of title and then
popularity; what several readings of a query found, by likeness and then popularity.
Pure."""

from __future__ import annotations

import functools
import math

from rapidfuzz import fuzz, process

from whatsafter.search import aliases, index
from whatsafter.search import query as parsing

# How much popularity may add to a likeness of 0-1: a film 1,000 times more popular
# than another wins against a likeness up to 0.06 better.
POPULARITY_WEIGHT = 0.02
# A sequel number typed and missing from the title: "fast and furious 7" is not
# "Fast & Furious" (2009).
MISSING_NUMBER = 0.15


def likeness(query: list[str], key: str) -> float:
    """0-1: how well a title key explains what was typed (rapidfuzz).

    The whole title compared with the query run together (joined, split and misspelt
    words cost little), or, when the query names only part of the title, how well its
    words cover the title's start.
    """
    typed = parsing.canonical(query)
    title = parsing.canonical(key.split())
    whole = fuzz.ratio("".join(typed), "".join(title)) / 100
    start = fuzz.ratio(" ".join(typed), " ".join(title[: len(typed)])) / 100 * 0.9
    # Share of the typed words the title has (a close word counts): "star wars empire"
    # is covered by "Star Wars: The Empire Strikes Back", only two thirds by "Star Wars".
    found = sum(
        1 for word in typed if process.extractOne(word, title, scorer=fuzz.ratio, score_cutoff=80)
    )
    # Worth less when the typed words are a small part of a long title.
    covered = found / len(typed) * (0.75 + 0.15 * len(typed) / max(len(title), len(typed)))
    covered = covered if typed and title else 0.0
    score = max(whole, start, covered)
    return score - (MISSING_NUMBER if number_missing(typed, title) else 0.0)


def number_missing(typed: list[str], title: list[str]) -> bool:
    """Whether a sequel number typed is not in the title (both in canonical words)."""
    return bool({w for w in typed if w.isdigit()} - set(title))


# Added for a film that matched every word as typed, over one that a reading found.
AS_TYPED = 0.05


# What reading the query another way costs: a film the reading names exactly ("master"
# for "master movie", "dark knight" for "dark night") still beats one that merely
# resembles what was typed.
READING_COST = 0.1


# What leaving a typed word out costs on top: "star wars" is a poorer reading of "star
# wars empire" than a title with all three words.
DROPPED = 0.1


def _dropped(query: list[str], reading: list[str]) -> bool:
    return len("".join(reading)) <= len("".join(query)) - 3


def best_first(
    query: list[str],
    hits: list[index.Hit],
    limit: int,
    as_typed: set[int],
    found_by: dict[int, str],
    *,
    series: bool = True,
) -> list[int]:
    """Films most like what was typed (or like the reading that found them) first; of
    two that score the same (one title, one popularity), the one ranked first. `series`
    off leaves series numbers out ("part 2" names a title's own part)."""
    best: dict[int, float] = {}
    ranks: dict[int, int] = {}
    typed = parsing.canonical(query)
    for pk, key, other, rank in hits:
        if pk in best:
            continue
        ranks[pk] = rank
        keys = (key, *aliases.other_keys(other, numbered=series))
        like = max(likeness(query, k) for k in keys)
        if pk in found_by:
            reading = found_by[pk].split()
            cost = READING_COST + (DROPPED if _dropped(query, reading) else 0.0)
            # A reading that left out a typed number ("shrek" for "shrek 3") still pays
            # for the number missing from the title.
            read_like = max(
                likeness(reading, k)
                - (MISSING_NUMBER if number_missing(typed, parsing.canonical(k.split())) else 0.0)
                for k in keys
            )
            like = max(like, read_like - cost)
        bonus = AS_TYPED if pk in as_typed else 0.0
        best[pk] = like + bonus + POPULARITY_WEIGHT * log_popularity(rank)
    # The rank breaks ties, not the order the hits came in (a UNION's, on PostgreSQL).
    return sorted(best, key=lambda pk: (-best[pk], ranks[pk]))[:limit]


def log_popularity(rank: int) -> float:
    """The popularity a rank encodes (index.rank_for), on a log scale."""
    steps = index.POPULARITY_STEPS - (rank >> index.ID_BITS)
    return math.log10(1 + steps / 1000)


# -- the order of what the words as typed found -----------------------------------


@functools.lru_cache(maxsize=4096)
def _forms(key: str, other: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """A film's titles run together (its index row's key and other titles), and apart its
    series numbers. Cached: a typo query asks this of the same few hundred films several
    times over."""
    numbered = frozenset(parsing.compact(k.split()) for k in aliases.numbered_keys(other))
    forms = [parsing.compact(k.split()) for k in (key, *aliases.other_keys(other))]
    return tuple(f for f in forms if f not in numbered), numbered


def closeness(hit: index.Hit, form: str, *, series: bool = True) -> int:
    """0: one of the film's titles is the query; 1: one starts with it; 2: its series
    number is the query ("ice age 4"; not when `series` is off: "hunger games part 2"
    names a title's own part); 3: it matched."""
    forms, numbered = _forms(hit[1], hit[2])
    # Keys drop a leading article; "therock" typed with it is still The Rock's title.
    if form in forms or any(form == article + f for article in ("the", "a", "an") for f in forms):
        return 0
    if any(f.startswith(form) for f in forms):
        return 1
    return 2 if series and form in numbered else 3


def mid_word(hit: index.Hit, form: str) -> bool:
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


def order(hits: list[index.Hit], form: str, limit: int, *, series: bool) -> list[int]:
    """Exact title first, then titles starting with the query (whole words first), then
    popularity (rank)."""
    best: dict[int, tuple[int, bool, int]] = {}
    for hit in hits:
        pk, rank = hit[0], hit[3]
        close = closeness(hit, form, series=series)
        inside = close == 1 and mid_word(hit, form)
        best[pk] = min(best.get(pk, (9, True, rank)), (close, inside, rank))
    return sorted(best, key=best.__getitem__)[:limit]


# Below this popularity (TMDb's scale; IMDb votes / 10,000) a film that only starts with
# the words typed may be a misspelling's accident: "the dark night" → "Dark Night of the
# Scarecrow" rather than The Dark Knight.
OBSCURE = 1.0


def doubtful(hits: list[index.Hit], ids: list[int], form: str, words: int, *, series: bool) -> bool:
    """Whether to look further than the words as typed.

    Yes when no film's title is or starts with them, or when with two words or more
    the best is only a start of an obscure film's title.
    """
    if not ids:
        return True
    top = next(hit for hit in hits if hit[0] == ids[0])
    close = closeness(top, form, series=series)
    if close == 3:
        return True
    return close == 1 and words >= 2 and log_popularity(top[3]) < OBSCURE_LOG


OBSCURE_LOG = math.log10(1 + OBSCURE)
