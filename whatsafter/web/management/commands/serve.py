"""`whatsafter serve`: migrate, build the sample catalogue if the database is empty, serve."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Migrate, load the sample catalogue into an empty database, and serve the site."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-sample", action="store_true", help="Do not load the sample.")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if not options["no_sample"]:
            call_command("build_sample", if_empty=True)
        call_command("runserver", options["addrport"], use_reloader=False)
