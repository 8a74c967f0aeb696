"""Real files in every format the shared raw samples hold, and bad input as clear errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from whatsafter.subtitles import reader
from whatsafter.subtitles.detector import Kind

from .conftest import FILES, srt


@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("bee-movie.pt-BR.cp1252-crlf.srt", 1329),
        ("robin-hood.microdvd-in-dot-srt.srt", 938),
        ("frozen.bom-overlapping-lyrics.srt", 1753),
        ("big-hero-6.bom-crlf-html-tags.srt", 1742),
        ("avatar-trailer.webvtt.vtt", 52),
    ],
)
def test_raw_samples_read_in_every_format(name: str, count: int) -> None:
    cues = reader.read(FILES / name)
    assert len(cues) == count
    assert all(c.end_s > c.start_s >= 0 for c in cues)


def test_microdvd_frames_become_seconds_at_the_files_frame_rate() -> None:
    cues = reader.read(FILES / "robin-hood.microdvd-in-dot-srt.srt")
    # Robin Hood runs ~83 minutes; frames read as milliseconds would end after 1-2 minutes.
    assert 80 * 60 < cues[-1].end_s < 90 * 60


def test_lyrics_are_music_and_tokens_keep_their_kind() -> None:
    frozen = reader.read(FILES / "frozen.bom-overlapping-lyrics.srt")
    assert sum(c.kind == Kind.MUSIC for c in frozen) > 100
    tokens = {c.kind for c in reader.read(FILES / "5559-bee-movie.srt")}
    assert Kind.CREDIT in tokens and Kind.DIALOGUE in tokens


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("<i>♪ Let it go ♪</i>", Kind.MUSIC),
        ("[door slams]", Kind.SOUND),
        ("(SIGHS) [thunder]", Kind.SOUND),
        ("Subtitles by someone", Kind.CREDIT),
        ("Legendado por Fulano", Kind.CREDIT),
        ("Visit www.example.org", Kind.CREDIT),
        ("<b>Where are you going?</b>", Kind.DIALOGUE),
        ("[whispers] Come back.", Kind.DIALOGUE),
        ("Tradução : Fulano", Kind.CREDIT),
        ("SYNCED AND CORRECTED BY X", Kind.CREDIT),
        ("<font color=red>subs by me</font>", Kind.CREDIT),
        ("I sub for him by the door.", Kind.DIALOGUE),  # the word alone is not a credit
        ("Who synced this?", Kind.DIALOGUE),
        # Other languages' and sites' credit lines, and talk that only mentions them.
        ("Resynced by Someone", Kind.CREDIT),
        ("Ripped by X", Kind.CREDIT),
        ("Captioning made possible by Y", Kind.CREDIT),
        ("Untertitel: Anna", Kind.CREDIT),
        ("Sous-titres par Team", Kind.CREDIT),
        ("Sottotitoli a cura di Z", Kind.CREDIT),
        ("Subtítulos por Ana", Kind.CREDIT),
        ("Traducción: Luis", Kind.CREDIT),
        ("Napisy: Jan", Kind.CREDIT),
        ("Tłumaczenie: Jan", Kind.CREDIT),
        ("Titulky: Petr", Kind.CREDIT),
        ("Altyazı: Ali", Kind.CREDIT),  # noqa: RUF001 (Turkish dotless i)
        ("Ondertiteling: Bram", Kind.CREDIT),
        ("Tekster: Ole", Kind.CREDIT),
        ("Support us and become VIP member", Kind.CREDIT),
        ("Advertise your product or brand here", Kind.CREDIT),
        ("The subtitles were wrong.", Kind.DIALOGUE),
        ("I ripped my shirt by accident.", Kind.DIALOGUE),
        ("Die Untertitel fehlen.", Kind.DIALOGUE),
        ("You want to become a VIP?", Kind.DIALOGUE),
        # pysubs2's line breaks: two lines, and the blank line a CRLF file leaves on a cue.
        ("(SIGHS)\\N[thunder]", Kind.SOUND),
        ("[door slams]\r\\N\r", Kind.SOUND),
        ("Come\\Nback.", Kind.DIALOGUE),
    ],
)
def test_classify(text: str, kind: Kind) -> None:
    assert reader.classify(text) == kind


def test_every_credit_pattern_holds_the_word_looked_for_first() -> None:
    # classify() runs the credit patterns only on text holding one of the words: a pattern
    # that could match without its word would be skipped.
    for word, patterns in reader._CREDIT_PARTS.items():
        for pattern in patterns:
            at = pattern.find(re.escape(word))
            assert at >= 0, pattern
            # Nothing optional or repeated in front of the word.
            assert not re.search(r"[?*+|{(\[]", pattern[:at].replace(r"\b", "")), pattern
            assert pattern[at + len(re.escape(word)) : at + len(re.escape(word)) + 1] not in (
                "?",
                "*",
                "{",
            ), pattern


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("empty.srt", b"", "empty"),
        ("blank.srt", b"\n\r\n  \n", "empty"),
        ("movie.srt", b"\x00\x01\x02MKV\x00\x00" * 200, "binary"),
        ("notes.srt", b"Just a shopping list.\nMilk\nEggs\n", "not a subtitle format"),
        ("timeless.srt", b"1\nno times here\n\n2\nnor here\n", "not a subtitle format"),
    ],
)
def test_bad_input_is_a_clear_error(tmp_path: Path, name: str, data: bytes, says: str) -> None:
    with pytest.raises(reader.SubtitleError, match=says) as caught:
        reader.read(write(tmp_path, name, data))
    assert name in str(caught.value)


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.srt"
    with path.open("wb") as handle:
        handle.truncate(reader.MAX_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(reader.SubtitleError, match="larger than any subtitle file"):
        reader.read(path)


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(reader.SubtitleError, match="cannot read it"):
        reader.read(tmp_path / "nowhere.srt")


def test_portuguese_credit_lines_in_cp1252_are_credits(tmp_path: Path) -> None:
    # charset-normalizer alone reads a short cp1252 file like this one as cp1250 ("Traduçăo"),
    # and the subtitle maker's lines would count as dialogue (see encoding.py).
    text = srt(
        (1.0, 3.0, "Tradução: Fulano"),
        (4.0, 6.0, "Revisão e sincronização: Beltrano"),
        (7.0, 9.0, "Não sei o que você está dizendo."),
    )
    path = write(tmp_path, "pt.srt", text.replace("\n", "\r\n").encode("cp1252"))
    kinds = [c.kind for c in reader.read(path)]
    assert kinds == [Kind.CREDIT, Kind.CREDIT, Kind.DIALOGUE]
