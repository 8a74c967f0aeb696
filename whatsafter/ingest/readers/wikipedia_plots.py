"""The Wikipedia movie plots CSV: Release Year,Title,Origin/Ethnicity,Director,Cast,Genre,
Wiki Page,Plot. A pure generator, like every reader."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from whatsafter.ingest.readers import open_text
from whatsafter.ingest.rows import Row, RowError, SourceFileError

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
csv.field_size_limit(sys.maxsize)


@dataclass(frozen=True)
class WikiPlot:
    year: int
    title: str
    page_url: str
    plot: str


def read(path: Path) -> Iterator[Row[WikiPlot] | RowError]:
    with open_text(path) as text:
        reader = csv.reader(text)
        try:
            header = next(reader)
        except (StopIteration, csv.Error):
            raise SourceFileError(f"{path}: empty or not a CSV file") from None
        if tuple(h.strip() for h in header) != COLUMNS:
            raise SourceFileError(
                f"{path}: not a Wikipedia plots CSV (expected {','.join(COLUMNS)})"
            )
        line = reader.line_num + 1
        for values in reader:
            try:
                if len(values) != len(COLUMNS):
                    raise ValueError(f"{len(values)} cells, expected {len(COLUMNS)}")
                cells = dict(zip(COLUMNS, values, strict=True))
                if (
                    not cells["Release Year"].isdigit()
                    or not 1870 <= int(cells["Release Year"]) <= 2100
                ):
                    raise ValueError(f"Release Year {cells['Release Year']!r} is not a year")
                title, plot = cells["Title"].strip(), " ".join(cells["Plot"].split())
                if not title:
                    raise ValueError("Title is empty")
                if len(plot) < 40:
                    raise ValueError("Plot is missing or too short to summarise")
                url = cells["Wiki Page"].strip()
                yield Row(
                    path.name,
                    line,
                    WikiPlot(
                        int(cells["Release Year"]),
                        title,
                        url if url.startswith("https://") else "",
                        plot,
                    ),
                )
            except ValueError as exc:
                yield RowError(path.name, line, str(exc))
            line = reader.line_num + 1
