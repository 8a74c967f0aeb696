"""Read a subtitle file into timed, classified cues with maintained libraries.

pysubs2 parses SRT, WebVTT, ASS/SSA and MicroDVD; encoding.py guesses the code page of files
that are not UTF-8, with charset-normalizer. Anything that is not a subtitle file raises
SubtitleError with a sentence a person can act on, never a traceback.
"""

from __future__ import annotations

import re
from pathlib import Path

import pysubs2

from whatsafter.subtitles import encoding
from whatsafter.subtitles.detector import Cue, Kind, earliest_needed_s

# Larger than any real subtitle file (a 3-hour film's SRT is ~200 KB): refuse, do not parse.
MAX_BYTES = 8 * 1024 * 1024
# MicroDVD counts frames; a file that names no frame rate is most often timed for film.
MICRODVD_DEFAULT_FPS = 23.976

# Formats whose files list cues in time order and that pysubs2 reads line by line: only these
# are read from the end (parse_tail), cut where a cue starts: SRT and WebVTT cues after a
# blank line, MicroDVD's (one a line) at any line.
_SRT_BREAK = re.compile(r"\n[ \t\r]*\n")
_CUE_BREAK = {"srt": _SRT_BREAK, "vtt": _SRT_BREAK, "microdvd": re.compile(r"\n")}
# The first piece read from the end: a film's last quarter takes 11-29% of its SRT file
# (the credits hold few lines), so the first piece rarely overshoots what is needed; the next
# pieces are sized from the film's pace (parse_tail).
TAIL_FIRST_SHARE = 0.15
# The next piece is this share of the estimate of what is still missing: a piece too short
# costs one more small piece (a few cues' time), one too long costs every cue parsed for
# nothing. 0.7-0.9 parsed the fewest cues on the shared set (docs/BENCHMARKS.md).
PACE_SHARE = 0.8
# The head read to check the file is in time order (some files put late lines first). A file
# less than four heads long (a trailer, a short) is read whole: cutting it saves little.
HEAD_CHARS = 1_000
# A line of dialogue stays on screen seconds, never a minute: a line starting this long before
# the time detect() needs cannot still be on screen then.
LINE_MARGIN_S = 60.0
_TAGS = re.compile(r"<[^>]*>|\{[^}]*\}")
_MUSIC = re.compile(r"[♪♫#]")
_SOUND_ONLY = re.compile(r"^\s*(?:\[[^\]]*\]|\([^)]*\)|\s)+\s*$")
# The subtitle maker's credit lines and adverts, in the languages of the shared data set, as
# patterns under a word each of them contains. Lower case, matched against the lowered text
# (three times faster than re.IGNORECASE). The words are looked for first (plain words, which
# the regex engine finds 5-7 times faster than the whole pattern): on real files this search
# was most of classify()'s time, and almost no line holds one of the words.
_CREDIT_PARTS: dict[str, tuple[str, ...]] = {
    "www.": (r"www\.",),
    "http": (r"https?://",),
    "sub": (
        r"opensubtitles",
        r"subscene",
        r"\bsubtitles?\s+(?:by|ripped|synced|corrected)",
        r"\bsubs?\s+by\b",
        r"\bsubt[íi]tulos?\s*(?:por|:)",
        r"\bsubtitulad[oa]\s+por",
    ),
    "addic7ed": (r"addic7ed",),
    "podnapisi": (r"podnapisi",),
    "sync": (r"\bsync(?:ed|hronized)?\s+(?:by|and)", r"\bresync(?:ed)?\s+by"),
    "legenda": (r"legendad[oa]s?\s+por", r"legenda[s]?\s*:"),
    # Portuguese, Spanish and Italian "Translation:", and Spanish "translated by".
    "tradu": (r"tradu(?:[çc][ãa]o|cci[óo]n|zione)\s*:", r"traducid[oa]\s+por"),
    "revis": (r"revis[ãa]o\s*:",),
    "sincroniza": (r"sincroniza[çc][ãa]o",),
    "[credit]": (r"\[credit\]",),
    # The same credits as the film's languages write them: files of every language reach a
    # media library, and a credit line read as talk after the credits is a false scene.
    "ripped": (r"\bripped\s+by",),
    "caption": (r"\bcaption(?:ed|ing)\s+(?:by|made\s+possible|provided)",),
    "untertitel": (r"untertitel\s*(?:von|:)",),
    "sous-titr": (r"sous\-titr(?:es?|age)\s*(?:par|:)",),
    "sottotitoli": (r"sottotitoli\s*(?:a\s+cura\s+di|di|:)",),
    "napisy": (r"\bnapisy\s*:",),
    "tłumacz": (r"\btłumaczenie\s*:",),
    "titulky": (r"\btitulky\s*:",),
    "altyaz": (r"\baltyaz[ıi]\s*:",),  # noqa: RUF001 (Turkish dotless i)
    "ondertitel": (r"ondertitel(?:ing|s)?\s*:",),
    "tekster": (r"tekster\s*:",),
    "undertext": (r"undertext(?:er)?\s*:",),
    "become vip": (r"become\ vip\s+member",),
    "advertise": (r"advertise\s+your\s+product",),
}
_CREDIT_WORDS = re.compile("|".join(re.escape(word) for word in _CREDIT_PARTS))
_CREDIT = re.compile("|".join(p for parts in _CREDIT_PARTS.values() for p in parts))


