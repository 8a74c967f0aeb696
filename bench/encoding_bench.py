"""Cost of guessing a non-UTF-8 subtitle file's code page, against charset-normalizer alone.

Run: .venv/bin/python bench/encoding_bench.py [--cues 1500] [--rounds 5]
Each language's sentences (tests/subtitles/legacy_text.py) make a film-sized SRT file of
`--cues` cues in its legacy code page. Baseline in the same run: charset-normalizer's
from_bytes(raw).best() on the same bytes, which is what reader.decode() did before; and the
guess as it was until 7 December, checking its reading on the whole file instead of on the
words above ASCII ("whole check"; same result, tests/subtitles/test_encoding_words.py). Prints
milliseconds per file (best round, CPU time), the ratio, and whether each read the text back
(Romanian's cedilla and comma-below letters counted as the same); then the same times for
the test set's real files that are not UTF-8.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from charset_normalizer import from_bytes

from tests.subtitles.conftest import srt
from tests.subtitles.legacy_text import LEGACY_LINES, same_letters
from whatsafter.subtitles import encoding


def best_ms(work: Callable[[], object], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        began = time.process_time()
        work()
        best = min(best, time.process_time() - began)
    return best * 1000


def whole_check(raw: bytes) -> str | None:
    """encoding.guess() checking its reading on the whole decoded file, as it did before."""
    high_text = encoding._high_text
    encoding._high_text = lambda words, code_page: None  # type: ignore[assignment]
    try:
        return encoding.guess(raw)
    finally:
        encoding._high_text = high_text


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cues", type=int, default=1500)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    total_old = total_new = total_whole = 0.0
    for language, (code_page, lines) in LEGACY_LINES.items():
        cues = [(5.0 * i, 5.0 * i + 3, lines[i % len(lines)]) for i in range(args.cues)]
        text = srt(*cues).replace("\n", "\r\n")
        raw = text.encode(code_page)
        old = best_ms(partial(from_bytes, raw), args.rounds)  # .best() is a cheap lookup
        new = best_ms(partial(encoding.guess, raw), args.rounds)
        whole = best_ms(partial(whole_check, raw), args.rounds)
        total_old, total_new = total_old + old, total_new + new
        total_whole += whole
        old_ok = same_letters(str(from_bytes(raw).best())) == same_letters(text)
        new_ok = same_letters(encoding.guess(raw) or "") == same_letters(text)
        print(
            f"{language} {code_page} {len(raw) // 1024} KB: charset-normalizer {old:.1f} ms "
            f"({'right' if old_ok else 'WRONG'}), guess {new:.1f} ms "
            f"({'right' if new_ok else 'WRONG'}), whole check {whole:.1f} ms"
        )
    print(
        f"all: {total_new / total_old:.2f}x the time of charset-normalizer alone, "
        f"{total_new / total_whole:.2f}x the whole check's"
    )
    # The real files of the test set that are not UTF-8 (their words are scrambled, their
    # encoding and layout are real).
    for path in sorted(Path(__file__).resolve().parent.parent.glob("tests/subtitles/files/*")):
        raw = path.read_bytes()
        try:
            raw.decode("utf-8")
            continue
        except UnicodeDecodeError:
            pass
        old = best_ms(partial(from_bytes, raw), args.rounds)
        new = best_ms(partial(encoding.guess, raw), args.rounds)
        whole = best_ms(partial(whole_check, raw), args.rounds)
        size = len(raw) // 1024
        print(
            f"{path.name} {size} KB: charset-normalizer {old:.1f} ms, guess {new:.1f} ms, "
            f"whole check {whole:.1f} ms"
        )


if __name__ == "__main__":
    main()
