"""`manage.py ensure_secret_key`: give this install a random SECRET_KEY once.

`make run` and `whatsafter serve` call it before serving, so a fresh clone runs with DEBUG
off on a key nobody else has. A key in the SECRET_KEY environment variable wins; the file is
then left alone.
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from whatsafter import secret_key


class Command(BaseCommand):
    help = "Write a random SECRET_KEY to SECRET_KEY_FILE (var/secret_key) unless one exists."
    # Runs exactly when the checks would fail for want of a key.
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        path = settings.SECRET_KEY_FILE
        if os.environ.get("SECRET_KEY", "").strip():
            self.stdout.write("SECRET_KEY is set in the environment; nothing to write.")
            return
        if secret_key.key_file_ensure(path):
            self.stdout.write(f"Wrote a new random SECRET_KEY to {path}.")
        else:
            self.stdout.write(f"Keeping the SECRET_KEY in {path}.")