class SubtitleError(ValueError):
    """The file cannot be read as subtitles; the message says why."""


def classify(text: str) -> Kind:
    """Dialogue, a song, a sound description or the subtitle maker's credit line."""
    if "<" in text or "{" in text:  # most lines have no tag: skip the substitution
        text = _TAGS.sub("", text)
    if "\\" in text:
        # pysubs2 writes a line break as \N (SubStation's; \n a soft one), and in a CRLF file
        # every cue but the last keeps a "\r\N\r" from the blank line after it: read as the
        # whitespace they are, or "[door slams]" in a CRLF file, or on two lines, is dialogue.
        text = text.replace("\\N", "\n").replace("\\n", "\n")
    lowered = text.lower()
    if _CREDIT_WORDS.search(lowered) and _CREDIT.search(lowered):
        return Kind.CREDIT
    if _MUSIC.search(text):
        return Kind.MUSIC
    if _SOUND_ONLY.match(text):
        return Kind.SOUND
    return Kind.DIALOGUE


def decode(raw: bytes, name: str = "file") -> str:
    """Text from bytes: UTF-8 (with or without BOM) first, else the guessed code page."""
    if not raw.strip():
        raise SubtitleError(f"{name}: the file is empty")
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        wide = encoding.bomless_utf16(raw)
        if wide is None:
            raise SubtitleError(f"{name}: binary data, not a subtitle file")
        return wide
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = encoding.guess(raw)
    if text is None:
        raise SubtitleError(f"{name}: the text encoding cannot be recognised")
    return text


def _format(text: str, name: str) -> str:
    """pysubs2's own format detection, on the same first 10,000 characters it looks at."""
    try:
        return str(pysubs2.formats.autodetect_format(text[:10000]))
    except pysubs2.exceptions.FormatAutodetectionError as exc:
        raise SubtitleError(f"{name}: not a subtitle format we can read ({exc})") from exc


def _subs(text: str, fmt: str, name: str, fps: float | None = None) -> pysubs2.SSAFile:
    """`text` parsed by pysubs2 as format `fmt`; MicroDVD frames counted at `fps`, or at the
    rate its {1}{1}fps first line names (pysubs2's own reading), or at film's."""
    try:
        # Tags are kept as they are (one regex in classify() drops them): converting them to
        # SubStation markup is most of pysubs2's time and the detector never needs it.
        try:
            return pysubs2.SSAFile.from_string(text, format_=fmt, fps=fps, keep_html_tags=True)
        except pysubs2.exceptions.UnknownFPSError:
            # MicroDVD counts frames and names its frame rate on a {1}{1}fps first line; a
            # file without that line is most often timed for film.
            return pysubs2.SSAFile.from_string(
                text, format_=fmt, fps=MICRODVD_DEFAULT_FPS, keep_html_tags=True
            )
    except (pysubs2.exceptions.Pysubs2Error, ValueError) as exc:
        raise SubtitleError(f"{name}: not a subtitle format we can read ({exc})") from exc


