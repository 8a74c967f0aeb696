"""The `whatsafter` console command: friendly names over Django's management commands."""

from __future__ import annotations

import os
import sys

ALIASES = {
    # `whatsafter serve` migrates and loads the sample on an empty database, then serves.
    "serve": "serve",
    "scan-subtitles": "scan_subtitles",
    "scan-library": "scan_library",
    "quiz-refresh": "quiz_refresh",
}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "whatsafter.settings")
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and args[1] in ALIASES:
        args[1] = ALIASES[args[1]]
    args[0] = "whatsafter"
    try:
        execute_from_command_line(args)
    except DatabaseError as exc:
        # `whatsafter ask "Title"` on a machine that never ran `make run`: say what to do,
        # not a traceback ending in "no such table". Only when the schema is behind (the
        # cause then); any other database error is raised as it is.
        if (len(args) > 1 and args[1] == "migrate") or not _schema_behind():
            raise
        sys.stderr.write(
            f"error: the database has no catalogue yet ({exc}).\n"
            "Run `make run` (or `whatsafter serve`), which sets it up and loads the sample "
            "catalogue, or `whatsafter migrate` and `whatsafter build_sample`.\n"
        )
        raise SystemExit(1) from None


def _schema_behind() -> bool:
    from django.db import DatabaseError

    from whatsafter.utils import migrations_pending

    try:
        return migrations_pending()
    except DatabaseError:
        return False


if __name__ == "__main__":
    main()
