"""Title normalisation for matching films across sources. Pure functions."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")
_LEADING_ARTICLE = re.compile(r"^(the|a|an) ")


def fold(text: str) -> str:
    """Lower case without accents: 'Amélie' → 'amelie'.

    Most titles and names are plain ASCII, where decomposing and filtering character by
    character changes nothing; skipping it makes indexing millions of names 4x faster.
    """
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def title_key(title: str) -> str:
    """A key on which 'The Avengers', 'Avengers, The' and 'the avengers!' agree.

    Accents, case, punctuation and a leading article do not tell films apart across
    sources; words and numbers do.
    """
    text = fold(title)
    text = text.replace("&", " and ")
    if text.endswith(", the"):
        text = "the " + text[: -len(", the")]
    text = _NON_WORD.sub(" ", text).strip()
    return _LEADING_ARTICLE.sub("", text)


# One name per genre across sources, TMDb's and IMDb's (the catalogue's first source and
# its largest): the Wikipedia lists say "Animated", "Historical", "Sports" (and sometimes
# "Sport") and IMDb "Sci-Fi" for the genres TMDb calls Animation, History and Science
# Fiction, and IMDb Sport. Two names for one genre split a genre filter's films in two.
GENRE_NAMES = {
    "Animated": "Animation",
    "Historical": "History",
    "Sports": "Sport",
    "Sci-Fi": "Science Fiction",
}


def genre_name(name: str) -> str:
    """The catalogue's name for a source's genre name: 'Animated' → 'Animation'."""
    return GENRE_NAMES.get(name, name)


MAX_QUERY_LENGTH = 200


def normalised_query(query: str) -> str:
    """What someone typed, with runs of spaces folded and cut to a sane length."""
    return " ".join(query.split())[:MAX_QUERY_LENGTH]


def clean_person_name(raw: object) -> str | None:
    """A credit name worth a person page, or None for scraper debris like ')' or ''."""
    if not isinstance(raw, str):
        return None
    name = " ".join(raw.split())
    if len(name) < 2 or len(name) > 120 or not any(ch.isalpha() for ch in name):
        return None
    return name


def web_url(url: str | None) -> str:
    """The URL when it is an http(s) address, else "".

    Imported links (posters, offers, plot sources) end up in href and src attributes and in
    JSON-LD; a `javascript:` or `data:` link there would run or inject on a click. The
    Content-Security-Policy blocks them too; this keeps them out of the markup at all.
    """
    text = (url or "").strip()
    scheme = text.split(":", 1)[0].lower() if ":" in text else ""
    return text if scheme in ("http", "https") and "//" in text[:8] else ""
