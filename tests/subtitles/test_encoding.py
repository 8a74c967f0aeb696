# ruff: noqa: RUF001, RUF003 (Cyrillic, Greek and Turkish letters and signs are the point)
"""The code page of files that are not UTF-8: Western and Central European, Cyrillic, Greek
and Turkish subtitles, short and long, read back exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from whatsafter.subtitles import encoding, reader
from whatsafter.subtitles.detector import Kind

from .conftest import srt
from .legacy_text import LEGACY_LINES, same_letters

# A short file is one set of eight lines (a trailer has more); a long one a film's worth.
SIZES = {"short": 8, "long": 600}


def legacy_file(language: str, cues: int, first: int = 0) -> tuple[str, bytes]:
    code_page, lines = LEGACY_LINES[language]
    text = srt(
        *[(5.0 * i, 5.0 * i + 3, lines[(first + i) % len(lines)]) for i in range(cues)]
    ).replace("\n", "\r\n")
    return text, text.encode(code_page)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", LEGACY_LINES)
def test_legacy_code_pages_read_back_exactly(language: str, size: str) -> None:
    for first in range(len(LEGACY_LINES[language][1])):  # every line can open the file
        text, raw = legacy_file(language, SIZES[size], first)
        assert same_letters(encoding.guess(raw) or "") == same_letters(text), (language, first)


def test_a_portuguese_file_is_not_read_as_central_european(tmp_path: Path) -> None:
    # charset-normalizer alone takes this file for cp1250: "Tradução" would read "Traduçăo".
    _, raw = legacy_file("pt", 8)
    path = tmp_path / "pt.srt"
    path.write_bytes(raw)
    assert reader.decode(raw).count("ã") == raw.count(b"\xe3")
    assert reader.read(path)[1].kind == Kind.CREDIT


@pytest.mark.parametrize("language", ["pl", "cs"])
def test_a_central_european_file_is_not_read_as_western(language: str) -> None:
    text, raw = legacy_file(language, 8)
    assert reader.decode(raw) == text


def test_a_symbol_inside_a_word_rules_a_reading_out() -> None:
    # Polish "mógłbyś" read as cp1252 is "móg³byœ": a superscript between letters is no word.
    assert encoding._not_text("Przepraszam, czy móg³byœ mi pomóc?")
    assert not encoding._not_text("Don´t… ¿Qué? “Oui” l·l 1º")


def test_a_word_mixing_alphabets_rules_a_reading_out() -> None:
    assert encoding._not_text("Sarٍ lى tra poco")
    assert not encoding._not_text("Я не знаю. OKです")


@pytest.mark.parametrize("bom", ["utf-16", "utf-32"])
def test_wide_encodings_with_a_byte_order_mark(bom: str) -> None:
    text, _ = legacy_file("ru", 8)
    assert reader.decode(text.encode(bom)) == text


@pytest.mark.parametrize("wide", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("language", ["ru", "pt"])
def test_utf16_without_a_byte_order_mark_reads_back_exactly(wide: str, language: str) -> None:
    text, _ = legacy_file(language, SIZES["long"])
    assert reader.decode(text.encode(wide)) == text


def test_utf16_without_a_byte_order_mark_in_cjk_reads_back_exactly() -> None:
    text = srt(*[(5.0 * i, 5.0 * i + 3, "我不知道一个人怎么办。") for i in range(50)])
    assert reader.decode(text.encode("utf-16-le")) == text


@pytest.mark.parametrize(
    "raw",
    [
        # NULs on both sides of the pairs: a binary file, not wide text.
        bytes(range(256)) * 16,
        # Wide on one side, but decoding to control characters: not text either.
        "\x01\x02\x03\x04 1\n00:00:01,000".encode("utf-16-le") * 50,
    ],
)
def test_binary_data_with_nul_bytes_is_still_refused(raw: bytes) -> None:
    with pytest.raises(reader.SubtitleError, match="binary data"):
        reader.decode(raw)


@pytest.mark.parametrize(
    ("language", "mixed_line"),
    [
        # OCR reads a Cyrillic "о" as a Latin "o", and the odd loan word mixes alphabets.
        ("ru", "Мoжет быть, IPадрес не тот."),
        ("el", "Τo όνομα είναι Μaρία."),
    ],
)
def test_a_few_words_mixing_alphabets_do_not_make_a_film_unreadable(
    language: str, mixed_line: str
) -> None:
    code_page, lines = LEGACY_LINES[language]
    cues = [lines[i % len(lines)] for i in range(600)]
    cues[300] = mixed_line
    text = srt(*[(5.0 * i, 5.0 * i + 3, line) for i, line in enumerate(cues)])
    # Every word of the line is odd to the strict check, which alone ruled the file out.
    assert encoding._not_text(mixed_line)
    assert reader.decode(text.encode(code_page)) == text


def test_a_wrong_code_page_is_still_ruled_out_when_no_reading_is_clean() -> None:
    # Polish read as cp1252 puts a symbol inside every word holding "ł" or "ą" ("móg³byœ"):
    # more odd words than the one look-alike of the right reading, so cp1250 still wins.
    code_page, lines = LEGACY_LINES["pl"]
    cues = [lines[i % len(lines)] for i in range(600)]
    cues[10] = "Mo×ę?"  # OCR's "×" inside a word: no reading is clean
    text = srt(*[(5.0 * i, 5.0 * i + 3, line) for i, line in enumerate(cues)])
    assert encoding.guess(text.encode(code_page)) == text


def test_bytes_no_code_page_reads_as_words_are_still_refused() -> None:
    # Noise above 0x7F in every word: each reading is odd throughout, nothing to read.
    noise = bytes(range(0x80, 0x100)) * 4
    raw = srt(*[(5.0 * i, 5.0 * i + 3, "x") for i in range(20)]).encode() + noise
    with pytest.raises(reader.SubtitleError, match="encoding cannot be recognised"):
        reader.decode(raw)
