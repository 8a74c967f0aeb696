"""Understanding what someone typed: a title, maybe a year, maybe misspelt. Pure."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import jellyfish
from rapidfuzz import fuzz, process

from whatsafter.normalise import fold, title_key

_NON_WORD = re.compile(r"[^0-9a-z]+")
_YEAR = re.compile(r"(?:^|\s)\(?((?:18[89]|19\d|20\d)\d)\)?\s*$")


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    key: str
    year: int | None

    @property
    def tokens(self) -> list[str]:
        return self.key.split()


def parse(raw: str) -> ParsedQuery:
    """'dune (1984)' → key 'dune', year 1984; a title that is only a year stays a title."""
    text = " ".join(raw.split())[:200]
    year = None
    match = _YEAR.search(text)
    if match and title_key(text[: match.start()]):
        year = int(match.group(1))
        text = text[: match.start()].strip()
    return ParsedQuery(text=text, key=title_key(text), year=year)


def name_key(name: str) -> str:
    """A person's name folded like a title key (accents, case, punctuation), articles kept."""
    return _NON_WORD.sub(" ", fold(name)).strip()


# Metaphone keys of candidate words: a query compares the same few thousand words several
# times over (each unknown word, each known one, a name's readings), and the key of a
# word never changes.
_sound = functools.lru_cache(maxsize=65_536)(jellyfish.metaphone)


def by_length(vocabulary: Iterable[str]) -> dict[int, list[str]]:
    """The words of `vocabulary` by their length: what closest_words compares a word with
    is those within two letters of its length, found without a pass over all of them."""
    lengths: dict[int, list[str]] = {}
    for known in vocabulary:
        lengths.setdefault(len(known), []).append(known)
    return lengths


_NON_WORD_OR_LINE = re.compile(r"[^0-9a-z\n]+")


def name_keys(names: list[str]) -> list[str]:
    """name_key of each name, cleaned as one text: one regex pass over a chunk of names
    instead of a call each (a first index build keys 1.8M people at 5M IMDb titles).
    A newline cannot be in a key, so it separates the names; a name holding one is
    keyed on its own."""
    joined = "\n".join(names)
    if not names or joined.count("\n") != len(names) - 1:
        return [name_key(name) for name in names]
    folded = joined.lower() if joined.isascii() else "\n".join(map(fold, names))
    return list(map(str.strip, _NON_WORD_OR_LINE.sub(" ", folded).split("\n")))


def closest_words(
    word: str,
    vocabulary: Iterable[str],
    limit: int = 3,
    common: dict[str, int] | None = None,
    *,
    lengths: dict[int, list[str]] | None = None,
) -> list[str]:
    """Known words a typo most likely meant, closest first.

    A slip of the fingers keeps the first letter and the length within two (Indel ratio
    ≥ 75, rapidfuzz); a sound-alike may change the first letter ("fone") when its metaphone
    key (jellyfish) is the same, and a first letter dropped or added ("hole" for "whole")
    counts too. `lengths`: `by_length(vocabulary)`, when the caller asks about several
    words of one vocabulary.
    """
    if len(word) < 3:
        return []
    sound = _sound(word)
    if lengths is None:
        lengths = by_length(vocabulary)
    candidates = [
        k for n in range(len(word) - 2, len(word) + 3) for k in lengths.get(n, ()) if k != word
    ]
    scored: list[tuple[float, str]] = []
    # rapidfuzz scores the whole list in C; only the few above the cut-off are looked at.
    for known, score, _ in process.extract(
        word, candidates, scorer=fuzz.ratio, score_cutoff=60, limit=None
    ):
        if (known[0] == word[0] and score >= 75) or known[1:] == word or word[1:] == known:
            scored.append((score, known))
        elif _sound(known) == sound:
            scored.append((score - 5, known))
    # Equally close: the word in more titles first ("star" before "stax" for "stay"); the
    # order is total, so it does not depend on the order candidates came in.
    counts = common or {}
    scored.sort(key=lambda pair: (-pair[0], -counts.get(pair[1], 0), pair[1]))
    return [known for _, known in scored[:limit]]


