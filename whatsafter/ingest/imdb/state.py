"""The state one IMDb import carries from reading to merging, and its report."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from whatsafter.ingest.imdb.reader import IdSet, SourceFile, find_files
from whatsafter.ingest.rows import RowError
from whatsafter.utils import Counts

Progress = Callable[[str, int, int | None], None]

# Rejections kept to store as RejectedRow; past this they are only counted, so a file
# that is garbage from line 2 costs a message, not a million rows.
MAX_STORED_REJECTIONS = 10_000
PROGRESS_EVERY = 0xFFFF  # lines between progress updates (a power of two minus one)
PROVENANCE = "imdb-datasets"
TAB = b"\t"


def _no_progress(step: str, advance: int, total: int | None) -> None:
    return None


@dataclass
class MatchCounts:
    """What title matching did in one run (match.py)."""

    films_merged: int = 0  # IMDb titles attached to a catalogue film that had no id
    films_held: int = 0  # titles held for an editor (open reviews, this run's included)
    reviews_opened: int = 0
    people_merged: int = 0  # people known by name only who got their IMDb id

    @property
    def summary(self) -> str:
        return (
            f"{self.films_merged:,} films merged by title, {self.films_held:,} held for "
            f"review ({self.reviews_opened:,} new reviews), {self.people_merged:,} people "
            "matched by name"
        )


@dataclass
class ImdbReport:
    rows_read: dict[str, int] = field(default_factory=dict)
    rejected: list[RowError] = field(default_factory=list)
    rejected_count: int = 0
    loads: dict[str, Counts] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    # The process's CPU time per step (SQLite's work included: it runs in-process). On a
    # machine shared with other work the wall times stretch with the load, these far less.
    cpu_seconds: dict[str, float] = field(default_factory=dict)
    verdicts: int = 0
    matches: MatchCounts = field(default_factory=MatchCounts)

    @property
    def total(self) -> Counts:
        total = Counts()
        for counts in self.loads.values():
            total.absorb(counts)
        return total


def film_kinds(*, tv_movies: bool) -> frozenset[bytes]:
    return frozenset({b"movie", b"tvMovie"} if tv_movies else {b"movie"})


class ImportState:
    """What reading leaves for merging: id bitmaps, staged counts, key ranges, the report."""

    def __init__(
        self, directory: Path, *, tv_movies: bool, progress: Progress = _no_progress
    ) -> None:
        self.files = find_files(directory)
        self.kinds = film_kinds(tv_movies=tv_movies)
        self.merge_batch = max(1, int(getattr(settings, "IMDB_MERGE_BATCH", 200_000)))
        self.progress = progress
        self.report = ImdbReport()
        self.films = IdSet()  # titles staged as films
        self.people = IdSet()  # people credited on them
        self.found = IdSet()  # people staged from name.basics
        self.genres: set[str] = set()
        self.staged: dict[str, int] = {}
        self.bounds: dict[str, tuple[int, int]] = {}
        self.seq = 0  # running key of s_credit across principals and crew
        self.credits = Counts()
        self.now = timezone.now()

    # -- bookkeeping ---------------------------------------------------------------

    def _reject(self, source: SourceFile, line: int, reason: str) -> None:
        self.report.rejected_count += 1
        if len(self.report.rejected) < MAX_STORED_REJECTIONS:
            self.report.rejected.append(RowError(source.name, line, reason))

    def _skipped_or_rejected(self, source: SourceFile, line: int, reason: str) -> int:
        """A mapping's refusal: "" is a well-formed row the catalogue has no place for
        (counted as skipped: returns 1), any other reason a rejection (returns 0)."""
        if reason:
            self._reject(source, line, reason)
            return 0
        return 1

    @contextmanager
    def _timed(self, step: str) -> Iterator[None]:
        started, cpu = time.perf_counter(), time.process_time()
        yield
        seconds, cpu_seconds = self.report.seconds, self.report.cpu_seconds
        seconds[step] = seconds.get(step, 0.0) + time.perf_counter() - started
        cpu_seconds[step] = cpu_seconds.get(step, 0.0) + time.process_time() - cpu
