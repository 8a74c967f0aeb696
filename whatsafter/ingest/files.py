"""Imports of one source file into the existing catalogue, shared by `import` and the sample.

Each reads and validates the whole file first (nothing is written if it cannot be read),
then writes in one transaction through the same batched upserts as the sample build.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from django.db import transaction

from whatsafter.aftercredits.services import verdict_refresh
from whatsafter.ingest import mapping, services
from whatsafter.ingest.readers import tmdb_csv, vega, wikipedia
from whatsafter.ingest.rows import Row, RowError
from whatsafter.ingest.selectors import catalogue_drafts
from whatsafter.search.services import search_index_refresh
from whatsafter.utils import Counts

T = TypeVar("T")


@dataclass
class FileReport:
    rows_read: int = 0
    rejected: list[RowError] = field(default_factory=list)
    match: mapping.MatchReport | None = None
    films: Counts = field(default_factory=Counts)
    other: dict[str, Counts] = field(default_factory=dict)


def _good_rows(rows: Iterable[Row[T] | RowError], report: FileReport) -> list[Row[T]]:
    good: list[Row[T]] = []
    for row in rows:
        report.rows_read += 1
        if isinstance(row, RowError):
            report.rejected.append(row)
        else:
            good.append(row)
    return good


def _write(
    drafts: list[mapping.MovieDraft], report: FileReport, *, ratings_only: bool = False
) -> None:
    as_of = dt.date.today()
    with transaction.atomic():
        ids, report.films = services.movies_upsert(drafts=drafts, as_of=as_of)
        if not ratings_only:
            report.other["links"] = services.movie_links_upsert(drafts=drafts, movie_ids=ids)
            report.other["keyword evidence"] = services.keyword_evidence_upsert(
                drafts=drafts, movie_ids=ids
            )
        report.other["ratings"] = services.ratings_upsert(drafts=drafts, movie_ids=ids, as_of=as_of)
        verdict_refresh(movie_ids=ids)
        search_index_refresh()


def import_tmdb_csv(paths: list[Path]) -> FileReport:
    report = FileReport()
    rows = [r for path in paths for r in _good_rows(tmdb_csv.read(path), report)]
    _write([mapping.movie_from_tmdb(r.data) for r in rows], report)
    return report


def import_wikipedia(paths: list[Path]) -> FileReport:
    report = FileReport()
    rows = [r for path in paths for r in _good_rows(wikipedia.read(path), report)]
    drafts, report.match = mapping.merge_wikipedia(catalogue_drafts(), rows)
    # Only films this file matched or added; the rest of the catalogue is not its business.
    _write([d for d in drafts if d.field_sources], report)
    return report


def import_vega(paths: list[Path]) -> FileReport:
    report = FileReport()
    rows = [r for path in paths for r in _good_rows(vega.read(path), report)]
    drafts = catalogue_drafts()
    report.match = mapping.attach_vega(drafts, rows)
    touched = [d for d in drafts if d.ratings or d.field_sources]
    _write(touched, report, ratings_only=True)
    return report
