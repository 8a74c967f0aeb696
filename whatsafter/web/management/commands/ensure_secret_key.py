"""Write a random SECRET_KEY to var/secret_key once, so a fresh clone never runs on a
published key and needs no set-up. An operator may set SECRET_KEY in the environment instead."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.core.management.utils import get_random_secret_key


class Command(BaseCommand):
    help = "Create var/secret_key with a random key if it does not exist yet."

    def handle(self, *args: Any, **options: Any) -> None:
        path = settings.SECRET_KEY_FILE
        if path.exists():
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: two processes starting at once cannot both write (and disagree on) the key.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return
        with os.fdopen(fd, "w") as out:
            out.write(get_random_secret_key() + "\n")
        self.stdout.write(f"Wrote a new random secret key to {path}.")