def vocabulary_wanted(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Which words to look up for correcting `tokens`, and which metaphone keys.

    The tokens themselves, neighbours run together ("end game"), every two-way split of a
    token ("spiderman" → "spider" + "man") and the token with a first letter added or
    dropped.
    """
    words: dict[str, None] = dict.fromkeys(tokens)
    for a, b in itertools.pairwise(tokens):
        words[a + b] = None
    for token in tokens:
        if len(token) >= 4:
            for i in range(1, len(token)):
                words[token[:i]] = words[token[i:]] = None
        if len(token) >= 3:
            words[token[1:]] = None
            for letter in "abcdefghijklmnopqrstuvwxyz":
                words[letter + token] = None
    sounds = sorted({jellyfish.metaphone(t) for t in tokens if len(t) >= 3} - {""})
    return list(words), sounds


def _splits(token: str, vocabulary: set[str]) -> list[str]:
    """'spiderman' → 'spider man': two known words, the most even cut first."""
    cuts = [
        (token[:i], token[i:])
        for i in range(1, len(token))
        if token[:i] in vocabulary and token[i:] in vocabulary
    ]
    cuts.sort(key=lambda cut: -min(len(cut[0]), len(cut[1])))
    return [f"{a} {b}" for a, b in cuts[:1]]


# Words too common to tell titles apart.
STOPWORDS = frozenset({"the", "a", "an", "of", "and", "in", "on", "to", "for", "at", "s", "is"})
# Words people add to a title when they search for it ("alien movie", "... the movie").
_SEARCH_WORDS = {"movie", "film", "the"}
# Words around a name that ask for someone's films: "tom cruise movies", "films with
# meryl streep", "movies starring denzel washington".
_FILMS_OF = {"movie", "movies", "film", "films", "filmography", "with", "starring", "by"}


def name_asked(tokens: list[str]) -> list[str]:
    """The name in a query that asks for someone's films (empty when it does not)."""
    start, end = 0, len(tokens)
    while start < end and tokens[start] in _FILMS_OF:
        start += 1
    while end > start and tokens[end - 1] in _FILMS_OF:
        end -= 1
    name = tokens[start:end]
    # One word only if it can be a surname ("dicaprio movies"), not "the" or "new".
    long_enough = len(name) >= 2 or (len(name) == 1 and len(name[0]) >= 4)
    return name if long_enough and len(name) < len(tokens) else []


def readings(
    tokens: list[str], vocabulary: set[str], common: dict[str, int]
) -> Iterator[list[str]]:
    """Other readings of what was typed, most likely first.

    Words joined ("end game") or split ("spiderman"); "movie"/"film" dropped from the end;
    unknown words replaced by their closest known words (the three closest each, more
    frequent first among equals); unknown words left out; a possessive split off
    ("oceans" → "ocean s"); a known word swapped for a close one (a misspelling that is a
    real word, "hole" for "whole"); then each word left out in turn (one wrong word among
    several right ones). A generator: callers stop after a few, and the later readings
    cost the most to work out.
    """
    seen: list[list[str]] = [tokens]

    def new(reading: list[str]) -> bool:
        if not reading or reading in seen:
            return False
        seen.append(reading)
        return True

    joined: list[str] = []
    i = 0
    while i < len(tokens):
        pair = tokens[i] + tokens[i + 1] if i + 1 < len(tokens) else ""
        if pair and pair in vocabulary:
            joined.append(pair)
            i += 2
        else:
            joined.append(tokens[i])
            i += 1
    reading = joined
    if new(reading):
        yield reading
    split: list[str] = []
    for token in joined:
        parts = [] if token in vocabulary or len(token) < 4 else _splits(token, vocabulary)
        split.extend((parts[0] if parts else token).split())
    reading = split
    if new(reading):
        yield reading
    trimmed = tokens[:]
    while len(trimmed) > 1 and trimmed[-1] in _SEARCH_WORDS:
        trimmed.pop()
    reading = trimmed
    if new(reading):
        yield reading
    unknown = [i for i, t in enumerate(split) if t not in vocabulary]
    lengths = by_length(vocabulary)
    options = {i: closest_words(split[i], (), 3, common, lengths=lengths) for i in unknown}
    best = [options[i][0] if options.get(i) else t for i, t in enumerate(split)]
    reading = best
    if new(reading):
        yield reading
    for i in unknown:
        for word in options[i][1:]:
            reading = [*best[:i], word, *best[i + 1 :]]
            if new(reading):
                yield reading
    if len(split) >= 2:
        for i in unknown:
            reading = split[:i] + split[i + 1 :]
            if new(reading):
                yield reading
    for i, token in enumerate(tokens):
        if len(token) > 3 and token.endswith("s") and token[:-1] in vocabulary:
            reading = [*tokens[:i], token[:-1], "s", *tokens[i + 1 :]]
            if new(reading):
                yield reading
    for i in sorted(range(len(tokens)), key=lambda i: -len(tokens[i])):
        if i not in unknown:
            # (closest_words never offers the word itself.)
            for word in closest_words(tokens[i], (), 2, common, lengths=lengths):
                reading = [*tokens[:i], word, *tokens[i + 1 :]]
                if new(reading):
                    yield reading
    if len(tokens) >= 2:
        for i in reversed(range(len(tokens))):
            reading = tokens[:i] + tokens[i + 1 :]
            if new(reading):
                yield reading


# -- one spelling for numbering and abbreviations ---------------------------------

# Roman numerals as sequel numbers ("Rocky II"); "i" only after a numbering word
# ("Episode I": elsewhere it is the pronoun), and "v"/"x" only after another word ("V for
# Vendetta", "X-Men"); a "v" between two words is "versus" ("Batman v Superman").
_ROMAN = {
    "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6", "vii": "7", "viii": "8",
    "ix": "9", "x": "10", "xi": "11", "xii": "12", "xiii": "13",
}  # fmt: skip
_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
    "thirteen": "13",
}  # fmt: skip
# Ordinals name a sequel only after "the" or a numbering word: "Shrek the Third",
# "Captain America: The First Avenger", "Part the Second"; "First Blood" stays a word.
ORDINALS = {
    "first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5", "sixth": "6",
    "seventh": "7", "eighth": "8", "ninth": "9", "tenth": "10", "eleventh": "11",
    "twelfth": "12",
}  # fmt: skip
# Long forms to the short ones people type; both sides of a comparison are folded alike.
_ABBREVIATIONS = {
    "doctor": "dr", "saint": "st", "mister": "mr", "missus": "mrs", "versus": "vs",
    "sergeant": "sgt", "mount": "mt", "junior": "jr", "volume": "part", "pt": "part",
    "chapter": "part", "episode": "part", "vol": "part", "number": "no",
}  # fmt: skip
# Words that only say "the next number is a sequel number": "Part Two", "Vol. 2".
_NUMBERING = {"part"}


