"""`manage.py import_tmdb` (also `whatsafter import tmdb`): films from the TMDb API.

Which films: --ids 1,2,3, --changes SINCE (every film TMDb changed since that date) or
--popular N. Each film is fetched with its credits, keywords, release dates, watch
providers and external ids, cached under IMPORT_CACHE_DIR, and written in batches.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandError, CommandParser

from whatsafter.ingest.remote import console as ui
from whatsafter.ingest.remote.client import ApiError
from whatsafter.ingest.remote.runs import RunReport, TmdbImport


def _ids(text: str) -> list[int]:
    try:
        ids = [int(part) for part in text.split(",") if part.strip()]
    except ValueError as exc:
        raise CommandError(f"--ids takes TMDb ids separated by commas, not {text!r}") from exc
    if not ids or min(ids) <= 0:
        raise CommandError("--ids takes positive TMDb ids separated by commas")
    return list(dict.fromkeys(ids))


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"--changes takes a date as YYYY-MM-DD, not {text!r}") from exc


class Command(ui.ApiImportCommand):
    help = "Import films from the TMDb API (--ids, --changes SINCE or --popular N)."
    service, key_variable, url_variable = "TMDb", "TMDB_API_KEY", "TMDB_API_URL"
    key_help = "v3 API key or v4 read token"

    @classmethod
    def add_source_arguments(cls, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--ids", help="TMDb movie ids, comma-separated")
        which.add_argument("--changes", metavar="SINCE", help="films changed since YYYY-MM-DD")
        which.add_argument("--popular", type=int, metavar="N", help="the N most popular films")

    def handle(self, *args: Any, **options: Any) -> None:
        config = self.api_settings(options)
        since = _date(options["changes"]) if options["changes"] else None
        ids = _ids(options["ids"]) if options["ids"] else None
        if options["popular"] is not None and options["popular"] <= 0:
            raise CommandError("--popular takes a positive number of films")
        importer = self.importer(TmdbImport, config, options)

        def work(advance: ui.Advance) -> RunReport:
            if since is not None:
                wanted = importer.ids_changed_since(since)
            elif ids is None:
                wanted = importer.ids_popular(options["popular"])
            else:
                wanted = ids
            importer.progress = lambda done: advance(done, len(wanted))
            fresher = dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC) if since else None
            return importer.run(wanted, fresher_than=fresher)

        self.run_recorded(
            importer,
            work,
            source="tmdb-api",
            arguments=" ".join(
                f"--{flag} {options[flag]}"
                for flag in ("ids", "changes", "popular")
                if options[flag]
            ),
            refused=(ApiError,),
            advice="Films written before this batch are kept; the failing batch wrote "
            "nothing. Run the same command again to resume (fetched films are cached).",
        )
