# ruff: noqa: RUF002, RUF003 (the accents and signs named are the point)
"""Guess the code page of a subtitle file that is not UTF-8.

charset-normalizer proposes the code pages the bytes can be read in, but on a short file
several of them read with no mess at all and it breaks the tie by name: a Portuguese cp1252
file comes out as cp1250 ("Tradução" as "Traduçăo"). Only the bytes above 0x7F tell the
code pages apart, so only the words holding them are looked at, and each proposed reading
is judged on them:

- a reading that puts a control character (C1) in the text, or a symbol between two
  letters of a word ("móg³byœ" for "mógłbyś"), or a word mixing alphabets, is not text;
- of the rest, the reading whose letters above ASCII one language's alphabet holds best
  wins (alphabets.py: "ő ű" are Hungarian's, while no alphabet has both "õ" and "û"), and
  among equals the one whose letters fit one language's most frequent letters best
  (charset-normalizer's own tables: Czech "ě ř", Polish "ł ą ę", Portuguese "ã ç"...);
- cp1252 is always in the running, even when charset-normalizer leaves it out, and wins a
  tie: Western European subtitles (Portuguese, Spanish, French, Italian...) far outnumber
  those of any other legacy code page, and when the bytes cannot tell (a line or two whose
  accents all read as letters either way) the likelier code page is the better guess.
  Known cost of that choice (docs/BENCHMARKS.md): a reading that a Western alphabet also
  holds entirely (Latvian "ī ā" read as French "î â") goes to cp1252.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter

from charset_normalizer import from_bytes
from charset_normalizer.constant import FREQUENCIES, IANA_SUPPORTED

from whatsafter.subtitles.alphabets import ALPHABETS

# DOS and Macintosh code pages (and EBCDIC Greek, cp875): subtitle files are written by
# Windows tools (or are UTF-8), and these readings of a Windows file often score as clean as
# the right one. Not cp874, Windows' Thai. charset-normalizer is told not to try them at all
# (a third of the code pages it knows, and of its time).
_NOT_SUBTITLES = (
    "cp437", "cp7", "cp85", "cp86", "cp875", "mac_", "hp_roman", "cp1006", "cp1125", "ptcp", "kz",
)  # fmt: skip
_SKIPPED = [name for name in IANA_SUPPORTED if name.startswith(_NOT_SUBTITLES)]
# Enough words to hold every frequent accent of a language (a film's file has thousands of
# accented words; charset-normalizer's time grows with the sample, which is all accents).
SAMPLE_WORDS = 300
# A reading whose every word is clean is preferred; failing that (_least_odd), readings whose
# words that are not text are at most this share of those holding a byte above 0x7F: a few
# OCR look-alikes in a right reading, where a wrong code page garbles every word holding one
# of its misread letters. Beyond it the bytes are not text we know.
ODD_WORDS_MAX_SHARE = 0.1
# Always tried, first, so it wins a tie (see above).
PRIOR = "cp1252"
# Byte-order marks of the wide encodings: they name the encoding, nothing to guess, and their
# bytes cannot be cut into words at ASCII spaces.
_WIDE_BOMS = {
    b"\xff\xfe\x00\x00": "utf-32",
    b"\x00\x00\xfe\xff": "utf-32",
    b"\xff\xfe": "utf-16",
    b"\xfe\xff": "utf-16",
}


def _by_letter(languages: list[frozenset[str]]) -> dict[str, list[int]]:
    """Each letter: the languages (their places in `languages`) that hold it."""
    index: dict[str, list[int]] = {}
    for at, letters in enumerate(languages):
        for letter in letters:
            index.setdefault(letter, []).append(at)
    return index


# Each language's frequent letters above ASCII, lower case.
_LANGUAGE_LETTERS = [
    frozenset(c.lower() for c in letters if ord(c) > 0x7F) for letters in FREQUENCIES.values()
]
_LANGUAGE_LETTERS = [letters for letters in _LANGUAGE_LETTERS if letters]
# Each language's whole alphabet above ASCII; a language only charset-normalizer knows
# (Vietnamese, Arabic, Hebrew…) brings its frequent letters.
_ALPHABET_LETTERS = [frozenset(letters) for letters in ALPHABETS.values() if letters] + [
    frozenset(c.lower() for c in letters if ord(c) > 0x7F)
    for language, letters in FREQUENCIES.items()
    if language.rstrip("—") not in ALPHABETS
]
_ALPHABET_INDEX = _by_letter(_ALPHABET_LETTERS)
_LANGUAGE_INDEX = _by_letter(_LANGUAGE_LETTERS)
# Superscripts, fractions and symbols never stand between two letters of a word (apostrophes,
# dashes and dots do: "don´t", "l·l"); nor do the marks that open a Spanish sentence.
_NEVER_IN_WORDS = {"No", "So", "Sm", "Sc"}
# Alphabets never written inside a Latin word (ideographs and kana are, beside Latin loans).
_ALPHABETS = {"GREEK", "CYRILLIC", "ARABIC", "HEBREW", "ARMENIAN", "GEORGIAN", "THAI"}


def _wide(raw: bytes) -> str | None:
    for bom, encoding in _WIDE_BOMS.items():
        if raw.startswith(bom):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


# UTF-16 without a byte order mark (some Windows tools save "Unicode" text so): a subtitle
# file's characters are nearly all below U+0100 (digits, arrows, Latin or accented letters),
# so one byte of every pair is NUL, always the same one of the two. Binary data has NULs on
# both sides. A share of NULs on one side well above what even a CJK file leaves (its
# timings, numbers and line breaks are still ASCII), and few on the other: only characters
# U+xx00 put one there, such as "一" (U+4E00), one of Chinese's most frequent.
WIDE_NUL_SIDE_MIN_SHARE = 0.3
WIDE_NUL_OTHER_MAX_SHARE = 0.05
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DIGIT = re.compile(r"[0-9]")


def bomless_utf16(raw: bytes) -> str | None:
    """The text of `raw` when it is UTF-16 written without a byte order mark, else None."""
    head = raw[:4096]
    pairs = len(head) // 2
    if not pairs:
        return None
    even, odd = head[0::2].count(0) / pairs, head[1::2].count(0) / pairs
    for nul_side, other, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if nul_side >= WIDE_NUL_SIDE_MIN_SHARE and other <= WIDE_NUL_OTHER_MAX_SHARE:
            try:
                text = raw[: len(raw) // 2 * 2].decode(encoding)
            except UnicodeDecodeError:
                return None
            # Text, and of the kind every subtitle format is: lines, and digits in them.
            lines_and_digits = "\n" in text[:2048] and _DIGIT.search(text[:2048]) is not None
            return text if lines_and_digits and not _CONTROLS.search(text) else None
    return None


def _class(chars: set[str]) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


def _not_text(sample: str) -> bool:
    """A C1 control, a symbol between two letters of a word, or a word mixing Latin letters
    with another alphabet's ("Sarٍ"): real words are letters of one alphabet."""
    odd = _oddity(sample)
    return odd is not None and odd.search(sample) is not None


