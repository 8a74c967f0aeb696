"""What the API import commands share: their base command, the progress bar, the ImportRun
record, the summary."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any, TypeVar

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import MofNCompleteColumn

from whatsafter.ingest.recorded import Tallies, import_run_recorded
from whatsafter.ingest.remote.client import RetryPolicy
from whatsafter.ingest.remote.runs import ApiImport, ApiSettings, RunReport
from whatsafter.ingest.rows import RowError
from whatsafter.progress import step_bars

SHOWN_REJECTIONS = 20


ImporterT = TypeVar("ImporterT", bound=ApiImport[Any, Any])


class ApiImportCommand(BaseCommand):
    """What the TMDb and OMDb import commands share: the key, how the importer is made, and
    how its run is shown and recorded."""

    # Tests pass a sleep that does not wait; there is no command-line flag for it.
    stealth_options = ("sleep",)
    service: str  # as its users write it, e.g. "TMDb"
    key_variable: str  # the setting (and environment variable) that holds its key
    url_variable: str  # the setting that holds its base URL
    key_help = ""  # what --api-key takes where "<service> API key" does not say it all

    @classmethod
    def add_api_arguments(cls, parser: CommandParser) -> None:
        """The command's options, which `whatsafter import tmdb|omdb` declares through this
        too: the key and the batch size every API import takes, around its own."""
        parser.add_argument("--api-key", default="", help=cls.key_help or f"{cls.service} API key")
        cls.add_source_arguments(parser)
        parser.add_argument("--batch-size", type=int, default=50, help="films per transaction")

    @classmethod
    def add_source_arguments(cls, parser: CommandParser) -> None:
        """Which films to ask the service for."""
        raise NotImplementedError

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_api_arguments(parser)

    def api_settings(self, options: dict[str, Any]) -> ApiSettings:
        """Where and how to ask the service, with the --api-key option or else its setting."""
        key = options["api_key"] or getattr(settings, self.key_variable)
        if not key:
            raise CommandError(
                f"No {self.service} API key: pass --api-key or set {self.key_variable}."
            )
        return ApiSettings(
            base_url=getattr(settings, self.url_variable),
            api_key=key,
            cache_dir=settings.IMPORT_CACHE_DIR,
            policy=RetryPolicy(
                retries=settings.IMPORT_HTTP_RETRIES, timeout=settings.IMPORT_HTTP_TIMEOUT
            ),
        )

    @staticmethod
    def importer(kind: type[ImporterT], config: ApiSettings, options: dict[str, Any]) -> ImporterT:
        return kind(config, sleep=options.get("sleep"), batch_size=max(1, options["batch_size"]))

    def run_recorded(
        self,
        importer: ApiImport[Any, Any],
        work: Callable[[Advance], RunReport],
        *,
        source: str,
        arguments: str,
        refused: tuple[type[Exception], ...],
        advice: str,
    ) -> None:
        """Run `work` under a progress bar as one ImportRun: recorded as succeeded with the
        summary, or as failed with the error (a `refused` one becomes a clear CommandError
        ending in `advice`); the importer is closed either way."""
        console = console_for(self.stdout)  # type: ignore[arg-type]
        name, label = self.service.lower(), f"{self.service} films"
        try:
            with (
                import_run_recorded(
                    source=source,
                    arguments=arguments,
                    refused=refused,
                    advice=advice,
                    so_far=lambda: tallies(importer.report),
                ) as recorded,
                progress_bar(console, label) as advance,
            ):
                report = work(advance)
        finally:
            importer.close()
        line = summary(name, report, recorded.elapsed())
        recorded.succeeded(line, **tallies(report))
        print_report(console, line, report)


def console_for(stdout: IO[str]) -> Console:
    # Soft wrap: summary lines stay whole in logs and pipes, whatever the terminal width.
    return Console(file=stdout, highlight=False, soft_wrap=True)


Advance = Callable[[int, int], None]


@contextmanager
def progress_bar(console: Console, label: str) -> Iterator[Advance]:
    """Yields advance(done, total): films done since the last call, and how many in all."""
    with step_bars(console, label_width=12, count=MofNCompleteColumn()) as progress:
        progress(label, 0)  # the bar shows from the start, before the first batch is done

        def advance(done: int, total: int) -> None:
            progress(label, done, total)

        yield advance


def tallies(report: RunReport) -> Tallies:
    return Tallies(
        # An API item has no line: the item (film id or title) stands in for the file.
        rejected=[RowError(where, 0, reason) for where, reason in report.rejected],
        rows_read=report.rows_read,
        counts=report,
    )


def summary(name: str, report: RunReport, elapsed: float) -> str:
    return (
        f"{name}: read {report.rows_read:,}, inserted {report.inserted:,}, updated "
        f"{report.updated:,}, unchanged {report.unchanged:,}, rejected {len(report.rejected):,}, "
        f"not found {report.not_found:,}, held for review {report.held_for_review:,}, "
        f"unmatched {report.unmatched:,} in {elapsed:.1f} s "
        f"({report.requests:,} requests, {report.cache_hits:,} from the cache)"
    )


def print_report(console: Console, line: str, report: RunReport) -> None:
    for where, reason in report.rejected[:SHOWN_REJECTIONS]:
        console.print(f"[yellow]rejected[/] {where}: {reason}")
    if len(report.rejected) > SHOWN_REJECTIONS:
        console.print(f"… and {len(report.rejected) - SHOWN_REJECTIONS:,} more (in the admin)")
    for note in report.notes[:SHOWN_REJECTIONS]:
        console.print(f"[yellow]note[/] {note}")
    if report.held_for_review:
        console.print(
            f"{report.held_for_review:,} uncertain matches wait in the admin "
            "(Ingest > Match reviews); they were not merged."
        )
    console.print(line)
