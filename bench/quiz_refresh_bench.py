"""Which films can have a quiz, stored for a whole catalogue: the refresh against the same
generation done in memory, in one process.

    SQLITE_PATH=/tmp/quizflag.sqlite3 .venv/bin/whatsafter migrate
    SQLITE_PATH=/tmp/quizflag.sqlite3 .venv/bin/whatsafter build_sample
    SQLITE_PATH=/tmp/quizflag.sqlite3 .venv/bin/python bench/quiz_refresh_bench.py
    (DATABASE_URL=postgres://… instead of SQLITE_PATH for PostgreSQL)

The baseline is what `whatsafter quiz_report` does: every film's facts in one pass
(facts.all_facts) and the generator run over each, nothing written. Against it, in the
same run: `quiz_availability_refresh()` cold (every flag cleared first, so every film's
row is written) and settled (run again: the same work, no flag changes, no writes).
The catalogue must already be loaded; the script leaves every flag computed.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def timed(work: Callable[[], object], repeat: int) -> tuple[float, object]:
    """The best of `repeat` runs (the least disturbed by other work on the machine)."""
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - started)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "whatsafter.settings")
    import django

    django.setup()
    from whatsafter.catalog.models import Movie
    from whatsafter.quizzes import generator
    from whatsafter.quizzes.facts import all_facts
    from whatsafter.quizzes.models import QuizStats
    from whatsafter.quizzes.services import quiz_availability_refresh

    films = Movie.objects.count()
    if not films:
        raise SystemExit("No films: build a catalogue first (see the docstring).")

    def in_memory() -> int:
        return sum(bool(generator.generate(f, p)) for f, p in all_facts())

    def cold() -> object:
        QuizStats.objects.update(possible=None)
        return quiz_availability_refresh()

    base, with_quiz = timed(in_memory, args.repeat)
    cold_s, cold_result = timed(cold, args.repeat)
    settled_s, settled_result = timed(quiz_availability_refresh, args.repeat)
    print(f"{films:,} films, {with_quiz:,} can have a quiz; best of {args.repeat}; "
          f"load average {os.getloadavg()[0]:.2f}")  # fmt: skip
    print("| run | seconds | / baseline | flags written |")
    print("|---|---|---|---|")
    print(f"| baseline: all_facts + generate, in memory | {base:.1f} | 1.0 | 0 |")
    for name, seconds, result in (
        ("refresh, every flag cleared first", cold_s, cold_result),
        ("refresh, settled (nothing changed)", settled_s, settled_result),
    ):
        changed = getattr(result, "changed", 0)
        print(f"| {name} | {seconds:.1f} | {seconds / base:.2f} | {changed:,} |")


if __name__ == "__main__":
    main()
