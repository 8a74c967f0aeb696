"""Where the site's SECRET_KEY comes from, and when it is not good enough to serve with.

Everything the site signs (quiz tokens, visitor cookies, sessions, address hashes) is only as
safe as this key, so production refuses a missing, published or short one. The key comes from
the SECRET_KEY environment variable, else from an untracked file that `manage.py
ensure_secret_key` fills with a random key once (`make run` and `whatsafter serve` call it), so
a fresh clone needs no set-up and never serves on a key anyone can read.

This module imports nothing from Django's settings: settings.py uses it while it is loading.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

# Django's own check (security.W009) asks for at least 50 characters and 5 distinct ones.
MIN_LENGTH = 50
MIN_UNIQUE = 5
# Only ever used with DEBUG on; published here, so refused in production.
DEVELOPMENT_KEY = "development-only-key-never-used-when-DEBUG-is-false-0123456789"
# Keys that shipped in this repository or in Django's templates: anyone can sign with them.
PUBLISHED_KEYS = frozenset(
    {
        DEVELOPMENT_KEY,
        "dev-only-insecure-key-set-SECRET_KEY-in-production",
        "change-me",
    }
)


def key_read(*, environ_value: str | None, path: Path) -> str:
    """The configured key: the environment first, then the file; empty when neither has one."""
    if environ_value and environ_value.strip():
        return environ_value.strip()
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return ""


def key_problem(key: str) -> str | None:
    """Why this key must not sign anything in production, or None when it is fine."""
    if not key:
        return "no SECRET_KEY is set"
    if key in PUBLISHED_KEYS or key.startswith("django-insecure"):
        return "SECRET_KEY is a published default"
    if len(key) < MIN_LENGTH or len(set(key)) < MIN_UNIQUE:
        return f"SECRET_KEY is too short (at least {MIN_LENGTH} varied characters)"
    return None


def key_file_ensure(path: Path) -> bool:
    """Write a random key to `path` unless it already holds one. True when a key was written.

    The file is created with mode 0600 and exclusively, so two processes starting at once
    cannot both write one and end up signing with different keys.
    """
    if path.exists() and path.read_text(encoding="utf-8").strip():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(64)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # an empty file left by a crash, or another process won the race
        if path.read_text(encoding="utf-8").strip():
            return False
        descriptor = os.open(path, os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    return True
