"""wikipedia-movie-data: JSON arrays per decade as published, or the derived JSON lines.

The source is scraped from Wikipedia's "List of American films of YEAR" pages, in their
order. Pages up to 2003 list a year's films alphabetically; from 2004 they list them by
opening date. So a film's place in its year's list is its place in that year's release
order when, and only when, the year's list is not alphabetical: the reader judges each
year of each file (docs/DATA.md, "Release order within a year", has the measurements).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from whatsafter.ingest.readers import json_rows
from whatsafter.ingest.rows import Row, RowError
from whatsafter.normalise import clean_person_name, title_key

# A year's list is alphabetical when the rank correlation between the films' places in it
# and their titles' alphabetical order (title_key: no case, punctuation or leading
# The/A/An) reaches this. Measured on wikipedia-movie-data: every year 1900-2003 is 0.73
# or more (the lowest where a page is split into sub-lists), every year 2004-2023 between
# -0.09 and +0.09, so the middle of the gap. A release-ordered year that looks alphabetical
# by chance is only left unordered, as it was before, never given a false order.
ALPHABETICAL_CORRELATION = 0.5
# Under three films, a list in release order is as likely as not to look alphabetical
# too, and one or two places say nothing about the rest of the year.
FEWEST_FILMS_TO_JUDGE = 3


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
    # Its place among its year's films in the file, 1 the first.
    year_position: int = 0
    # That place when the year's list is in release order (not alphabetical), else None.
    year_release_order: int | None = None


# Style rules the scraper copied from a template's inline CSS into the text ("Naked Gun
# .mw-parser-output .frac{white-space:nowrap}… 33+1/3: The Final Insult"): never a title's.
_TEMPLATE_STYLES = re.compile(r"\s*(?:\.mw-parser-output[^{}]*\{[^{}]*\})+\s*")


def _parse(item: object) -> WikiMovie:
    if not isinstance(item, dict):
        raise ValueError("not a JSON object")
    title = item.get("title")
    if isinstance(title, str):
        title = " ".join(_TEMPLATE_STYLES.sub(" ", title).split())
    if not isinstance(title, str) or not title:
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
        title=title,
        year=year,
        cast=tuple(cast),
        genres=tuple(g for g in genres if isinstance(g, str) and g.strip()),
        page=str(item.get("href") or "")[:255],
        extract=str(item.get("extract") or "").strip(),
        thumbnail=thumbnail,
        dropped_cast=len(raw_cast) - len(cast),
    )


def read(path: Path) -> Iterator[Row[WikiMovie] | RowError]:
    """The file's rows in file order, each film with its place in its year's list. A year
    is judged on all its films, so the whole file is parsed before the first row."""
    return in_year_order(list(json_rows(path, "films", _parse)))


def in_year_order(rows: Sequence[Row[WikiMovie] | RowError]) -> Iterator[Row[WikiMovie] | RowError]:
    """`rows` (one file's, in its order) with each film's place in its year's list, and that
    place as its release order in the years whose list is not alphabetical."""
    by_year: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        if isinstance(row, Row):
            by_year[row.data.year].append(row.data.title)
    in_release_order = {year for year, titles in by_year.items() if in_release_order_list(titles)}
    seen: Counter[int] = Counter()
    for row in rows:
        if isinstance(row, Row):
            movie = row.data
            seen[movie.year] += 1
            place = seen[movie.year]
            ordered = place if movie.year in in_release_order else None
            row = dataclasses.replace(
                row,
                data=dataclasses.replace(movie, year_position=place, year_release_order=ordered),
            )
        yield row


def in_release_order_list(titles: Sequence[str]) -> bool:
    """Whether a year's titles, in list order, are listed by release rather than by name."""
    if len(titles) < FEWEST_FILMS_TO_JUDGE:
        return False
    return alphabetical_correlation(titles) < ALPHABETICAL_CORRELATION


def alphabetical_correlation(titles: Sequence[str]) -> float:
    """Rank correlation of list places and alphabetical order: 1 for an A-Z list."""
    return rank_correlation(range(len(titles)), [title_key(t) for t in titles])


def rank_correlation(xs: Iterable[object], ys: Iterable[object]) -> float:
    """Spearman's rank correlation of two equally long sequences (ties share their mean
    rank); 0 when either holds a single value, which orders nothing. Written here because
    statistics.correlation(method="ranked") arrives only in Python 3.12."""
    rx, ry = _ranks(list(xs)), _ranks(list(ys))
    if len(rx) != len(ry):
        raise ValueError("sequences of different lengths")
    n = len(rx)
    if n < 2:
        return 0.0
    mean = (n - 1) / 2  # of ranks 0..n-1, ties averaged or not
    covariance = sum((a - mean) * (b - mean) for a, b in zip(rx, ry, strict=True))
    spread_x = sum((a - mean) ** 2 for a in rx)
    spread_y = sum((b - mean) ** 2 for b in ry)
    if not spread_x or not spread_y:
        return 0.0
    return float(covariance / (spread_x * spread_y) ** 0.5)


def _ranks(values: list[object]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])  # type: ignore[arg-type,return-value]
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for i in order[start : end + 1]:
            ranks[i] = (start + end) / 2
        start = end + 1
    return ranks
