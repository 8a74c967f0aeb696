"""`manage.py build_sample`: the sample catalogue from data/sample/, in one transaction."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from rich.console import Console
from rich.progress import TextColumn
from rich.table import Table

from whatsafter.catalog.models import Movie
from whatsafter.ingest import sample
from whatsafter.ingest.recorded import import_run_recorded
from whatsafter.progress import step_bars
from whatsafter.quizzes.services import QuizAvailability, quiz_availability_refresh


class Command(BaseCommand):
    help = "Build the sample catalogue (TMDb 5000 + Wikipedia + vega) from data/sample/."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", type=Path, default=None, help="Default: SAMPLE_DATA_DIR.")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when films are already loaded."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(file=self.stdout, highlight=False)  # type: ignore[arg-type]
        if options["if_empty"] and Movie.objects.exists():
            console.print(f"Catalogue already loaded ({Movie.objects.count():,} films).")
            return
        directory: Path = options["dir"] or settings.SAMPLE_DATA_DIR
        # The sample's steps have no known total: the bar shows a count.
        with (
            import_run_recorded(source="sample", arguments=str(directory)) as recorded,
            step_bars(console, label_width=8, count=TextColumn("{task.completed:,}")) as progress,
        ):
            console.print(f"Building the sample catalogue from {directory} …")
            report = sample.build(directory, progress=progress)
            # Which films can have a quiz, so film pages invite only to real ones. Here
            # and in the nightly quiz-refresh, not in every import: the IMDb import's
            # speed is a measured goal (docs/DECISIONS.md, "Quiz availability").
            quizzes = quiz_availability_refresh(
                progress=lambda done, total: progress("quizzes", done, total)
            )
        elapsed = recorded.elapsed()
        recorded.succeeded(
            f"{report.films} films in {elapsed:.1f} s",
            rejected=report.rejected,
            rows_read=sum(report.rows_read.values()),
            counts=report.loads["films"],
        )
        self._summary(console, report, quizzes, elapsed)

    def _summary(
        self,
        console: Console,
        report: sample.SampleReport,
        quizzes: QuizAvailability,
        elapsed: float,
    ) -> None:
        for error in report.rejected[:20]:
            console.print(f"[yellow]rejected[/] {error}")
        if len(report.rejected) > 20:
            console.print(f"… and {len(report.rejected) - 20} more (see the import run in admin)")
        table = Table(title="Sample catalogue")
        for column in ("step", "inserted", "updated", "unchanged"):
            table.add_column(column, justify="right" if column != "step" else "left")
        for step, counts in report.loads.items():
            table.add_row(
                step, f"{counts.inserted:,}", f"{counts.updated:,}", f"{counts.unchanged:,}"
            )
            for name, value in counts.extra.items():
                table.add_row(f"  {name}", f"{value:,}", "", "")
        console.print(table)
        read = ", ".join(f"{name} {count:,}" for name, count in report.rows_read.items())
        console.print(f"Rows read: {read}; rejected {len(report.rejected)}.")
        for name, match in report.matches.items():
            console.print(f"Matched {name}: {match.summary}.")
        console.print(f"Films that can have a quiz: {quizzes.possible:,} of {quizzes.films:,}.")
        console.print(f"[bold]{report.films:,} films built in {elapsed:.1f} s.[/]")
