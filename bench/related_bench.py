"""What "Films sharing its cast" costs the film page, in one process, as a ratio.

    SQLITE_PATH=/tmp/sample.sqlite3 .venv/bin/python bench/related_bench.py
    DATABASE_URL=postgres://... .venv/bin/python bench/related_bench.py --repeat 50

On a built sample catalogue (`manage.py build_sample`): for each film, the film page's
reads (`web.selectors.movie_page`) with and without its related films, interleaved so
both see the same load, median of --repeat runs each; then the whole page through
Django's test client. The films: a franchise film with a large cast, one whose lead is
the catalogue's most credited actor, one with no relatives.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FILMS = ["avengers-endgame-2019", "chop-suey-co-1919", "never-let-me-go-2010"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "whatsafter.settings")
    os.environ.update(DEBUG="true", PAGE_CACHE="false")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from whatsafter.web.selectors import movie_page

    client = Client()
    print(f"{connection.vendor}, {args.repeat} runs each, median ms")
    for slug in FILMS:
        runs: dict[bool, list[float]] = {True: [], False: []}
        for _ in range(args.repeat):
            for related in (False, True):
                start = time.perf_counter()
                page = movie_page(slug=slug, with_related=related)
                runs[related].append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as queries:
            movie_page(slug=slug)
        related_sql = float(queries.captured_queries[-1]["time"]) * 1000
        whole = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            assert client.get(f"/movies/{slug}/", HTTP_HOST="127.0.0.1").status_code == 200
            whole.append((time.perf_counter() - start) * 1000)
        without, with_ = statistics.median(runs[False]), statistics.median(runs[True])
        print(
            f"{slug}: {len(page.related)} related; reads {without:.1f} -> {with_:.1f} "
            f"(x{with_ / without:.2f}); related query {related_sql:.1f}; whole page "
            f"{statistics.median(whole):.1f}"
        )


if __name__ == "__main__":
    main()
