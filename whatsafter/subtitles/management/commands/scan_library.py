"""`whatsafter scan-library DIR`: read a media library's subtitles and record what they show.

Without --server the findings become this site's evidence; with --server URL --api-key KEY
they are sent (timing only, never text) to a What's After site's API instead.
"""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
from django.core.management.base import BaseCommand, CommandError

from whatsafter.subtitles import library, selectors, services
from whatsafter.subtitles.detector import Cue, detect

# Films recorded per transaction (one verdict refresh for them all): recording each film
# alone was 41% of a scan's time. Small enough that a batch is written in well under a
# second, so the site's own writes never wait long behind it.
BATCH_FILMS = 200


class Command(BaseCommand):
    help = "Scan a Plex/Jellyfin/Kodi movie library's subtitles for scenes after the credits."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("directory", metavar="DIR")
        parser.add_argument("--server", metavar="URL", help="send to this What's After site")
        parser.add_argument("--api-key", metavar="KEY", help="the site's API key (X-API-Key)")
        parser.add_argument(
            "--no-embedded", action="store_true", help="skip subtitle tracks inside videos"
        )
        parser.add_argument(
            "--jobs", type=int, default=1, help="read files in this many processes (default 1)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        root = Path(options["directory"])
        if not root.is_dir():
            raise CommandError(f"{root} is not a folder.")
        server = options["server"]
        if server and not options["api_key"]:
            raise CommandError("--server needs --api-key KEY (ask the site's editors for one).")
        embedded = not options["no_embedded"] and library.ffmpeg_available()
        client = (
            httpx.Client(
                base_url=server.rstrip("/"),
                headers={"X-API-Key": options["api_key"]},
                timeout=30,
            )
            if server
            else None
        )
        counts: Counter[str] = Counter()
        self._pending: list[services.ScanInput] = []
        try:
            readings = library.read_all(library.walk(root), embedded, options["jobs"])
            for reading in readings:
                outcome = self._one(reading, client)
                counts[outcome] += 1
                if options["verbosity"] > 1:
                    film = reading.film
                    self.stdout.write(f"{outcome:12} {film.title} ({film.year or '?'})")
                if len(self._pending) >= BATCH_FILMS:
                    self._flush()
            self._flush()
        finally:
            if client is not None:
                client.close()
        total = sum(counts.values())
        summary = ", ".join(f"{count} {name}" for name, count in sorted(counts.items()))
        self.stdout.write(f"{total} films: {summary or 'none found'}")

    def _one(self, reading: library.Reading, client: httpx.Client | None) -> str:
        """Record one film's reading; returns what happened, for the summary."""
        film = reading.film
        if reading.error:
            self.stderr.write(f"skipped {film.title} ({film.year or '?'}): {reading.error}")
            return "unreadable"
        if not reading.cues:
            return "no-subtitles"
        stamp = dt.datetime.fromtimestamp(reading.modified, tz=dt.UTC)
        if client is not None:
            return self._send(client, film, reading.file_name, stamp, reading.cues)
        movie = selectors.film_for(title=film.title, year=film.year, tmdb_id=film.tmdb_id)
        if movie is None:
            return "unmatched"
        runtime_s = movie.runtime_minutes * 60 if movie.runtime_minutes else reading.duration_s
        findings = detect(reading.cues, runtime_s)
        self._pending.append(
            services.ScanInput(movie, reading.file_name, findings, file_date=stamp, via="library")
        )
        return "scene" if findings.claimed_scenes else "recorded"

    def _flush(self) -> None:
        """Record the films read since the last batch, all or none of them."""
        if self._pending:
            services.scans_record(self._pending)
            self._pending = []

    def _send(
        self,
        client: httpx.Client,
        film: library.LibraryFilm,
        file_name: str,
        stamp: dt.datetime,
        cues: list[Cue],
    ) -> str:
        body = {
            "title": film.title,
            "year": film.year,
            "tmdb_id": film.tmdb_id,
            "file_name": file_name,
            "file_date": stamp.isoformat(),
            "cues": [[c.start_s, c.end_s, c.kind.value] for c in cues],
        }
        try:
            response = client.post("/api/v1/subtitle-scans", json=body)
        except httpx.HTTPError as exc:
            raise CommandError(f"Cannot reach {client.base_url}: {exc}") from exc
        if response.status_code == 401:
            raise CommandError("The site refused the API key.")
        if response.status_code == 404:
            return "unmatched"
        if response.status_code != 201:
            self.stderr.write(f"{film.title}: the site answered {response.status_code}")
            return "refused"
        return "scene" if response.json()["findings"]["scenes"] else "recorded"
