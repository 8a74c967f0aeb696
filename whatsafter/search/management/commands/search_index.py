"""`manage.py search_index [--full]`: bring the search index in step with the catalogue.

Importers and edits already do this; the command is for a database written by something
else (psql, sqlite3) and, with --full, to rebuild prefix lists thinned by many edits.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from whatsafter.search.services import search_index_refresh


class Command(BaseCommand):
    help = "Refresh the search index from the catalogue (--full rebuilds it)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--full", action="store_true", help="Empty and rebuild the index.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        counts = search_index_refresh(full=options["full"])
        self.stdout.write(
            f"Search index: {counts.films:,} films and {counts.people:,} people written, "
            f"{counts.films_removed:,} and {counts.people_removed:,} removed, "
            f"in {time.monotonic() - started:.1f} s."
        )
