"""`manage.py import_omdb` (also `whatsafter import omdb`): IMDb, Metacritic and Rotten
Tomatoes scores from OMDb, by IMDb id.

Without --ids: every film with an IMDb id that OMDb has not answered for, or not within
OMDB_STALE_DAYS. OMDb's free keys allow 1,000 requests a day; --limit keeps a run inside
that, and the next run continues with the films still due.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from whatsafter.ingest.remote import console as ui
from whatsafter.ingest.remote import selectors
from whatsafter.ingest.remote.client import ApiError
from whatsafter.ingest.remote.omdb import OmdbRefused
from whatsafter.ingest.remote.runs import OmdbImport, RunReport

IMDB_ID = re.compile(r"^tt\d{7,9}$")


class Command(ui.ApiImportCommand):
    help = "Import IMDb, Metacritic and Rotten Tomatoes scores from OMDb."
    service, key_variable, url_variable = "OMDb", "OMDB_API_KEY", "OMDB_API_URL"

    @classmethod
    def add_source_arguments(cls, parser: CommandParser) -> None:
        parser.add_argument("--ids", help="IMDb ids (tt…), comma-separated; default: films due")
        parser.add_argument("--limit", type=int, default=None, help="at most this many films")

    def handle(self, *args: Any, **options: Any) -> None:
        config = self.api_settings(options)
        stale_before = timezone.now() - dt.timedelta(days=settings.OMDB_STALE_DAYS)
        if options["ids"]:
            ids = list(dict.fromkeys(i.strip() for i in options["ids"].split(",") if i.strip()))
            bad = [i for i in ids if not IMDB_ID.match(i)]
            if bad or not ids:
                raise CommandError(f"--ids takes IMDb ids like tt0848228, not {bad or ids}")
            ids = ids[: options["limit"]] if options["limit"] else ids
        else:
            ids = selectors.omdb_due(stale_before=stale_before, limit=options["limit"])
        importer = self.importer(OmdbImport, config, options)

        def work(advance: ui.Advance) -> RunReport:
            importer.progress = lambda done: advance(done, len(ids))
            return importer.run(ids, fresher_than=stale_before)

        self.run_recorded(
            importer,
            work,
            source="omdb",
            arguments=f"--ids {options['ids']}" if options["ids"] else f"{len(ids)} films due",
            refused=(ApiError, OmdbRefused),
            advice="Scores written before this batch are kept; run again to resume.",
        )
