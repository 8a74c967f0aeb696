"""The TMDb 5000 export: one film a row, JSON lists embedded in CSV cells."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from whatsafter.ingest.readers import csv_rows
from whatsafter.ingest.rows import Row, RowError

REQUIRED_COLUMNS = (
    "id", "title", "original_title", "original_language", "release_date", "runtime",
    "overview", "tagline", "genres", "keywords", "production_companies", "vote_average",
    "vote_count", "popularity", "homepage",
)  # fmt: skip


@dataclass(frozen=True)
class TmdbMovie:
    tmdb_id: int
    title: str
    original_title: str
    original_language: str
    release_date: dt.date | None
    runtime: int | None
    overview: str
    tagline: str
    homepage: str
    genres: tuple[str, ...]
    keyword_ids: frozenset[int]
    companies: tuple[tuple[int, str], ...]
    vote_average: float | None
    vote_count: int | None
    popularity: float


class BadRow(ValueError):
    pass


def _json_list(cell: str, column: str) -> list[dict[str, object]]:
    try:
        value = json.loads(cell or "[]")
    except json.JSONDecodeError as exc:
        raise BadRow(f"{column} is not a JSON list") from exc
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise BadRow(f"{column} is not a list of objects")
    return value


def _parse(cells: dict[str, str]) -> TmdbMovie:
    try:
        tmdb_id = int(cells["id"])
    except ValueError as exc:
        raise BadRow(f"id {cells['id']!r} is not a number") from exc
    if tmdb_id <= 0:
        raise BadRow(f"id {tmdb_id} is not positive")
    title = cells["title"].strip()
    if not title:
        raise BadRow("title is empty")
    release_date = None
    if cells["release_date"].strip():
        try:
            release_date = dt.date.fromisoformat(cells["release_date"].strip())
        except ValueError as exc:
            raise BadRow(f"release_date {cells['release_date']!r} is not YYYY-MM-DD") from exc
    runtime = None
    if cells["runtime"].strip():
        try:
            minutes = round(float(cells["runtime"]))
        except ValueError as exc:
            raise BadRow(f"runtime {cells['runtime']!r} is not a number") from exc
        # TMDb writes 0 for "not known"; a film has no negative or week-long runtime.
        if minutes < 0 or minutes > 1500:
            raise BadRow(f"runtime {minutes} is out of range")
        runtime = minutes or None
    try:
        vote_count = int(cells["vote_count"] or 0)
        vote_average = float(cells["vote_average"] or 0)
        popularity = float(cells["popularity"] or 0)
    except ValueError as exc:
        raise BadRow(f"a score column is not a number ({exc})") from exc
    if not 0 <= vote_average <= 10 or vote_count < 0:
        raise BadRow(f"vote_average {vote_average} / vote_count {vote_count} out of range")
    companies = []
    for company in _json_list(cells["production_companies"], "production_companies"):
        if isinstance(company.get("id"), int) and isinstance(company.get("name"), str):
            companies.append((int(company["id"]), str(company["name"]).strip()))  # type: ignore[call-overload]
    return TmdbMovie(
        tmdb_id=tmdb_id,
        title=title,
        original_title=cells["original_title"].strip(),
        original_language=cells["original_language"].strip()[:8],
        release_date=release_date,
        runtime=runtime,
        overview=cells["overview"].strip(),
        tagline=cells["tagline"].strip(),
        homepage=cells["homepage"].strip(),
        genres=tuple(
            str(g["name"]) for g in _json_list(cells["genres"], "genres") if g.get("name")
        ),
        keyword_ids=frozenset(
            int(k["id"])  # type: ignore[call-overload]
            for k in _json_list(cells["keywords"], "keywords")
            if isinstance(k.get("id"), int)
        ),
        companies=tuple(companies),
        # No votes means no score yet, not a score of 0.
        vote_average=vote_average if vote_count > 0 else None,
        vote_count=vote_count if vote_count > 0 else None,
        popularity=popularity,
    )


def _header_problem(header: list[str]) -> str | None:
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    return f"not a TMDb movies export, missing columns {', '.join(missing)}" if missing else None


def read(path: Path) -> Iterator[Row[TmdbMovie] | RowError]:
    return csv_rows(path, header_problem=_header_problem, parse=_parse)
