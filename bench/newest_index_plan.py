"""Home's and Latest's newest-first lists: their plans and SQL time, the order on its index
against the order before year_release_order on the index before it (catalog 0007's,
swapped in for a rolled-back transaction), on the same catalogue in the same process.

    SQLITE_PATH=bench/out/lists-bench.sqlite3 .venv/bin/python bench/newest_index_plan.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME .venv/bin/python bench/newest_index_plan.py

Run it on a catalogue bench/lists_bench.py built (`--undated-share 0.9` for one where most
films are known only by their year). A plan that walks movie_newest_idx reads a page's
rows and stops; "USE TEMP B-TREE" (SQLite) or "Sort" (PostgreSQL) would mean every
matching film is read and sorted.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
REPEAT = 30
# What Latest lists of each kind (sections.latest_page's limit).
LATEST_LIMIT = 24


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "whatsafter.settings")
    import django

    django.setup()
    from django.db import connection, transaction
    from django.db.models import QuerySet

    from whatsafter.catalog.models import Movie
    from whatsafter.web import sections, selectors

    before = importlib.import_module("whatsafter.catalog.migrations.0007_newest_releases_index")
    vendor = connection.vendor
    explain = "EXPLAIN QUERY PLAN " if vendor == "sqlite" else "EXPLAIN (COSTS OFF) "

    def lists() -> dict[str, QuerySet[Movie]]:
        cutoff = dt.date.today() - sections.IN_CINEMAS
        return {
            "home, recently released": selectors.recent_releases(limit=12),
            "Latest, recent releases": sections._released_before(Movie.objects.all(), cutoff)[
                :LATEST_LIMIT
            ],
        }

    def without_place(films: QuerySet[Movie]) -> QuerySet[Movie]:
        films = films._chain()  # type: ignore[attr-defined]
        films.query.order_by = tuple(
            term for term in films.query.order_by if "year_release_order" not in str(term)
        )
        return films

    def report(label: str, change: Callable[[QuerySet[Movie]], QuerySet[Movie]]) -> None:
        with connection.cursor() as cursor:
            for name, films in lists().items():
                sql, params = change(films).query.sql_with_params()
                cursor.execute(explain + sql, params)
                plan = " | ".join(str(row[-1]).strip() for row in cursor.fetchall())
                times = []
                for _ in range(REPEAT):
                    started = time.perf_counter()
                    cursor.execute(sql, params)
                    cursor.fetchall()
                    times.append(time.perf_counter() - started)
                median = statistics.median(times) * 1000
                print(f"{label}, {name}: {median:.2f} ms (median of {REPEAT})\n  plan: {plan}")

    print(f"{vendor}: {Movie.objects.count():,} films")
    report("now", lambda films: films)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX movie_newest_idx")
            cursor.execute(
                f"CREATE INDEX movie_newest_idx ON catalog_movie ({before.COLUMNS[vendor]})"
            )
            if vendor == "postgresql":
                cursor.execute("ANALYZE catalog_movie")
        report("before (0007's order and index)", without_place)
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
