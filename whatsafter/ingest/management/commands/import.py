"""`whatsafter import <source> FILE…`: load a source file into the existing catalogue."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from whatsafter import faults
from whatsafter.ingest import files
from whatsafter.ingest.management.commands import import_omdb, import_tmdb
from whatsafter.ingest.models import ImportRun
from whatsafter.ingest.readers import wikipedia_plots
from whatsafter.ingest.recorded import import_run_recorded
from whatsafter.ingest.rows import Row, RowError
from whatsafter.ingest.services import import_run_finish
from whatsafter.quizzes.services import plots_upsert

SOURCES = {
    "tmdb-csv": (files.import_tmdb_csv, "the TMDb 5000 movies CSV export (plain or .gz)"),
    "wikipedia": (files.import_wikipedia, "wikipedia-movie-data JSON arrays or JSON lines"),
    "vega": (files.import_vega, "vega-datasets movies.json (or JSON lines)"),
}


def database_fault(run: ImportRun, exc: DatabaseError) -> Exception:
    """A full disk or an unreachable database ends the run with a message, not a traceback.

    The file imports write in one transaction, so it was rolled back: the catalogue and
    the site keep the previous data. Bugs (anything not a fault) are raised as they are.
    """
    fault = faults.classify(exc)
    if fault is None:
        return exc
    reason = IMPORT_FAULTS[fault.kind]
    message = (
        f"{reason} ({exc}). Nothing from this run was kept; the site still serves the "
        f"previous data. {FIXES[fault.kind]}"
    )
    with suppress(DatabaseError):  # recording it may itself need the space that ran out
        import_run_finish(run=run, status=ImportRun.Status.FAILED, message=message)
    return CommandError(message)


IMPORT_FAULTS = {
    "full": "The import stopped: the database ran out of disk space",
    "busy": "The import stopped: the database was locked by another writer",
    "down": "The import stopped: the database could not be reached",
    "read_only": "The import stopped: the database is read-only",
}
FIXES = {
    "full": "Free some disk space, then run the import again.",
    "busy": "Run it again once the other import has finished.",
    "down": "Run it again once the database is back.",
    "read_only": "Run it again once the database accepts writes.",
}


class Command(BaseCommand):
    help = (
        "Import a public source into the catalogue: "
        + ", ".join(["imdb", "tmdb", "omdb", *SOURCES, "wikipedia-plots", "sample"])
        + "."
    )
    # Passed through to import_tmdb / import_omdb (tests give a sleep that does not wait).
    stealth_options = ("sleep",)

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="source", required=True, metavar="SOURCE")
        imdb = sub.add_parser(
            "imdb", help="the IMDb non-commercial dataset files in a folder (.tsv or .tsv.gz)"
        )
        imdb.add_argument("directory", type=Path)
        import_tmdb.Command.add_api_arguments(
            sub.add_parser("tmdb", help="films from the TMDb API")
        )
        import_omdb.Command.add_api_arguments(
            sub.add_parser("omdb", help="IMDb, Metacritic, Rotten Tomatoes scores from OMDb")
        )
        for name, (_, description) in SOURCES.items():
            source = sub.add_parser(name, help=description)
            source.add_argument("files", nargs="+", type=Path)
        plots = sub.add_parser(
            "wikipedia-plots", help="the Wikipedia movie plots CSV (plot summaries)"
        )
        plots.add_argument("files", nargs="+", type=Path)
        sample = sub.add_parser("sample", help="the bundled sample catalogue (data/sample/)")
        sample.add_argument("--dir", type=Path, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        source = options["source"]
        if source == "imdb":
            # Its own command: streams files of any size with a progress bar per file.
            call_command("import_imdb", options["directory"], stdout=self.stdout)
            return
        if source in ("tmdb", "omdb"):
            names = ["api_key", "ids", "batch_size", "sleep"]
            names += ["changes", "popular"] if source == "tmdb" else ["limit"]
            passed = {name: options[name] for name in names if options.get(name) is not None}
            call_command(f"import_{source}", stdout=self.stdout, **passed)
            return
        if source == "sample":
            call_command("build_sample", dir=options["dir"], stdout=self.stdout)
            return
        if source == "wikipedia-plots":
            self._plots(options["files"])
            return
        importer, _ = SOURCES[source]
        paths: list[Path] = options["files"]
        with import_run_recorded(source=source, arguments=" ".join(map(str, paths))) as recorded:
            try:
                report = importer(paths)
            except DatabaseError as exc:
                raise database_fault(recorded.run, exc) from exc
        elapsed = recorded.elapsed()
        recorded.succeeded(
            f"{elapsed:.1f} s",
            rejected=report.rejected,
            rows_read=report.rows_read,
            counts=report.films,
        )
        for error in report.rejected[:20]:
            self.stdout.write(f"rejected {error}")
        if report.match:
            self.stdout.write(f"matched {report.match.summary}")
        self.stdout.write(
            f"{source}: read {report.rows_read:,}, inserted {report.films.inserted:,}, updated "
            f"{report.films.updated:,}, unchanged {report.films.unchanged:,}, rejected "
            f"{recorded.run.rejected:,} in {elapsed:.1f} s"
        )

    def _plots(self, paths: list[Path]) -> None:
        rows: list[Row[wikipedia_plots.WikiPlot]] = []
        rejected: list[RowError] = []
        with import_run_recorded(
            source="wikipedia-plots", arguments=" ".join(map(str, paths))
        ) as recorded:
            for path in paths:
                for row in wikipedia_plots.read(path):
                    if isinstance(row, RowError):
                        rejected.append(row)
                    else:
                        rows.append(row)
            counts = plots_upsert(plots=[row.data for row in rows])
        recorded.succeeded(
            f"matched {counts.matched}, unmatched {counts.unmatched}, ambiguous "
            f"{counts.ambiguous}, editor sections kept {counts.skipped}",
            rejected=rejected,
            rows_read=len(rows) + len(rejected),
            counts=counts,
        )
        for error in rejected[:20]:
            self.stdout.write(f"rejected {error}")
        written = counts.inserted + counts.updated
        self.stdout.write(
            f"wikipedia-plots: read {recorded.run.rows_read:,}, {recorded.run.message}, "
            f"sections written {written:,}, rejected {recorded.run.rejected:,} in "
            f"{recorded.elapsed():.1f} s"
        )
