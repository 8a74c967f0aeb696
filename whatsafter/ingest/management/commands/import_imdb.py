"""`manage.py import_imdb DIR`: the IMDb non-commercial dataset files, into the catalogue.

DIR holds title.basics, title.ratings, title.principals, title.crew and name.basics as
IMDb publishes them (`.tsv.gz`, or unpacked `.tsv`). Films (and TV films when
IMPORT_TV_MOVIES is set) are created or updated by IMDb id, with their ratings, genres,
cast and crew, and the people credited on them. Re-running with the same files changes
nothing; a newer download updates what changed.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import TaskProgressColumn
from rich.table import Table

from whatsafter.ingest.imdb.loader import ImdbImport, ImdbReport
from whatsafter.ingest.models import ImportRun
from whatsafter.ingest.rows import SourceFileError
from whatsafter.ingest.services import import_run_finish, import_run_start
from whatsafter.progress import step_bars

SHOWN_REJECTIONS = 20


class Command(BaseCommand):
    help = "Import the IMDb dataset files (title.basics, ratings, principals, crew, name.basics)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="folder holding the IMDb .tsv(.gz) files")

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(file=self.stdout, highlight=False)  # type: ignore[arg-type]
        directory: Path = options["directory"]
        run = import_run_start(source="imdb", arguments=str(directory))
        started = time.monotonic()
        importer: ImdbImport | None = None
        with step_bars(console, label_width=16, count=TaskProgressColumn()) as progress:
            try:
                importer = ImdbImport(
                    directory,
                    tv_movies=getattr(settings, "IMPORT_TV_MOVIES", False),
                    progress=progress,
                )
                report = importer.run()
            except SourceFileError as exc:
                self._fail(run, str(exc), importer.report if importer else None)
                raise CommandError(f"{exc}. The catalogue was not changed.") from exc
            except BaseException as exc:
                # KeyboardInterrupt included: batches already merged stay (each was a
                # transaction of whole upserts); a re-run completes the import.
                self._fail(run, repr(exc), importer.report if importer else None)
                raise
        elapsed = time.monotonic() - started
        import_run_finish(
            run=run,
            status=ImportRun.Status.SUCCEEDED,
            message=_message(report, elapsed),
            rejected=report.rejected,
            rejected_count=report.rejected_count,
            rows_read=sum(report.rows_read.values()),
            counts=report.total,
        )
        self._summary(console, report, elapsed)

    def _fail(self, run: ImportRun, message: str, report: ImdbReport | None) -> None:
        import_run_finish(
            run=run,
            status=ImportRun.Status.FAILED,
            message=message,
            rejected=report.rejected if report else (),
            rejected_count=report.rejected_count if report else None,
            rows_read=sum(report.rows_read.values()) if report else None,
        )

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


def _message(report: ImdbReport, elapsed: float) -> str:
    parts = [
        f"{step}: +{c.inserted:,} ~{c.updated:,} ={c.unchanged:,}"
        + (f" skipped {c.skipped:,}" if c.skipped else "")
        for step, c in report.loads.items()
    ]
    return "; ".join([*parts, report.matches.summary]) + f"; {elapsed:.1f} s"
