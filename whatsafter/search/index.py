"""An in-memory title index per process, rebuilt when the catalogue changes.

At the sample's scale (tens of thousands of films) a scan of normalised titles in memory
answers in milliseconds on SQLite and PostgreSQL alike, and handles accents, punctuation
and typos the same way on both. A catalogue of millions needs the database's own text
search; that is the open part of the search issue (docs/DECISIONS.md).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.db.models import Count, Max

from whatsafter.catalog.models import Movie
from whatsafter.ingest.normalise import title_key


@dataclass(frozen=True)
class Entry:
    movie_id: int
    key: str
    year: int | None
    popularity: float


@dataclass(frozen=True)
class TitleIndex:
    stamp: tuple[object, ...]
    entries: list[Entry]
    vocabulary: set[str]


_lock = threading.Lock()
_current: TitleIndex | None = None


def _stamp() -> tuple[object, ...]:
    summary = Movie.objects.aggregate(n=Count("id"), last=Max("updated_at"), top=Max("id"))
    return (summary["n"], summary["last"], summary["top"])


def title_index() -> TitleIndex:
    """The index, rebuilt only when films were added, removed or changed since."""
    global _current
    stamp = _stamp()
    if _current is not None and _current.stamp == stamp:
        return _current
    with _lock:
        entries = [
            Entry(pk, title_key(title), year, popularity)
            for pk, title, year, popularity in Movie.objects.values_list(
                "id", "title", "year", "popularity"
            ).iterator(chunk_size=5000)
        ]
        vocabulary = {word for entry in entries for word in entry.key.split()}
        _current = TitleIndex(stamp, entries, vocabulary)
        return _current


def forget() -> None:
    """Drop the cached index (tests; the stamp check already catches real changes)."""
    global _current
    _current = None