def _oddity(sample: str) -> re.Pattern[str] | None:
    """What is not text among the characters of `sample`, as one pattern (None: nothing can
    be), so that it can also be counted word by word (_least_odd)."""
    high = {c for c in set(sample) if ord(c) > 0x7F}
    parts = []
    controls = {c for c in high if unicodedata.category(c) == "Cc"}
    if controls:
        parts.append(_class(controls))
    odd = {c for c in high if unicodedata.category(c) in _NEVER_IN_WORDS or c in "¿¡"}
    if odd:
        parts.append(rf"[^\W\d_]{_class(odd)}[^\W\d_]")
    other = {c for c in high if unicodedata.name(c, "").split(" ")[0] in _ALPHABETS}
    if other:
        latin = "[A-Za-z" + _class(high - other - odd)[1:]
        parts.append(rf"{latin}{_class(other)}|{_class(other)}{latin}")
    return re.compile("|".join(parts)) if parts else None


def language_fit(sample: str) -> tuple[float, float]:
    """The largest share of the characters above ASCII that one language's alphabet holds,
    then that one language's frequent letters hold; signs that are not letters (", ´, …)
    count as held: every language uses them."""
    # Composed first: a code page that writes accents as combining marks (cp1258) must not
    # hide its odd letters by leaving them out of the count.
    sample = unicodedata.normalize("NFC", sample)
    counts: Counter[str] = Counter()
    for c, n in Counter(sample).items():  # counted whole first: a loop per character is slow
        if ord(c) > 0x7F:
            counts[c.lower()] += n
    total = sum(counts.values())
    if not total:
        return 0.0, 0.0
    signs = sum(n for c, n in counts.items() if not c.isalpha())
    letters = [(c, n) for c, n in counts.items() if c.isalpha()]
    alphabet = _most_held(letters, _ALPHABET_INDEX, len(_ALPHABET_LETTERS))
    frequent = _most_held(letters, _LANGUAGE_INDEX, len(_LANGUAGE_LETTERS))
    return (signs + alphabet) / total, (signs + frequent) / total


