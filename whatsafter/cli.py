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

    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and args[1] in ALIASES:
        args[1] = ALIASES[args[1]]
    args[0] = "whatsafter"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
