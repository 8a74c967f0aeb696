"""`whatsafter scan-subtitles FILE...`: what each subtitle file shows about the credits."""

from __future__ import annotations

import datetime as dt
import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from whatsafter.catalog.models import Movie
from whatsafter.subtitles import reader, services
from whatsafter.subtitles.detector import detect
from whatsafter.subtitles.findings import as_json, clock_s


class Command(BaseCommand):
    help = (
        "Read subtitle files and report where the credits start and any dialogue during or "
        "after them. Exit status 1 when a file could not be read."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")
        film = parser.add_mutually_exclusive_group()
        film.add_argument("--runtime", type=float, metavar="MIN", help="the film's runtime")
        film.add_argument("--movie", metavar="SLUG", help="take the runtime from this film")
        film.add_argument("--tmdb", type=int, metavar="ID", help="take it from the TMDb id")
        parser.add_argument("--json", action="store_true", help="one JSON object per file")
        parser.add_argument(
            "--record",
            action="store_true",
            help="keep the findings as the film's evidence (needs --movie or --tmdb)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        movie = self._movie(options)
        if options["record"] and movie is None:
            raise CommandError("--record needs the film: give --movie SLUG or --tmdb ID.")
        runtime_s = options["runtime"] * 60 if options["runtime"] else None
        if movie is not None:
            runtime_s = movie.runtime_minutes * 60 if movie.runtime_minutes else None
        failed = 0
        for name in options["files"]:
            path = Path(name)
            try:
                cues = reader.read_tail(path, runtime_s)
            except reader.SubtitleError as exc:
                failed += 1
                if options["json"]:
                    self.stdout.write(json.dumps({"file": name, "error": str(exc)}))
                else:
                    self.stderr.write(f"error: {exc}")
                continue
            findings = detect(cues, runtime_s)
            if options["record"] and movie is not None:
                stamp = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC)
                services.scan_record(
                    movie=movie, file_name=path.name, findings=findings, file_date=stamp
                )
            if options["json"]:
                self.stdout.write(json.dumps(as_json(findings, file=name)))
            else:
                self.stdout.write(_text(name, as_json(findings)))
        if failed:
            raise SystemExit(1)

    def _movie(self, options: dict[str, Any]) -> Movie | None:
        if options["movie"]:
            found = Movie.objects.filter(slug=options["movie"]).first()
            if found is None:
                raise CommandError(f"No film with the slug {options['movie']!r}.")
            return found
        if options["tmdb"]:
            found = Movie.objects.filter(tmdb_id=options["tmdb"]).first()
            if found is None:
                raise CommandError(f"No film with TMDb id {options['tmdb']}.")
            return found
        return None


def _answer(value: bool | None) -> str:
    return {True: "dialogue found", False: "nothing in the file", None: "cannot tell"}[value]


def _text(name: str, found: dict[str, Any]) -> str:
    lines = [name]
    start = found["credits_start_s"]
    lines.append(
        "  credits start (estimated): " + (clock_s(start) if start is not None else "unknown")
    )
    lines.append(f"  during the credits: {_answer(found['during_credits'])}")
    lines.append(f"  after the credits:  {_answer(found['after_credits'])}")
    for scene in found["scenes"]:
        lines.append(
            f"  scene {scene['position']} the credits: {clock_s(scene['start_s'])}-"
            f"{clock_s(scene['end_s'])}, {scene['cues']} lines, confidence "
            f"{scene['confidence']:.2f}{'' if scene['claimed'] else ' (not claimed)'}"
        )
    lines.extend(f"  - {reason}" for reason in found["reasons"])
    return "\n".join(lines)