def _cues(subs: pysubs2.SSAFile) -> list[Cue]:
    return [
        Cue(event.start / 1000, event.end / 1000, classify(event.text))
        for event in subs.events
        if not event.is_comment and event.end > event.start >= 0
    ]


def parse(text: str, name: str = "file", fmt: str | None = None) -> list[Cue]:
    """Every cue of subtitle text in any format pysubs2 recognises (`fmt` if already known)."""
    cues = _cues(_subs(text, fmt or _format(text, name), name))
    if not cues:
        raise SubtitleError(f"{name}: the file has no timed lines")
    return cues


def _break_after(text: str, at: int, fmt: str) -> int:
    """The first position at or after `at` where a cue starts (a line, or after a blank line)."""
    found = _CUE_BREAK[fmt].search(text, at)
    return found.end() if found else len(text)


def parse_tail(
    text: str, name: str = "file", runtime_s: float | None = None, *, any_runtime: bool = False
) -> list[Cue]:
    """The cues detect() needs: every cue from before the last quarter of the film on.

    SRT, WebVTT and MicroDVD list cues in time order and pysubs2 reads them line by line, so a
    piece cut where a cue starts parses to exactly that piece's cues. The file is read
    backwards in pieces until it reaches earliest_needed_s() (less a margin for a line still
    on screen): about a fifth of a film's file, and pysubs2's parsing is most of a scan's time
    (docs/BENCHMARKS.md). The head is read first: when it holds a line timed later than the
    tail's start, the file is not in time order and is read whole; a MicroDVD file's head names
    the frame rate the pieces are counted at. ASS lists events in any order: read whole.
    """
    fmt = _format(text, name)
    if fmt not in _CUE_BREAK or len(text) < 4 * HEAD_CHARS:
        return parse(text, name, fmt)
    head_end = _break_after(text, HEAD_CHARS, fmt)
    head_subs = _subs(text[:head_end], fmt, name)
    head = _cues(head_subs)
    fps = head_subs.fps if fmt == "microdvd" else None
    if fmt == "microdvd" and not head_subs.events:
        return parse(text, name, fmt)  # no line in the head to take the frame rate from
    end, size = len(text), int(len(text) * TAIL_FIRST_SHARE)
    head_s = max((c.start_s for c in head), default=0.0)
    cues: list[Cue] = []
    while end > head_end:
        cut = _break_after(text, max(end - size, head_end), fmt)
        if cut >= end:  # no cue starts in the piece: take everything before it
            cut = head_end
        cues = _cues(_subs(text[cut:end], fmt, name, fps)) + cues
        end = cut
        needed = earliest_needed_s(cues, runtime_s, any_runtime=any_runtime)
        if not cues or needed is None:
            size = 2 * (len(text) - end)  # not two lines of dialogue yet: twice as much again
            continue
        target_s = needed - LINE_MARGIN_S
        if cues[0].start_s <= target_s:
            break
        # The next cut: where the time still missing starts, at the pace of the film between
        # the head and this piece (its dialogue is denser than the credits'). A little short
        # costs one more small piece; too long, cues parsed for nothing.
        share = (cues[0].start_s - target_s) / max(cues[0].start_s - head_s, 1.0)
        size = max(HEAD_CHARS, int(PACE_SHARE * share * (end - head_end)))
    if end > head_end and cues and any(c.start_s > cues[0].start_s for c in head):
        cues = _cues(_subs(text[head_end:end], fmt, name, fps)) + cues
        end = head_end
    if end <= head_end:
        cues = head + cues
    if not cues:
        raise SubtitleError(f"{name}: the file has no timed lines")
    return cues


def _load(path: str | Path) -> str:
    """A subtitle file's text, refusing what cannot be one before decoding it."""
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
    return decode(raw, file.name)


def read(path: str | Path) -> list[Cue]:
    """Every cue of a subtitle file on disk; SubtitleError when it is not one."""
    return parse(_load(path), Path(path).name)


def read_tail(
    path: str | Path, runtime_s: float | None = None, *, any_runtime: bool = False
) -> list[Cue]:
    """The cues detect(cues, runtime_s) needs from a subtitle file (see parse_tail), or with
    `any_runtime` the cues it needs whatever runtime it is given later; the same errors as
    read()."""
    return parse_tail(_load(path), Path(path).name, runtime_s, any_runtime=any_runtime)
