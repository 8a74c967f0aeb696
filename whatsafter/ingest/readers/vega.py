"""vega-datasets movies.json: box office and ratings, with known deliberate errors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from whatsafter.ingest.readers import json_rows
from whatsafter.ingest.rows import Row, RowError


@dataclass(frozen=True)
class VegaMovie:
    title: str
    release_date: dt.date
    imdb_rating: float | None
    imdb_votes: int | None
    rotten_tomatoes: int | None
    mpaa_rating: str
    running_time: int | None


def _number(item: dict[str, object], key: str) -> float | None:
    value = item.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{key} {value!r} is not a number")
    return float(value)


def _parse(item: object) -> VegaMovie:
    if not isinstance(item, dict):
        raise ValueError("not a JSON object")
    title = item.get("Title")
    # Some titles are numbers in the file (e.g. 1776 as an int).
    if isinstance(title, int | float) and not isinstance(title, bool):
        title = str(int(title))
    if not isinstance(title, str) or not title.strip():
        raise ValueError("Title is missing")
    raw_date = item.get("Release Date")
    try:
        release_date = dt.datetime.strptime(str(raw_date), "%b %d %Y").date()
    except ValueError as exc:
        raise ValueError(f"Release Date {raw_date!r} is not like 'Sep 15 2010'") from exc
    imdb_rating = _number(item, "IMDB Rating")
    imdb_votes = _number(item, "IMDB Votes")
    rotten = _number(item, "Rotten Tomatoes Rating")
    running = _number(item, "Running Time min")
    if imdb_rating is not None and not 0 < imdb_rating <= 10:
        raise ValueError(f"IMDB Rating {imdb_rating} is outside 0-10")
    if imdb_votes is not None and imdb_votes < 0:
        raise ValueError(f"IMDB Votes {imdb_votes} is negative")
    if rotten is not None and not 0 <= rotten <= 100:
        raise ValueError(f"Rotten Tomatoes Rating {rotten} is outside 0-100")
    if running is not None and not 0 < running < 1500:
        raise ValueError(f"Running Time min {running} is out of range")
    mpaa = item.get("MPAA Rating")
    return VegaMovie(
        title=" ".join(title.split()),
        release_date=release_date,
        imdb_rating=imdb_rating,
        # A rating without votes keeps an unknown count, never 0.
        imdb_votes=int(imdb_votes) if imdb_votes else None,
        rotten_tomatoes=int(rotten) if rotten is not None else None,
        mpaa_rating=mpaa.strip()[:16] if isinstance(mpaa, str) and mpaa != "Not Rated" else "",
        running_time=int(running) if running else None,
    )


def read(path: Path) -> Iterator[Row[VegaMovie] | RowError]:
    return json_rows(path, "films", _parse)
