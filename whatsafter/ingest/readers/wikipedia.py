"""wikipedia-movie-data: JSON arrays per decade as published, or the derived JSON lines."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from whatsafter.ingest.readers import json_rows
from whatsafter.ingest.rows import Row, RowError
from whatsafter.normalise import clean_person_name


@dataclass(frozen=True)
class WikiMovie:
    title: str
    year: int
    cast: tuple[str, ...]
    genres: tuple[str, ...]
    page: str
    extract: str
    thumbnail: str
    # Cast entries dropped as scraper debris (")", "", numbers): counted, not fatal.
    dropped_cast: int


def _parse(item: object) -> WikiMovie:
    if not isinstance(item, dict):
        raise ValueError("not a JSON object")
    title = item.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ValueError("title is missing or empty")
    year = item.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 1870 <= year <= 2100:
        raise ValueError(f"year {year!r} is not a plausible year")
    raw_cast = item.get("cast") or []
    if not isinstance(raw_cast, list):
        raise ValueError("cast is not a list")
    cast: list[str] = []
    for raw in raw_cast:
        name = clean_person_name(raw)
        if name and name not in cast:
            cast.append(name)
    genres = item.get("genres") or []
    thumbnail = item.get("thumbnail") or ""
    if not isinstance(thumbnail, str) or not thumbnail.startswith("https://"):
        thumbnail = ""
    return WikiMovie(
        title=" ".join(title.split()),
        year=year,
        cast=tuple(cast),
        genres=tuple(g for g in genres if isinstance(g, str) and g.strip()),
        page=str(item.get("href") or "")[:255],
        extract=str(item.get("extract") or "").strip(),
        thumbnail=thumbnail,
        dropped_cast=len(raw_cast) - len(cast),
    )


def read(path: Path) -> Iterator[Row[WikiMovie] | RowError]:
    return json_rows(path, "films", _parse)
