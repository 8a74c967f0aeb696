"""Reading only a file's tail gives the detector exactly what reading the whole file gives."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pysubs2
import pytest

from whatsafter.subtitles import reader
from whatsafter.subtitles.detector import Findings, detect

from .conftest import FILES, film_cues, srt

SAMPLES = sorted(p.name for p in FILES.iterdir() if p.suffix in {".srt", ".vtt"})


def same(findings: Findings) -> Findings:
    # The count of cues given differs by design; everything else must not.
    return dataclasses.replace(findings, cue_count=0)


@pytest.mark.parametrize("name", SAMPLES)
def test_the_tail_gives_the_same_findings_as_the_whole_file(
    name: str, manifest: dict[str, dict[str, str]]
) -> None:
    whole = reader.read(FILES / name)
    last = max(c.end_s for c in whole)
    listed = manifest.get(name)
    # The catalogue's runtime, none, one the file overruns, one just inside the tolerance.
    runtimes = [None, last * 0.8, last / 1.04, last * 1.2]
    if listed:
        runtimes.append(int(listed["runtime_min"]) * 60)
    later = reader.read_tail(FILES / name, any_runtime=True)
    for runtime in runtimes:
        expected = same(detect(whole, runtime))
        tail = reader.read_tail(FILES / name, runtime)
        assert same(detect(tail, runtime)) == expected
        assert same(detect(later, runtime)) == expected, runtime
        # The cues themselves: the whole file's last ones, at the same times, of the same kinds.
        assert tail == whole[-len(tail) :]


@pytest.mark.parametrize("name", ["5559-bee-movie.srt", "big-hero-6.bom-crlf-html-tags.srt"])
def test_a_film_is_read_from_its_last_part_only(
    name: str, manifest: dict[str, dict[str, str]]
) -> None:
    whole = reader.read(FILES / name)
    tail = reader.read_tail(FILES / name, 102 * 60)
    assert len(tail) < len(whole) / 2
    # Nothing the detector looks at is missing: the tail reaches back past the last quarter.
    assert min(c.start_s for c in tail) <= 0.75 * 102 * 60 - reader.LINE_MARGIN_S


def test_the_tail_reaches_back_to_a_silence_early_in_the_last_quarter(tmp_path: Path) -> None:
    # A 3-minute pause at 75.5 of 100 minutes, then the film goes on for 13 minutes: the
    # detector must see that pause (and reject it) exactly as it does reading the whole file,
    # though the file's last fifth (the first piece read) starts well after it.
    film = [c for c in film_cues(75.5)]
    # Uneven lines, as speech is (even ones would read as lyrics).
    film += [(at, at + 1 + at % 4 * 0.8, "More talk.") for at in range(78 * 60 + 30, 92 * 60, 5)]
    film += [(98 * 60.0, 98 * 60 + 3.0, "After."), (98 * 60 + 10.0, 98 * 60 + 13.0, "Yes.")]
    path = tmp_path / "pause.srt"
    path.write_text(srt(*film), encoding="utf-8")
    whole, tail = reader.read(path), reader.read_tail(path, 100 * 60)
    assert len(tail) < len(whole)
    expected = detect(whole, 100 * 60)
    assert any("75.4 min is not the credits" in reason for reason in expected.reasons)
    assert same(detect(tail, 100 * 60)) == same(expected)


def test_webvtt_is_read_from_its_tail_too(tmp_path: Path) -> None:
    path = tmp_path / "bee-movie.vtt"
    subs = pysubs2.load(str(FILES / "5559-bee-movie.srt"), keep_html_tags=True)
    path.write_text(subs.to_string("vtt"), encoding="utf-8")
    whole, tail = reader.read(path), reader.read_tail(path, 91 * 60)
    assert len(tail) < len(whole) / 2
    assert same(detect(tail, 91 * 60)) == same(detect(whole, 91 * 60))
    assert detect(tail, 91 * 60).after_credits is True


def test_a_file_out_of_time_order_is_read_whole(tmp_path: Path) -> None:
    # Some files list late lines first (I Am Legend in the shared set): those lines must not
    # be lost, here dialogue after the credits.
    film = film_cues(90)
    late = [
        (97 * 60.0, 97 * 60 + 3.0, "A scene after the credits."),
        (97 * 60 + 5.0, 97 * 60 + 7.0, "Yes."),
    ]
    path = tmp_path / "unordered.srt"
    path.write_text(srt(*late, *film), encoding="utf-8")
    whole, tail = reader.read(path), reader.read_tail(path, 100 * 60)
    assert len(tail) == len(whole)
    assert detect(tail, 100 * 60).after_credits is True


MICRODVD = FILES / "robin-hood.microdvd-in-dot-srt.srt"


def test_a_microdvd_file_is_read_from_its_tail_at_its_own_frame_rate(tmp_path: Path) -> None:
    text = MICRODVD.read_text(encoding="utf-8")
    whole, at_film = reader.read(MICRODVD), reader.read_tail(MICRODVD, 83 * 60)
    assert len(at_film) < len(whole) / 2
    # The pieces are counted at the rate the first line names, as the whole file is.
    assert at_film == whole[-len(at_film) :]
    path = tmp_path / "pal.sub"
    path.write_text(text.replace("{1}{1}23.976", "{1}{1}25", 1), encoding="utf-8")
    at_pal = reader.read_tail(path)
    assert at_pal == reader.read(path)[-len(at_pal) :]
    # The same frames at 25 fps end 25/23.976 sooner: the file's own rate was used.
    ratio = max(c.end_s for c in at_film) / max(c.end_s for c in at_pal)
    assert ratio == pytest.approx(25 / 23.976, rel=1e-3)


@pytest.mark.parametrize("first_line", ["", "{1}{1}not a rate\r\n"])
def test_a_microdvd_file_naming_no_frame_rate_is_read_at_films(
    tmp_path: Path, first_line: str
) -> None:
    # Without a {1}{1}fps first line pysubs2 cannot count frames: whole or tail, the reader
    # counts them at MICRODVD_DEFAULT_FPS.
    text = MICRODVD.read_text(encoding="utf-8").split("\n", 1)[1]
    path = tmp_path / "no-rate.sub"
    path.write_text(first_line + text, encoding="utf-8")
    whole, tail = reader.read(path), reader.read_tail(path, 83 * 60)
    assert len(tail) < len(whole) / 2
    assert tail == whole[-len(tail) :]
    assert whole == reader.read(MICRODVD)


def test_a_microdvd_file_opening_with_other_lines_is_read_whole(tmp_path: Path) -> None:
    # The frame rate pysubs2 takes from the first MicroDVD line is past the head: the pieces
    # could not be counted at it, so the whole file is read.
    text = MICRODVD.read_text(encoding="utf-8")
    path = tmp_path / "preamble.sub"
    path.write_text("Ripped from the disc by someone.\r\n" * 40 + text, encoding="utf-8")
    assert reader.read_tail(path, 83 * 60) == reader.read(path) == reader.read(MICRODVD)


def test_credits_without_dialogue_at_the_end_of_the_file(tmp_path: Path) -> None:
    # The last two fifths are song lines only: the first pieces hold no dialogue to tell
    # where the film ends, and the reader goes on back until they do.
    film = film_cues(60, every=7.0)
    song = [(at, at + 2.0 + at % 3, "♪ La la la ♪") for at in range(60 * 60 + 30, 100 * 60, 9)]
    path = tmp_path / "song.srt"
    path.write_text(srt(*film, *song), encoding="utf-8")
    whole = reader.read(path)
    for runtime in (None, 100 * 60):
        tail = reader.read_tail(path, runtime)
        assert len(tail) < len(whole)
        assert tail == whole[-len(tail) :]
        assert same(detect(tail, runtime)) == same(detect(whole, runtime))
