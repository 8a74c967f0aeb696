"""Disk full during an import: a clear message, nothing half-written, the site unchanged.

SQLite's max_page_count caps the database file, which fails writes with SQLITE_FULL
("database or disk is full") exactly as a full disk does.
"""

from __future__ import annotations

import csv
import gzip
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from tests.conftest import SAMPLE
from whatsafter.catalog.models import Movie
from whatsafter.ingest.models import ImportRun

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite's page cap"),
]


@contextmanager
def disk_nearly_full() -> Iterator[None]:
    """Room for a few more pages, no more."""
    with connection.cursor() as cursor:
        pages = cursor.execute("PRAGMA page_count").fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count = {pages + 4}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA max_page_count = 4294967294")


@pytest.fixture
def more_films(tmp_path: Path) -> str:
    """The sample's first 100 films: far more than a few pages hold."""
    with gzip.open(SAMPLE / "tmdb_5000_movies.csv.gz", "rt", encoding="utf-8", newline="") as f:
        rows = list(itertools.islice(csv.reader(f), 101))
    path = tmp_path / "more.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    return str(path)


def test_a_full_disk_stops_the_import_cleanly(subset_dir: Path, more_films: str) -> None:
    call_command(
        "import", "tmdb-csv", str(subset_dir / "tmdb_5000_movies.csv.gz"), stdout=StringIO()
    )
    before = set(Movie.objects.values_list("slug", "title"))
    film = Movie.objects.get(slug="never-let-me-go-2010").get_absolute_url()

    with disk_nearly_full(), pytest.raises(CommandError) as stopped:
        # The whole sample (about 4,800 films) cannot fit in the few pages left.
        call_command(
            "import", "tmdb-csv", str(SAMPLE / "tmdb_5000_movies.csv.gz"), stdout=StringIO()
        )
    message = str(stopped.value)
    assert "ran out of disk space" in message and "database or disk is full" in message
    assert "Nothing from this run was kept" in message and "Free some disk space" in message

    assert set(Movie.objects.values_list("slug", "title")) == before
    assert Client().get(film).status_code == 200
    failed = ImportRun.objects.order_by("-id").first()
    assert failed is not None and (failed.status, failed.message) == ("failed", message)
    # With space again, the same import goes through.
    call_command("import", "tmdb-csv", more_films, stdout=StringIO())
    assert Movie.objects.count() > len(before)
