"""Build the sample catalogue from data/sample/: read and merge first, then write once.

Reading and merging happen before the first write, so a file that cannot be read stops
the build with the database untouched; the writes run in one transaction, so a failure
part-way leaves nothing half-built either.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from django.db import transaction

from whatsafter.aftercredits.services import EditorScene, editor_scenes_upsert, verdict_refresh
from whatsafter.ingest import mapping, services
from whatsafter.ingest.readers import tmdb_csv, vega, wikipedia
from whatsafter.ingest.rows import Row, RowError, SourceFileError
from whatsafter.search.services import search_index_refresh
from whatsafter.utils import Counts

TMDB_FILE = "tmdb_5000_movies.csv.gz"
WIKIPEDIA_FILE = "wikipedia-movies.jsonl.gz"
VEGA_FILE = "vega-movies.jsonl.gz"
EDITOR_FILE = "editor_scenes.json"

T = TypeVar("T")


@dataclass
class SampleReport:
    rows_read: dict[str, int] = field(default_factory=dict)
    rejected: list[RowError] = field(default_factory=list)
    matches: dict[str, mapping.MatchReport] = field(default_factory=dict)
    loads: dict[str, Counts] = field(default_factory=dict)
    dropped_cast_names: int = 0
    films: int = 0


def _split(rows: Iterator[Row[T] | RowError], report: SampleReport, name: str) -> list[Row[T]]:
    good: list[Row[T]] = []
    for row in rows:
        if isinstance(row, RowError):
            report.rejected.append(row)
        else:
            good.append(row)
    report.rows_read[name] = len(good) + sum(1 for e in report.rejected if e.file == name)
    return good


def read_editor_scenes(path: Path) -> list[EditorScene]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        return [
            EditorScene(
                tmdb_id=int(film["tmdb_id"]),
                position=str(scene["position"]),
                description=str(scene["description"]),
                kind=str(scene.get("kind", "story")),
                sets_up_sequel=bool(scene.get("sets_up_sequel", False)),
            )
            for film in document["films"]
            for scene in film["scenes"]
            if scene["position"] in ("during", "between", "after")
        ]
    except FileNotFoundError:
        raise SourceFileError(f"{path}: no such file") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise SourceFileError(f"{path}: not an editor scenes file ({exc!r})") from exc


def build(
    directory: Path,
    *,
    as_of: dt.date | None = None,
    progress: Callable[[str, int], None] = lambda step, n: None,
) -> SampleReport:
    """Read, merge and load the sample; raises SourceFileError before writing anything."""
    report = SampleReport()
    as_of = as_of or dt.date.today()
    tmdb_rows = _split(tmdb_csv.read(directory / TMDB_FILE), report, TMDB_FILE)
    wiki_rows = _split(wikipedia.read(directory / WIKIPEDIA_FILE), report, WIKIPEDIA_FILE)
    vega_rows = _split(vega.read(directory / VEGA_FILE), report, VEGA_FILE)
    editor_scenes = read_editor_scenes(directory / EDITOR_FILE)
    report.dropped_cast_names = sum(row.data.dropped_cast for row in wiki_rows)

    drafts, report.matches["wikipedia → tmdb"] = mapping.merge_wikipedia(
        [mapping.movie_from_tmdb(row.data) for row in tmdb_rows], wiki_rows
    )
    report.matches["vega → catalogue"] = mapping.attach_vega(drafts, vega_rows)
    report.films = len(drafts)

    with transaction.atomic():
        movie_ids, report.loads["films"] = services.movies_upsert(
            drafts=drafts, as_of=as_of, progress=progress
        )
        report.loads["links"] = services.movie_links_upsert(
            drafts=drafts, movie_ids=movie_ids, progress=progress
        )
        report.loads["ratings"] = services.ratings_upsert(
            drafts=drafts, movie_ids=movie_ids, as_of=as_of
        )
        report.loads["keyword evidence"] = services.keyword_evidence_upsert(
            drafts=drafts, movie_ids=movie_ids
        )
        _, report.loads["editor scenes"] = editor_scenes_upsert(scenes=editor_scenes)
        verdict_refresh(movie_ids=movie_ids)
        progress("verdicts", len(movie_ids))
        search_index_refresh()
        progress("search index", len(movie_ids))
    return report
