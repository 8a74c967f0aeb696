"""Read a subtitle file into timed, classified cues with maintained libraries.

pysubs2 parses SRT, WebVTT, ASS/SSA and MicroDVD; charset-normalizer guesses the encoding of
files that are not UTF-8 (cp1252 is common). Anything that is not a subtitle file raises
SubtitleError with a sentence a person can act on, never a traceback.
"""

from __future__ import annotations

import re
from pathlib import Path

import pysubs2
from charset_normalizer import from_bytes

from whatsafter.subtitles.detector import Cue, Kind

# Larger than any real subtitle file (a 3-hour film's SRT is ~200 KB): refuse, do not parse.
MAX_BYTES = 8 * 1024 * 1024
# MicroDVD counts frames; a file that names no frame rate is most often timed for film.
MICRODVD_DEFAULT_FPS = 23.976

_TAGS = re.compile(r"<[^>]*>|\{[^}]*\}")
_MUSIC = re.compile(r"[♪♫#]")
_SOUND_ONLY = re.compile(r"^\s*(?:\[[^\]]*\]|\([^)]*\)|\s)+\s*$")
# The subtitle maker's credit lines and adverts, in the languages of the shared data set.
_CREDIT = re.compile(
    r"www\.|https?://|opensubtitles|subscene|addic7ed|podnapisi|"
    r"\bsubtitles?\s+(?:by|ripped|synced|corrected)|\bsync(?:ed|hronized)?\s+(?:by|and)|"
    r"\bsubs?\s+by\b|legendad[oa]s?\s+por|legenda[s]?\s*:|tradu[çc][ãa]o\s*:|"
    r"revis[ãa]o\s*:|sincroniza[çc][ãa]o|\[credit\]",
    re.IGNORECASE,
)


class SubtitleError(ValueError):
    """The file cannot be read as subtitles; the message says why."""


def classify(text: str) -> Kind:
    """Dialogue, a song, a sound description or the subtitle maker's credit line."""
    text = _TAGS.sub("", text)
    if _CREDIT.search(text):
        return Kind.CREDIT
    if _MUSIC.search(text):
        return Kind.MUSIC
    if _SOUND_ONLY.match(text):
        return Kind.SOUND
    return Kind.DIALOGUE


def decode(raw: bytes, name: str = "file") -> str:
    """Text from bytes: UTF-8 (with or without BOM) first, else charset-normalizer's guess."""
    if not raw.strip():
        raise SubtitleError(f"{name}: the file is empty")
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SubtitleError(f"{name}: binary data, not a subtitle file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(raw).best()
    if best is None:
        raise SubtitleError(f"{name}: the text encoding cannot be recognised")
    return str(best)


def parse(text: str, name: str = "file") -> list[Cue]:
    """Cues from subtitle text in any format pysubs2 recognises."""
    try:
        # Tags are kept as they are (one regex in classify() drops them): converting them to
        # SubStation markup is most of pysubs2's time and the detector never needs it.
        subs = pysubs2.SSAFile.from_string(text, fps=MICRODVD_DEFAULT_FPS, keep_html_tags=True)
    except pysubs2.exceptions.UnknownFileExtensionError as exc:  # pragma: no cover - defensive
        raise SubtitleError(f"{name}: {exc}") from exc
    except (pysubs2.exceptions.FormatAutodetectionError, ValueError) as exc:
        raise SubtitleError(f"{name}: not a subtitle format we can read ({exc})") from exc
    cues = [
        Cue(event.start / 1000, event.end / 1000, classify(event.text))
        for event in subs
        if not event.is_comment and event.end > event.start >= 0
    ]
    if not cues:
        raise SubtitleError(f"{name}: the file has no timed lines")
    return cues


def read(path: str | Path) -> list[Cue]:
    """Cues from a subtitle file on disk; SubtitleError when it is not one."""
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > MAX_BYTES:
            raise SubtitleError(
                f"{file.name}: {size / 1e6:.0f} MB is far larger than any subtitle file"
            )
        raw = file.read_bytes()
    except OSError as exc:
        raise SubtitleError(f"{file.name}: cannot read it ({exc.strerror})") from exc
    return parse(decode(raw, file.name), file.name)
