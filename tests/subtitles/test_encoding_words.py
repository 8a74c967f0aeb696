"""encoding.guess() checks its chosen reading on the words holding bytes above 0x7F, not on
the whole file: it must pick exactly what the whole-file check picked, on every file we can
make (the legacy sentences, Django's own translations in 25 code pages, the raw samples)."""

from __future__ import annotations

import unicodedata
from collections import Counter

import pytest
from charset_normalizer.constant import IANA_SUPPORTED

from whatsafter.subtitles import encoding

from .conftest import FILES, srt
from .legacy_text import LEGACY_LINES, catalogue_lines

# (Django locale, a legacy code page its language's subtitles are saved in).
CATALOGUES = [
    ("pt_BR", "cp1252"), ("es", "cp1252"), ("fr", "latin-1"), ("de", "cp1252"),
    ("it", "cp1252"), ("pl", "cp1250"), ("cs", "cp1250"), ("hu", "cp1250"), ("sk", "cp1250"),
    ("hr", "cp1250"), ("ru", "cp1251"), ("uk", "cp1251"), ("bg", "cp1251"), ("ru", "koi8_r"),
    ("el", "cp1253"), ("tr", "cp1254"), ("he", "cp1255"), ("ar", "cp1256"), ("lt", "cp1257"),
    ("vi", "cp1258"), ("ja", "cp932"), ("zh_Hans", "gbk"), ("zh_Hant", "big5"),
    ("ko", "cp949"), ("th", "cp874"),
]  # fmt: skip


def subtitles(lines: list[str], code_page: str, cues: int) -> bytes:
    text = srt(*[(5.0 * i, 5.0 * i + 3, lines[i % len(lines)]) for i in range(cues)])
    return text.replace("\n", "\r\n").encode(code_page)


def whole_file_guess(raw: bytes, monkeypatch: pytest.MonkeyPatch) -> str | None:
    """The guess as it was: the chosen reading checked on the whole decoded file."""
    with monkeypatch.context() as patched:
        patched.setattr(encoding, "_high_text", lambda words, code_page: None)
        return encoding.guess(raw)


def inputs() -> list[tuple[str, bytes]]:
    made = [(path.name, path.read_bytes()) for path in sorted(FILES.glob("*.s*"))]
    # The raw samples saved again in legacy code pages (what cannot be written becomes "?").
    for path in sorted(FILES.glob("*.bom-*.srt")):
        text = path.read_text(encoding="utf-8-sig")
        made += [(f"{path.name} {cp}", text.encode(cp, "replace")) for cp in ("cp1252", "cp1250")]
    for language, (code_page, lines) in LEGACY_LINES.items():
        made += [(f"{language} {n}", subtitles(lines, code_page, n)) for n in (8, 600)]
    for locale, code_page in CATALOGUES:
        lines = catalogue_lines(locale, code_page)
        made += [(f"{locale} {code_page} {n}", subtitles(lines, code_page, n)) for n in (8, 1500)]
    made.append(("ru utf-16", subtitles(catalogue_lines("ru", "utf-16"), "utf-16", 300)))
    return made


INPUTS = inputs()


@pytest.mark.parametrize(("name", "raw"), INPUTS, ids=[name for name, _ in INPUTS])
def test_the_guess_is_the_whole_file_checks(
    name: str, raw: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert encoding.guess(raw) == whole_file_guess(raw, monkeypatch)


def test_the_catalogues_hold_enough_text_to_tell_code_pages_apart() -> None:
    # Against a Django without its translations the test above would check little.
    for locale, code_page in CATALOGUES:
        assert len(catalogue_lines(locale, code_page)) >= 50, (locale, code_page)


@pytest.mark.parametrize(("locale", "written_in"), CATALOGUES)
def test_the_words_are_not_text_exactly_when_the_whole_file_is_not(
    locale: str, written_in: str
) -> None:
    # Every code page charset-normalizer knows, on a short file in each language: the
    # readings guess() ranks are among them, right and wrong.
    raw = subtitles(catalogue_lines(locale, written_in), written_in, 8)
    words = list(dict.fromkeys(word for word in raw.split() if not word.isascii()))
    checked = 0
    for code_page in IANA_SUPPORTED:
        try:
            whole = raw.decode(code_page)
        except (UnicodeDecodeError, LookupError):
            continue
        high = encoding._high_text(words, code_page)
        if high is not None:
            checked += 1
            assert encoding._not_text(high) == encoding._not_text(whole), code_page
    assert checked >= 5


def test_a_code_page_reading_ascii_bytes_as_other_letters_is_checked_whole() -> None:
    # EBCDIC reads "A" (0x41) as a no-break space: the words alone would not show it.
    assert encoding._high_text([b"caf\xe9"], "cp500") is None
    assert encoding._high_text([b"caf\xe9"], "cp1252") == "café"


def plain_fit(sample: str) -> tuple[float, float]:
    """language_fit() as first written: each language's share summed over its own letters."""
    counts = Counter(c.lower() for c in unicodedata.normalize("NFC", sample) if ord(c) > 0x7F)
    total = sum(counts.values())
    if not total:
        return 0.0, 0.0
    signs = sum(n for c, n in counts.items() if not c.isalpha())
    letters = [(c, n) for c, n in counts.items() if c.isalpha()]
    shares = []
    for languages in (encoding._ALPHABET_LETTERS, encoding._LANGUAGE_LETTERS):
        held = max(sum(n for c, n in letters if c in language) for language in languages)
        shares.append((signs + held) / total)
    return shares[0], shares[1]


@pytest.mark.parametrize(("name", "raw"), INPUTS, ids=[name for name, _ in INPUTS])
def test_the_language_fit_adds_up_as_the_plain_sums(name: str, raw: bytes) -> None:
    # Right and wrong readings alike: guess() ranks both.
    for code_page in ("cp1252", "cp1250", "cp1251", "cp1253", "cp1257", "cp932"):
        sample = raw.decode(code_page, "replace")
        assert encoding.language_fit(sample) == plain_fit(sample), code_page


# Read wrongly at a film's length, before and after the per-word fallback: Arabic (cp1256)
# and Vietnamese (cp1258) go to a code page of the same script.
MISREAD = {("ar", "cp1256"), ("vi", "cp1258")}


@pytest.mark.parametrize(
    ("locale", "code_page"),
    [
        pytest.param(*pair, marks=pytest.mark.xfail(strict=True, reason="known misreading"))
        if pair in MISREAD
        else pair
        for pair in CATALOGUES
    ],
)
def test_a_film_length_file_reads_back_in_its_code_page(locale: str, code_page: str) -> None:
    # Django's Russian, Greek, Hebrew and Chinese hold words mixing alphabets ("%(count)s часа"
    # with a no-break space): one such word made the whole file unreadable until the fallback.
    raw = subtitles(catalogue_lines(locale, code_page), code_page, 1500)
    assert encoding.guess(raw) == raw.decode(code_page)
