"""The Wikipedia movie plots CSV: Release Year,Title,Origin/Ethnicity,Director,Cast,Genre,
Wiki Page,Plot. A pure generator, like every reader."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from whatsafter.ingest.readers import csv_rows
from whatsafter.ingest.rows import Row, RowError

COLUMNS = (
    "Release Year",
    "Title",
    "Origin/Ethnicity",
    "Director",
    "Cast",
    "Genre",
    "Wiki Page",
    "Plot",
)


@dataclass(frozen=True)
class WikiPlot:
    year: int
    title: str
    page_url: str
    plot: str


def _header_problem(header: list[str]) -> str | None:
    if tuple(header) == COLUMNS:
        return None
    return f"not a Wikipedia plots CSV (expected {','.join(COLUMNS)})"


def _parse(cells: dict[str, str]) -> WikiPlot:
    year = cells["Release Year"]
    if not year.isdigit() or not 1870 <= int(year) <= 2100:
        raise ValueError(f"Release Year {year!r} is not a year")
    title, plot = cells["Title"].strip(), " ".join(cells["Plot"].split())
    if not title:
        raise ValueError("Title is empty")
    if len(plot) < 40:
        raise ValueError("Plot is missing or too short to summarise")
    url = cells["Wiki Page"].strip()
    return WikiPlot(int(year), title, url if url.startswith("https://") else "", plot)


def read(path: Path) -> Iterator[Row[WikiPlot] | RowError]:
    return csv_rows(path, header_problem=_header_problem, parse=_parse)
