"""Fixtures shared by every test folder."""

from __future__ import annotations

import csv
import gzip
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Read limits and other per-process state live in the memory caches; start clean."""
    from whatsafter.aftercredits.ratelimit import local_counts
    from whatsafter.search import pg_top
    from whatsafter.web import stamps

    cache.clear()
    local_counts.clear()
    # PostgreSQL search keeps word counts per process for minutes: a test must not plan
    # on counts an earlier test's rows left, nor have its query count depend on test order.
    pg_top.counts_forget()
    # An import a test stops halfway leaves its run "running", which would keep every later
    # write in this process from invalidating cached pages.
    stamps.Importing.active = False
    yield
    cache.clear()
    local_counts.clear()


@pytest.fixture(params=(1, 3))
def item_count(request: pytest.FixtureRequest) -> int:
    """How many films, people or rows a query-count test creates: a page or an endpoint
    must cost the same number of queries for one item as for several."""
    return int(request.param)


SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"

# Films the subset keeps: Never Let Me Go, The Avengers (2012) and its 1998 namesake,
# and a few others so matching has neighbours to get wrong.
TMDB_IDS = {"42188", "24428", "9320", "1726", "10195"}
WIKI_TITLES = {
    "Never Let Me Go",
    "The Avengers",
    "Iron Man",
    "Thor",
    "Winter Day Dreams ft. Franny's Feet and Olivia",
}
VEGA_TITLES = {"Never Let Me Go", "The Avengers", "Iron Man", "Thor"}


def write_gz(path: Path, text: str) -> None:
    path.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))


@pytest.fixture(scope="session")
def subset_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """data/sample cut down to a handful of real films, in the same formats."""
    out = tmp_path_factory.mktemp("sample-subset")
    with gzip.open(SAMPLE / "tmdb_5000_movies.csv.gz", "rt", encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [row for row in reader if row[header.index("id")] in TMDB_IDS]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    write_gz(out / "tmdb_5000_movies.csv.gz", buffer.getvalue())
    for name, key, keep in (
        ("wikipedia-movies.jsonl.gz", "title", WIKI_TITLES),
        ("vega-movies.jsonl.gz", "Title", VEGA_TITLES),
    ):
        with gzip.open(SAMPLE / name, "rt", encoding="utf-8") as f:
            lines = [line for line in f if json.loads(line).get(key) in keep]
        write_gz(out / name, "".join(lines))
    shutil.copy(SAMPLE / "editor_scenes.json", out / "editor_scenes.json")
    return out
