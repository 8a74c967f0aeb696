"""The `whatsafter` command as a user runs it: a real subprocess on its own database."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ingest.conftest import SAMPLE, write_gz


def whatsafter(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SQLITE_PATH": str(db)}
    env.pop("DATABASE_URL", None)  # the command must work on a bare machine: SQLite
    return subprocess.run(  # noqa: S603 - our own command with fixed arguments
        [sys.executable, "-m", "whatsafter.cli", *args],
        env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def test_it_lists_its_commands(tmp_path: Path) -> None:
    result = whatsafter("help", db=tmp_path / "db.sqlite3")
    assert result.returncode == 0
    assert "build_sample" in result.stdout
    assert "serve" in result.stdout


def test_a_fresh_database_gets_the_sample_once(tmp_path: Path, subset_dir: Path) -> None:
    db = tmp_path / "db.sqlite3"
    assert whatsafter("migrate", "--noinput", db=db).returncode == 0
    first = whatsafter("build_sample", "--if-empty", "--dir", str(subset_dir), db=db)
    assert first.returncode == 0, first.stderr
    assert "films built in" in first.stdout
    second = whatsafter("build_sample", "--if-empty", "--dir", str(subset_dir), db=db)
    assert second.returncode == 0
    assert "already loaded" in second.stdout


def test_a_broken_sample_is_a_one_line_error_and_a_non_zero_exit(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    whatsafter("migrate", "--noinput", db=db)
    result = whatsafter("build_sample", "--dir", str(tmp_path / "missing"), db=db)
    assert result.returncode != 0
    assert "no such file. Nothing was changed." in result.stderr


@pytest.fixture
def subset_dir(tmp_path: Path) -> Path:
    """A tiny but well-formed sample: one Wikipedia film, no TMDb rows."""
    out = tmp_path / "sample"
    out.mkdir()
    with gzip.open(SAMPLE / "tmdb_5000_movies.csv.gz", "rt", encoding="utf-8") as f:
        header = f.readline()
    write_gz(out / "tmdb_5000_movies.csv.gz", header)
    write_gz(out / "wikipedia-movies.jsonl.gz", '{"title": "Solo Film", "year": 1999}\n')
    write_gz(out / "vega-movies.jsonl.gz", "")
    (out / "editor_scenes.json").write_text('{"films": []}')
    return out
