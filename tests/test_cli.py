"""The `whatsafter` command as a user runs it: a real subprocess on its own database."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, write_gz


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


def test_asking_before_the_database_is_set_up_says_what_to_run(tmp_path: Path) -> None:
    result = whatsafter("ask", "Never Let Me Go", db=tmp_path / "db.sqlite3")
    assert result.returncode == 1
    assert "the database has no catalogue yet" in result.stderr
    assert "make run" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_fresh_database_gets_the_sample_once(tmp_path: Path, tiny_sample: Path) -> None:
    db = tmp_path / "db.sqlite3"
    assert whatsafter("migrate", "--noinput", db=db).returncode == 0
    first = whatsafter("build_sample", "--if-empty", "--dir", str(tiny_sample), db=db)
    assert first.returncode == 0, first.stderr
    assert "films built in" in first.stdout
    second = whatsafter("build_sample", "--if-empty", "--dir", str(tiny_sample), db=db)
    assert second.returncode == 0
    assert "already loaded" in second.stdout


def test_a_broken_sample_is_a_one_line_error_and_a_non_zero_exit(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    whatsafter("migrate", "--noinput", db=db)
    result = whatsafter("build_sample", "--dir", str(tmp_path / "missing"), db=db)
    assert result.returncode != 0
    assert "no such file. Nothing was changed." in result.stderr


@pytest.fixture
def tiny_sample(tmp_path: Path) -> Path:
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


@pytest.fixture(scope="session")
def built_db(tmp_path_factory: pytest.TempPathFactory, subset_dir: Path) -> Path:
    """A SQLite catalogue built from real rows by the command itself."""
    db = tmp_path_factory.mktemp("cli") / "db.sqlite3"
    assert whatsafter("migrate", "--noinput", db=db).returncode == 0
    built = whatsafter("build_sample", "--dir", str(subset_dir), db=db)
    assert built.returncode == 0, built.stderr
    return db


def test_ask_answers_in_one_line_with_evidence(built_db: Path) -> None:
    result = whatsafter("ask", "Never Let Me Go", db=built_db)
    assert result.returncode == 0, result.stderr
    line = result.stdout.strip()
    assert line.startswith("Probably not: No source we track records a scene")
    assert "(TMDb keywords, recorded " in line and "no viewer reports yet" in line
    assert line.endswith("Never Let Me Go (2010), 1 h 44 min")


def test_ask_lists_matches_when_a_title_is_ambiguous(built_db: Path) -> None:
    result = whatsafter("ask", "The Avengers", db=built_db)
    assert result.returncode == 2
    assert "Several films match; add --year" in result.stderr
    assert "The Avengers (2012)" in result.stderr and "The Avengers (1998)" in result.stderr


def test_ask_with_spoilers_and_json(built_db: Path) -> None:
    spoilers = whatsafter("ask", "The Avengers", "--year", "2012", "--spoilers", db=built_db)
    assert spoilers.stdout.startswith("Yes: 2 scenes, 1 during the credits and 1 after the credits")
    assert "shawarma" in spoilers.stdout
    as_json = whatsafter("ask", "The Avengers", "--year", "2012", "--json", db=built_db)
    body = json.loads(as_json.stdout)
    assert (body["status"], body["during_count"], body["after_count"]) == ("yes", 1, 1)
    assert body["scenes"][0]["description"] is None


def test_ask_for_an_unknown_film_is_a_one_line_error(built_db: Path) -> None:
    result = whatsafter("ask", "No Such Film Anywhere", db=built_db)
    assert result.returncode == 1
    assert result.stderr.strip() == "CommandError: No film called 'No Such Film Anywhere' is known."


def test_stats_counts_the_catalogue_and_imports(built_db: Path) -> None:
    result = whatsafter("stats", db=built_db)
    assert result.returncode == 0
    assert "films" in result.stdout and "Probably not" in result.stdout
    assert "sample     succeeded" in result.stdout


def test_every_command_has_help(tmp_path: Path) -> None:
    for command in ("ask", "stats", "serve", "build_sample", "import"):
        result = whatsafter(command, "--help", db=tmp_path / "db.sqlite3")
        assert result.returncode == 0 and "usage:" in result.stdout


@pytest.mark.django_db(transaction=True)
def test_ask_through_a_remote_server(live_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import EvidenceFactory, MovieFactory, with_verdict

    movie = MovieFactory(
        title="Remote Film", slug="remote-film-2010", year=2010, runtime_minutes=90
    )
    EvidenceFactory(movie=movie, claim="after")
    with_verdict(movie)
    result = whatsafter(
        "ask", "Remote Film", "--server", live_server.url, db=tmp_path / "empty.sqlite3"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Yes: 1 scene, 1 after the credits")
    assert result.stdout.strip().endswith("Remote Film (2010), 1 h 30 min")
    down = whatsafter(
        "ask", "Remote Film", "--server", "http://127.0.0.1:9", db=tmp_path / "e.sqlite3"
    )
    assert down.returncode == 1 and "Could not reach" in down.stderr