def _most_held(letters: list[tuple[str, int]], index: dict[str, list[int]], size: int) -> int:
    """The most occurrences of `letters` one language holds. Added up letter by letter
    through the index: the sum per language over all 80 was most of a guess's ranking time."""
    held = [0] * size
    for letter, count in letters:
        for at in index.get(letter, ()):
            held[at] += count
    return max(held)


def guess(raw: bytes) -> str | None:
    """The text of `raw` (not UTF-8) in the code page that reads it best, or None."""
    wide = _wide(raw)
    if wide is not None:
        return wide
    words = list(dict.fromkeys(word for word in raw.split() if not word.isascii()))
    if not words:
        return raw.decode("ascii")
    # The distinct words holding a byte above 0x7F, spread over the whole file, up to
    # SAMPLE_WORDS of them: the ASCII around them does not tell code pages apart. Cut at ASCII
    # whitespace, which never occurs inside a character of the multi-byte code pages (Shift
    # JIS, GBK and Big5 trail bytes are 0x40 and above).
    step = max(1, len(words) // SAMPLE_WORDS)
    sample_bytes = b" ".join(words[::step])
    proposed = [match.encoding for match in from_bytes(sample_bytes, cp_exclusion=_SKIPPED)]
    code_pages = list(dict.fromkeys([PRIOR, *proposed]))
    ranked = []
    for order, code_page in enumerate(code_pages):
        try:
            sample = sample_bytes.decode(code_page)
        except (UnicodeDecodeError, LookupError):
            continue
        if not _not_text(sample):
            # Best fit first; an equal fit keeps the earlier, likelier code page.
            alphabet, frequent = language_fit(sample)
            ranked.append((-alphabet, -frequent, order, code_page))
    for *_, code_page in sorted(ranked):
        try:
            text = raw.decode(code_page)  # the whole file: the words the sample left out too
        except UnicodeDecodeError:
            continue
        if not _not_text(_high_text(words, code_page) or text):
            return text
    return _least_odd(raw, words[::step], code_pages)


def _least_odd(raw: bytes, words: list[bytes], code_pages: list[str]) -> str | None:
    """When no reading is clean: the best-fitting one whose odd words are few, or None.

    A right reading can hold a few words that mix alphabets (OCR takes a Cyrillic "о" for a
    Latin "o"; "IPадрес"), and one such word ruled the whole file out, though its timing,
    all the detector needs, was fine. So readings whose odd words are few compete on
    language fit. Not on the count of odd words: Russian read as cp1252 is nearly all Latin
    letters ("íå çíàþ"), as clean as the right reading with its look-alikes. The alphabet's
    and the frequent letters' fit count alike here: readings in another script that a wrong
    code page leaves unmixed are letters of some alphabet (Hebrew read as cp1251 is all
    Russian letters), but not in that language's frequencies. Only files that no clean
    reading fits come here.
    """
    ranked = []
    for order, code_page in enumerate(code_pages):
        try:
            read = [word.decode(code_page) for word in words]
        except (UnicodeDecodeError, LookupError):
            continue
        sample = " ".join(read)
        oddity = _oddity(sample)
        odd = sum(1 for word in read if oddity.search(word)) if oddity else 0
        if odd <= ODD_WORDS_MAX_SHARE * len(read):
            alphabet, frequent = language_fit(sample)
            ranked.append((-(alphabet + frequent), odd, order, code_page))
    for *_, code_page in sorted(ranked):
        try:
            return raw.decode(code_page)
        except UnicodeDecodeError:
            continue
    return None


def _high_text(words: list[bytes], code_page: str) -> str | None:
    """Every word holding a byte above 0x7F, read in `code_page`: what _not_text() needs of
    the whole file, in a fraction of the text (the whole was a third to two thirds of a
    guess's time on film-sized files).

    In a code page that reads bytes 0x00-0x7F as ASCII, a character above ASCII comes from
    such a word, and what stands beside it in a word (all _not_text looks at) is in the same
    word (a multi-byte character never holds an ASCII space, so words are cut as the text is):
    the whole text and these words are not text alike. Not so in a code page that reads
    ASCII bytes as other characters (EBCDIC, UTF-7): None, and the whole text is looked at.
    """
    if not _reads_ascii_as_ascii(code_page):
        return None
    try:
        return b" ".join(words).decode(code_page)
    except UnicodeDecodeError:
        return None


@functools.cache
def _reads_ascii_as_ascii(code_page: str) -> bool:
    try:
        return bytes(range(0x80)).decode(code_page) == "".join(map(chr, range(0x80)))
    except (UnicodeDecodeError, LookupError):
        return False