def numbering_typed(tokens: list[str]) -> bool:
    """Whether the query says "part", "episode", "vol." …: it names a title's own number."""
    return any(_ABBREVIATIONS.get(t, t) in _NUMBERING for t in tokens)


def _canonical_word(tokens: list[str], i: int, previous: str) -> str:
    """One word's canonical spelling; `previous` is the canonical word before it."""
    word = _ABBREVIATIONS.get(tokens[i], tokens[i])
    # Number words only after another word: "Ocean's Eleven", not "One Dark Night".
    if word in _NUMBER_WORDS and i > 0:
        return _NUMBER_WORDS[word]
    if word in ORDINALS and previous in ("the", *_NUMBERING):
        return ORDINALS[word]
    if word == "i" and previous in _NUMBERING:
        return "1"
    if word == "v" and 0 < i < len(tokens) - 1 and previous not in _NUMBERING:
        return "vs"
    if word in _ROMAN and (len(word) > 1 or i > 0):
        return _ROMAN[word]
    return word


def _canonical_words(tokens: list[str]) -> list[str]:
    words: list[str] = []
    for i in range(len(tokens)):
        words.append(_canonical_word(tokens, i, words[-1] if words else ""))
    return words


def acronyms(tokens: list[str]) -> list[str]:
    """Runs of single letters joined: "E.T." is "e t" as words and "et" as people type it.

    Titles spell initials with dots ("L.A. Confidential", "S.W.A.T."), which split into
    one-letter words; the index also stores each run as one word so "et" and "swat" match.
    """
    runs: list[str] = []
    run = ""
    for token in [*tokens, ""]:
        if len(token) == 1 and token.isalpha():
            run += token
            continue
        if len(run) > 1:
            runs.append(run)
        run = ""
    return runs


def alternatives(tokens: list[str]) -> list[list[str]]:
    """Per word of a query: the word as typed, then its canonical spelling if different.

    A numbering word followed by a number ("part 2", "vol. ii") drops out: titles are
    indexed with their canonical words too, so "godfather 2" and "godfather part ii"
    both find "The Godfather: Part II".
    """
    words = _canonical_words(tokens)
    kept: list[list[str]] = []
    for i, (token, word) in enumerate(zip(tokens, words, strict=True)):
        if word in _NUMBERING and i + 1 < len(words) and words[i + 1].isdigit():
            continue
        kept.append([token] if word == token else [token, word])
    return kept


# Every word _canonical_word or alternatives may change or drop.
# Every word _canonical_word may respell ("i" only after a numbering word).
_RESPELT = (
    frozenset(_ABBREVIATIONS) | frozenset(_NUMBER_WORDS) | frozenset(_ROMAN)
    | frozenset(ORDINALS) | _NUMBERING | {"i"}
)  # fmt: skip


def canonical(tokens: list[str]) -> list[str]:
    """Title words in one spelling: 'part two' / 'pt ii' / 'vol 2' → '2', 'doctor' → 'dr'.

    Applied to titles when indexing and to queries when searching, so either spelling
    finds the other.
    """
    if _RESPELT.isdisjoint(tokens):
        # Most titles: no word to respell. Indexing calls this a few times per film, and
        # the full pass cost 4 s of an IMDb import at a million titles.
        return list(tokens)
    return [options[-1] for options in alternatives(tokens)]


# A lone "s" after a word: a possessive that a reading split off ("oceans" → "ocean s").
_SPLIT_POSSESSIVE = re.compile(r"(?<=[0-9a-z]) s\b")


def written(reading: str) -> str:
    """A reading as a person writes it, for "showing results for …": 'harry potter sorcerer
    s stone' → 'harry potter sorcerer's stone'. For display only; the reading's words
    themselves are what ranking compares."""
    return _SPLIT_POSSESSIVE.sub("'s", reading)


def compact(tokens: list[str]) -> str:
    """The canonical words run together: 'spider man' and 'spiderman' agree."""
    return "".join(canonical(tokens))
