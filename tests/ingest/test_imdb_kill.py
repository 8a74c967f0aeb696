"""Kill -9 in the middle of an IMDb import, run it again: the same catalogue as one clean run.

Both runs are the real `whatsafter` command in a subprocess, each on a database of its own
(SQLite files, or scratch PostgreSQL databases when the suite runs on PostgreSQL), over
files from bench/generate_imdb.py large enough that the merge takes seconds.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
TITLES = 150_000
# Many small merge transactions, so a kill lands between two of them at any step.
SMALL_BATCHES = {"IMDB_MERGE_BATCH": "2000"}

SNAPSHOT = {
    "movies": "SELECT imdb_id, slug, title, original_title, year, runtime_minutes "
    "FROM catalog_movie ORDER BY imdb_id",
    "genres": "SELECT m.imdb_id, g.name FROM catalog_movie_genres AS mg "
    "JOIN catalog_movie AS m ON m.id = mg.movie_id JOIN catalog_genre AS g ON g.id = mg.genre_id "
    "ORDER BY 1, 2",
    "ratings": "SELECT m.imdb_id, r.source, r.value, r.vote_count FROM ratings_rating AS r "
    "JOIN catalog_movie AS m ON m.id = r.movie_id ORDER BY 1, 2",
    "people": "SELECT imdb_id, slug, name, birth_year, death_year, professions "
    "FROM catalog_person ORDER BY imdb_id",
    "credits": 'SELECT m.imdb_id, p.imdb_id, c.kind, c."character", c."order", c.department, '
    "c.job FROM catalog_credit AS c JOIN catalog_movie AS m ON m.id = c.movie_id "
    "JOIN catalog_person AS p ON p.id = c.person_id ORDER BY 1, 2, 3, 4, 5, 6, 7",
    "verdicts": "SELECT m.imdb_id, v.status FROM aftercredits_verdict AS v "
    "JOIN catalog_movie AS m ON m.id = v.movie_id ORDER BY 1",
}


class Database:
    """One database for one subprocess run, and plain SQL against it from the test."""

    def __init__(self, env: dict[str, str], query: Callable[[str], list[tuple[Any, ...]]]) -> None:
        self.env = env
        self.query = query

    def whatsafter(self, *args: str, **popen: Any) -> subprocess.Popen[str]:
        return subprocess.Popen(  # noqa: S603 - our own command with fixed arguments
            [sys.executable, "-m", "whatsafter.cli", *args],
            env=self.env, cwd=ROOT, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen,
        )  # fmt: skip

    def run(self, *args: str) -> str:
        process = self.whatsafter(*args)
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, err[-3000:]
        return out

    def count(self, table: str) -> int:
        return int(self.query(f"SELECT count(*) FROM {table}")[0][0])  # noqa: S608

    def snapshot(self) -> dict[str, tuple[int, str]]:
        result = {}
        for name, sql in SNAPSHOT.items():
            rows = self.query(sql)
            digest = hashlib.sha256(repr([tuple(map(str, r)) for r in rows]).encode()).hexdigest()
            result[name] = (len(rows), digest)
        return result


@contextlib.contextmanager
def scratch_database(name: str, folder: Path) -> Iterator[Database]:
    """A database of its own for one subprocess run: a SQLite file in `folder`, or a
    scratch PostgreSQL database beside the test database when the suite runs on it."""
    base = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SQLITE_PATH")}
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        path = folder / f"{name}.sqlite3"

        def query(sql: str) -> list[tuple[Any, ...]]:
            with sqlite3.connect(path, timeout=30) as db:
                return list(db.execute(sql).fetchall())

        yield Database({**base, **SMALL_BATCHES, "SQLITE_PATH": str(path)}, query)
        return
    import psycopg

    admin_dsn = url.rsplit("/", 1)[0] + "/postgres"
    scratch = f"{settings.DATABASES['default']['NAME']}_kill_{name}"
    with psycopg.connect(admin_dsn, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        admin.execute(f'CREATE DATABASE "{scratch}"')
    dsn = url.rsplit("/", 1)[0] + f"/{scratch}"

    def pg_query(sql: str) -> list[tuple[Any, ...]]:
        with psycopg.connect(dsn) as db:
            return list(db.execute(sql).fetchall())

    try:
        yield Database({**base, **SMALL_BATCHES, "DATABASE_URL": dsn}, pg_query)
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')


@pytest.fixture
def killed(tmp_path: Path) -> Iterator[Database]:
    with scratch_database("killed", tmp_path) as database:
        database.run("migrate", "--noinput")
        yield database


@pytest.fixture(scope="module")
def uninterrupted(
    generated: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[int, str]]:
    """The catalogue one clean run builds from the generated files: made once for the
    module, since every kill point is compared with the same one."""
    with scratch_database("whole", tmp_path_factory.mktemp("imdb-whole")) as whole:
        whole.run("migrate", "--noinput")
        whole.run("import", "imdb", str(generated))
        return whole.snapshot()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("imdb-generated")
    subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "bench" / "generate_imdb.py"), "--titles", str(TITLES),
         "--out", str(out), "--gzip"],
        check=True, capture_output=True,
    )  # fmt: skip
    return out


@pytest.mark.slow
@pytest.mark.parametrize("step_table", ["catalog_movie", "catalog_person", "catalog_credit"])
def test_an_import_killed_mid_merge_then_rerun_equals_an_uninterrupted_one(
    killed: Database, uninterrupted: dict[str, tuple[int, str]], generated: Path, step_table: str
) -> None:
    process = killed.whatsafter("import", "imdb", str(generated))
    deadline = time.monotonic() + 300
    while killed.count(step_table) == 0 and process.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the import finished before it was killed"
    interrupted = killed.snapshot()
    assert interrupted != uninterrupted  # the kill left a partial catalogue behind

    killed.run("import", "imdb", str(generated))

    assert killed.snapshot() == uninterrupted
    assert killed.count("catalog_movie") > 8_000
