"""`whatsafter scan-subtitles` as a user runs it: real files, JSON, exit status, recording."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from whatsafter.aftercredits.models import Verdict
from whatsafter.catalog.models import Movie

from .conftest import FILES

REQUIRED = {"during_credits", "after_credits", "credits_start_s", "scenes", "reasons"}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed console script, in a child process, as a user would call it."""
    return subprocess.run(  # noqa: S603 - our own console script, fixed arguments
        [sys.executable, "-m", "whatsafter.cli", "scan-subtitles", *args],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip


def test_json_per_file_and_exit_zero() -> None:
    done = run(
        str(FILES / "5559-bee-movie.srt"),
        str(FILES / "597-titanic.srt"),
        "--runtime",
        "91",
        "--json",
    )
    assert done.returncode == 0, done.stderr
    first, second = (json.loads(line) for line in done.stdout.splitlines())
    assert first.keys() >= REQUIRED
    assert first["after_credits"] is True and first["during_credits"] is False
    scene = first["scenes"][0]
    assert {"position", "start_s", "end_s", "cues", "confidence"} <= scene.keys()
    assert scene["position"] == "after" and scene["start_s"] > first["credits_start_s"]
    assert second["file"].endswith("597-titanic.srt")


def test_an_unreadable_file_exits_one_and_still_reads_the_rest(tmp_path: Path) -> None:
    bad = tmp_path / "broken.srt"
    bad.write_bytes(b"\x00\xff" * 100)
    done = run(str(bad), str(FILES / "604-the-matrix-reloaded.srt"), "--runtime", "138")
    assert done.returncode == 1
    assert "broken.srt: binary data" in done.stderr
    assert "Traceback" not in done.stderr
    assert "after the credits:  dialogue found" in done.stdout


@pytest.mark.django_db
def test_movie_option_takes_the_runtime_and_records(capsys: pytest.CaptureFixture[str]) -> None:
    movie = Movie.objects.create(
        title="Bee Movie", slug="bee-movie-2007", year=2007, runtime_minutes=91
    )
    call_command(
        "scan_subtitles",
        str(FILES / "5559-bee-movie.srt"),
        "--movie",
        movie.slug,
        "--json",
        "--record",
    )
    out = json.loads(capsys.readouterr().out)
    assert out["fits_runtime"] is True
    assert Verdict.objects.get(movie=movie).status == "yes"


@pytest.mark.django_db
def test_unknown_film_is_a_clear_error() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No film with TMDb id 999"):
        call_command("scan_subtitles", str(FILES / "5559-bee-movie.srt"), "--tmdb", "999")
