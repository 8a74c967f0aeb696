"""`manage.py import_imdb DIR`: the IMDb non-commercial dataset files, into the catalogue.

DIR holds title.basics, title.ratings, title.principals, title.crew and name.basics as
IMDb publishes them (`.tsv.gz`, or unpacked `.tsv`). Films (and TV films when
IMPORT_TV_MOVIES is set) are created or updated by IMDb id, with their ratings, genres,
cast and crew, and the people credited on them. Re-running with the same files changes
nothing; a newer download updates what changed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from rich.console import Console
from rich.progress import TaskProgressColumn
from rich.table import Table

from whatsafter.ingest.imdb.loader import ImdbImport, ImdbReport
from whatsafter.ingest.recorded import Tallies, import_run_recorded
from whatsafter.progress import step_bars

SHOWN_REJECTIONS = 20


class Command(BaseCommand):
    help = "Import the IMDb dataset files (title.basics, ratings, principals, crew, name.basics)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="folder holding the IMDb .tsv(.gz) files")

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(file=self.stdout, highlight=False)  # type: ignore[arg-type]
        directory: Path = options["directory"]
        importer: ImdbImport | None = None
        # Batches already merged stay when the run stops (each was a transaction of whole
        # upserts): the failed run counts what was read, and a re-run completes it.
        with (
            import_run_recorded(
                source="imdb",
                arguments=str(directory),
                advice="The catalogue was not changed.",
                so_far=lambda: _tallies(importer.report) if importer else Tallies(),
            ) as recorded,
            step_bars(console, label_width=16, count=TaskProgressColumn()) as progress,
        ):
            importer = ImdbImport(
                directory, tv_movies=getattr(settings, "IMPORT_TV_MOVIES", False), progress=progress
            )
            report = importer.run()
        elapsed = recorded.elapsed()
        tallies = _tallies(report)
        tallies["counts"] = report.total  # counted only once the run is whole
        recorded.succeeded(_message(report, elapsed), **tallies)
        self._summary(console, report, elapsed)

    def _summary(self, console: Console, report: ImdbReport, elapsed: float) -> None:
        for error in report.rejected[:SHOWN_REJECTIONS]:
            console.print(f"[yellow]rejected[/] {error}")
        if report.rejected_count > SHOWN_REJECTIONS:
            console.print(
                f"… and {report.rejected_count - SHOWN_REJECTIONS:,} more "
                "(rejected rows of the import run, in the admin)"
            )
        table = Table(title="IMDb import")
        for column in ("", "inserted", "updated", "unchanged", "skipped", "seconds"):
            table.add_column(column, justify="left" if not column else "right")
        for step, counts in report.loads.items():
            table.add_row(
                step,
                f"{counts.inserted:,}",
                f"{counts.updated:,}",
                f"{counts.unchanged:,}",
                f"{counts.skipped:,}",
                f"{report.seconds.get(step, 0):.1f}",
            )
        console.print(table)
        # Steps that are not a table of their own: where the rest of the time went.
        others = [
            f"{step} {report.seconds[step]:.1f} s"
            for step in ("read", "verdicts", "search index", "list counts")
            if step in report.seconds
        ]
        if others:
            console.print("Also: " + ", ".join(others) + ".")
        if report.cpu_seconds:
            console.print(
                "CPU s: "
                + ", ".join(f"{step} {cpu:.1f}" for step, cpu in report.cpu_seconds.items())
                + ".",
                soft_wrap=True,  # one line, as bench/imdb_bench.py reads it
            )
        read = sum(report.rows_read.values())
        files = ", ".join(f"{kind} {count:,}" for kind, count in report.rows_read.items())
        console.print(f"Rows read: {files}.")
        console.print(f"Matching: {report.matches.summary}.")
        console.print(
            f"[bold]{read:,} rows read, {report.rejected_count:,} rejected, "
            f"{report.verdicts:,} verdicts written in {elapsed:.1f} s "
            f"({read / max(elapsed, 1e-9):,.0f} rows/s; reading "
            f"{report.seconds.get('read', 0):.1f} s).[/]"
        )


def _tallies(report: ImdbReport) -> Tallies:
    return Tallies(
        rejected=report.rejected,
        rejected_count=report.rejected_count,
        rows_read=sum(report.rows_read.values()),
    )


def _message(report: ImdbReport, elapsed: float) -> str:
    parts = [
        f"{step}: +{c.inserted:,} ~{c.updated:,} ={c.unchanged:,}"
        + (f" skipped {c.skipped:,}" if c.skipped else "")
        for step, c in report.loads.items()
    ]
    return "; ".join([*parts, report.matches.summary]) + f"; {elapsed:.1f} s"
