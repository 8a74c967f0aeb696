"""`whatsafter serve`: prepare (migrate, sample, static files, secret key), then run the
production server, Granian (chosen by measurement, docs/DECISIONS.md), with N workers."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


def granian_argv(*, host: str, port: int, workers: int) -> list[str]:
    """The server command line; deploy/whatsafter.service runs the same."""
    return [
        sys.executable, "-m", "granian", "--interface", "wsgi", "--no-ws",
        "--host", host, "--port", str(port), "--workers", str(workers),
        "--blocking-threads", "1", "--backlog", "2048", "--respawn-failed-workers",
        "whatsafter.wsgi:application",
    ]  # fmt: skip


class Command(BaseCommand):
    help = "Migrate, load the sample into an empty database, collect static files, serve."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on.")
        parser.add_argument(
            "--workers", type=int, default=max(2, os.cpu_count() or 1),
            help="Server processes (default: one per CPU, at least two).",
        )  # fmt: skip
        parser.add_argument("--no-sample", action="store_true", help="Do not load the sample.")
        parser.add_argument(
            "--no-prepare", action="store_true",
            help="Skip migrate, sample and collectstatic (a deploy already ran them).",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("ensure_secret_key")
        if not options["no_prepare"]:
            call_command("migrate", interactive=False, verbosity=0)
            call_command("createcachetable", verbosity=0)
            if not options["no_sample"]:
                call_command("build_sample", if_empty=True)
            # Hashed names need the manifest this very run writes: collect in a fresh process
            # that uses the hashed storage (settings pick it once a manifest exists).
            subprocess.run(
                [sys.executable, "-m", "whatsafter.cli", "collectstatic", "--noinput", "-v0"],
                env={**os.environ, "STATIC_HASHED": "true"}, check=True,
            )  # fmt: skip
        argv = granian_argv(host=options["host"], port=options["port"], workers=options["workers"])
        # The server reads settings afresh: production unless the operator said otherwise.
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "whatsafter.settings"}
        env.setdefault("DEBUG", "false")
        self.stdout.write(f"Serving on http://{options['host']}:{options['port']}/", ending="\n")
        self.stdout.flush()
        os.execve(sys.executable, argv, env)  # noqa: S606 - replace this process with the server
