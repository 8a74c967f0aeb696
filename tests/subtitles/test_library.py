"""`whatsafter scan-library` on generated libraries: sidecars in every layout, an embedded
track in a real .mkv made with ffmpeg, and sending to a live site through the API."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bench.generate_library import LAYOUTS, LibraryFilm, build
from whatsafter.aftercredits.models import Verdict
from whatsafter.api.models import ApiClient
from whatsafter.catalog.models import Movie
from whatsafter.subtitles import library, reader
from whatsafter.subtitles.detector import detect
from whatsafter.subtitles.management.commands import scan_library
from whatsafter.subtitles.models import SubtitleScan

from .conftest import FILES, film_cues, srt

# (title, year, tmdb id, runtime, file): each layout gets a film with a scene or without one.
FILMS = [
    ("The Matrix Reloaded", 2003, 604, 138, "604-the-matrix-reloaded.srt"),
    ("Bee Movie", 2007, 5559, 91, "5559-bee-movie.srt"),
    ("Titanic", 1997, 597, 194, "597-titanic.srt"),
    ("Big Hero 6", 2014, 177572, 102, "177572-big-hero-6.srt"),
    ("Inception", 2010, 27205, 148, "27205-inception.srt"),
    ("Brave", 2012, 62177, 93, "62177-brave.srt"),
]
WITH_SCENE = {"The Matrix Reloaded", "Bee Movie", "Big Hero 6", "Brave"}


@pytest.fixture
def media(tmp_path: Path) -> Path:
    root = tmp_path / "Movies"
    films = [
        LibraryFilm(title, year, tmdb_id, (FILES / name).read_text(encoding="utf-8"))
        for title, year, tmdb_id, _, name in FILMS
    ]
    build(root, films)
    return root


@pytest.fixture
def catalogue() -> list[Movie]:
    return [
        # The tmdb id is left out of all but one film: matching by title and year must work.
        Movie.objects.create(
            title=title,
            year=year,
            slug=f"{tmdb_id}-film",
            runtime_minutes=runtime,
            tmdb_id=tmdb_id if title == "Big Hero 6" else None,
        )
        for title, year, tmdb_id, runtime, _ in FILMS
    ]


def test_walk_finds_every_layout(media: Path) -> None:
    found = {f.title: f for f in library.walk(media)}
    assert set(found) == {title for title, *_ in FILMS}
    assert len(LAYOUTS) == len(FILMS)
    assert found["Big Hero 6"].tmdb_id == 177572  # [tmdbid-…] in a Jellyfin folder name
    assert found["Brave"].subtitle.name == "Brave (2012).en.srt"  # the forced track is skipped
    assert found["Bee Movie"].subtitle.parent.name == "Subs"  # Kodi's Subs folder
    assert found["Inception"].video is None  # a subtitle kept without its video


@pytest.mark.django_db
@pytest.mark.parametrize("batch", [200, 4, 1])  # one batch, a full one and a part, one per film
def test_scan_library_records_evidence_for_matched_films(
    media: Path,
    catalogue: list[Movie],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    batch: int,
) -> None:
    monkeypatch.setattr(scan_library, "BATCH_FILMS", batch)
    call_command("scan_library", str(media), "--no-embedded")
    assert "6 films" in capsys.readouterr().out
    scans = SubtitleScan.objects.select_related("movie")
    assert {s.movie.title for s in scans} == {title for title, *_ in FILMS}
    yes = set(Verdict.objects.filter(status="yes").values_list("movie__title", flat=True))
    assert yes == WITH_SCENE
    assert all(s.via == "library" and s.file_date is not None for s in scans)


@pytest.mark.django_db
def test_unmatched_films_are_counted_not_guessed(media: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("scan_library", str(media), "--no-embedded")
    assert "6 unmatched" in capsys.readouterr().out
    assert not SubtitleScan.objects.exists()


def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="is not a folder"):
        call_command("scan_library", str(tmp_path / "nope"))


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is not installed")
@pytest.mark.django_db
def test_an_embedded_text_track_is_read_from_the_last_half_hour(tmp_path: Path) -> None:
    movie = Movie.objects.create(title="Bee Movie", year=2007, slug="bee-movie", runtime_minutes=91)
    folder = tmp_path / "Movies" / "Bee Movie (2007)"
    folder.mkdir(parents=True)
    video = folder / "Bee Movie (2007).mkv"
    subprocess.run(  # noqa: S603 - fixed arguments
        [
            shutil.which("ffmpeg") or "ffmpeg", "-v", "error", "-y",
            "-f", "lavfi", "-i", "color=c=black:s=32x32:r=1:d=5440",
            "-i", str(FILES / "5559-bee-movie.srt"), "-map", "0", "-map", "1",
            "-c:v", "libx264", "-preset", "ultrafast", "-c:s", "srt", str(video),
        ],
        check=True, timeout=120,
    )  # fmt: skip
    cues, duration = library.embedded_cues(video)
    assert duration == pytest.approx(5440, abs=2)
    # ffmpeg seeks to the container cluster before the 30-minute mark: a few minutes early.
    assert min(c.start_s for c in cues) > duration - library.EMBEDDED_TAIL_S - 300
    assert len(cues) < len(reader.read(FILES / "5559-bee-movie.srt")) / 2
    call_command("scan_library", str(tmp_path / "Movies"))
    scan = SubtitleScan.objects.get(movie=movie)
    assert scan.file_name == "Bee Movie (2007).mkv (embedded track)"
    assert scan.after_credits is True


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is not installed")
def test_a_long_films_embedded_track_is_read_as_far_back_as_the_detector_looks(
    tmp_path: Path,
) -> None:
    # 150 minutes: the last quarter starts 37.5 minutes from the end, before the last half
    # hour; a pause at 113 minutes there decides where the credits are.
    # Uneven lines, as speech is (even ones would read as lyrics).
    talk = [(at, at + 1.2 + at % 7 * 0.5, "Still talking.") for at in range(6960, 8400, 20)]
    cues = film_cues(113) + talk
    cues += [(8700.0, 8703.0, "After the credits."), (8710.0, 8713.0, "Yes.")]
    subtitles = tmp_path / "long.srt"
    subtitles.write_text(srt(*cues), encoding="utf-8")
    video = tmp_path / "Long Film (2001).mkv"
    subprocess.run(  # noqa: S603 - fixed arguments
        [
            shutil.which("ffmpeg") or "ffmpeg", "-v", "error", "-y",
            "-f", "lavfi", "-i", "color=c=black:s=32x32:r=1:d=9000",
            "-i", str(subtitles), "-map", "0", "-map", "1",
            "-c:v", "libx264", "-preset", "ultrafast", "-c:s", "srt", str(video),
        ],
        check=True, timeout=120,
    )  # fmt: skip
    embedded, duration = library.embedded_cues(video)
    assert min(c.start_s for c in embedded) < duration - library.EMBEDDED_TAIL_S
    whole = reader.read(subtitles)
    assert len(embedded) < len(whole)
    for runtime in (150 * 60, None):
        expected = dataclasses.replace(detect(whole, runtime), cue_count=0)
        assert dataclasses.replace(detect(embedded, runtime), cue_count=0) == expected
    assert any("not the credits" in reason for reason in detect(whole, 150 * 60).reasons)


@pytest.mark.django_db(transaction=True)
def test_server_mode_sends_timing_to_a_live_site(live_server, media: Path, catalogue) -> None:  # type: ignore[no-untyped-def]
    _, key = ApiClient.issue(name="Home library")
    call_command(
        "scan_library", str(media), "--no-embedded", "--server", live_server.url, "--api-key", key
    )
    scans = SubtitleScan.objects.all()
    assert scans.count() == len(FILMS)
    assert {s.via for s in scans} == {"api"} and {s.submitted_by for s in scans} == {"Home library"}
    assert (
        set(Verdict.objects.filter(status="yes").values_list("movie__title", flat=True))
        == WITH_SCENE
    )
    with pytest.raises(CommandError, match="refused the API key"):
        call_command(
            "scan_library", str(media), "--no-embedded", "--server", live_server.url,
            "--api-key", "wrong",
        )  # fmt: skip
