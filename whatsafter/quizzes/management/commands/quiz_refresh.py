"""`whatsafter quiz-refresh`: store for every film whether it can have a quiz, so film pages
invite only to quizzes that exist (deploy/systemd/whatsafter-quiz-refresh.timer, nightly)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import MofNCompleteColumn

from whatsafter.catalog.models import Movie
from whatsafter.progress import step_bars
from whatsafter.quizzes.services import quiz_availability_refresh


class Command(BaseCommand):
    help = "Store for each film whether it can have a quiz (what its film page offers)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "slugs", nargs="*", help="Only these films (their slugs); default: every film."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(file=self.stdout, highlight=False)  # type: ignore[arg-type]
        movie_ids = None
        if options["slugs"]:
            found = dict(Movie.objects.filter(slug__in=options["slugs"]).values_list("slug", "id"))
            missing = sorted(set(options["slugs"]) - set(found))
            if missing:
                raise CommandError(f"No film with the slug {', '.join(missing)}. Nothing changed.")
            movie_ids = list(found.values())
        started = time.monotonic()
        with step_bars(console, label_width=7, count=MofNCompleteColumn()) as progress:
            result = quiz_availability_refresh(
                movie_ids=movie_ids,
                progress=lambda done, total: progress("quizzes", done, total),
            )
        console.print(
            f"{result.possible:,} of {result.films:,} films can have a quiz; "
            f"{result.changed:,} flags changed, in {time.monotonic() - started:.1f} s."
        )
