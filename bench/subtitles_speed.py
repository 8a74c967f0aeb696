"""Files per second for scan-subtitles' work (read the tail + classify + detect), one core.

Run: .venv/bin/python bench/subtitles_speed.py [--data ../shared/data/subtitles] [--rounds 3]
                                                 [--before REV]
Baseline in the same run: pysubs2 parsing the same files whole (the maintained parser every
reading needs); also the whole-file reading scan-subtitles did before it read only the tail,
and the real console command on all files, start-up included. Runtimes from MANIFEST.csv.

The data set's files hold a token per cue; real-size files are measured apart: the raw
samples, and data set films whose dialogue tokens become real sentences in a legacy code page
(tests/subtitles/legacy_text.py). `--before REV` also times the reader (reader.py and
encoding.py) of that git revision on them, in the same run.
"""

from __future__ import annotations

import argparse
import csv
import importlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pysubs2

from tests.subtitles.legacy_text import LEGACY_LINES, catalogue_lines
from whatsafter.subtitles import reader
from whatsafter.subtitles.detector import detect
from whatsafter.subtitles.findings import as_json

ROOT = Path(__file__).resolve().parent.parent
# Films of the data set rewritten with real sentences in a legacy code page: (the sentences'
# source, its language, the code page, the film). The test set's eight lines a language repeat
# a few words; Django's translations hold thousands, as a film does (the encoding guess costs
# more). Django's Russian holds words mixing alphabets ("%(count)s часа"): no reading is clean
# and the slower per-word fallback (encoding._least_odd) reads it.
REAL_TEXT = [
    ("sentences", "pt", "cp1252", "109445-frozen.srt"),
    ("sentences", "pl", "cp1250", "177572-big-hero-6.srt"),
    ("sentences", "ru", "cp1251", "5559-bee-movie.srt"),
    ("django", "pt_BR", "cp1252", "109445-frozen.srt"),
    ("django", "pl", "cp1250", "177572-big-hero-6.srt"),
    ("django", "tr", "cp1254", "5559-bee-movie.srt"),
    ("django", "ru", "cp1251", "5559-bee-movie.srt"),
]


def rate(files: list[Path], rounds: int, work) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Files per second of wall time and per second of this process's CPU time, best round.

    On a shared machine the wall rate is a fraction of an idle core's; the CPU-time rate is
    what one core spends per file whatever else runs beside it.
    """
    best_wall = best_cpu = float("inf")
    for _ in range(rounds):
        began, began_cpu = time.perf_counter(), time.process_time()
        for path in files:
            work(path)
        best_wall = min(best_wall, time.perf_counter() - began)
        best_cpu = min(best_cpu, time.process_time() - began_cpu)
    return len(files) / best_wall, len(files) / best_cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    default = Path(__file__).resolve().parent.parent / "../shared/data/subtitles"
    parser.add_argument("--data", default=str(default))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--before", help="a git revision whose tail read to time too")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    files = sorted(Path(args.data).glob("*.srt"))
    with (Path(args.data) / "MANIFEST.csv").open(newline="") as handle:
        runtimes = {r["file"]: int(r["runtime_min"]) * 60 for r in csv.DictReader(handle)}
    cues = sum(len(reader.read(p)) for p in files)
    read = sum(len(reader.read_tail(p, runtimes.get(p.name))) for p in files)
    print(
        f"{len(files)} files, {cues} cues ({read} read from the tails, {read / cues:.0%}), "
        f"one core, best of {args.rounds}"
    )

    baseline = rate(files, args.rounds, lambda p: pysubs2.load(str(p), encoding="utf-8"))
    whole = rate(
        files, args.rounds, lambda p: as_json(detect(reader.read(p), runtimes.get(p.name)))
    )
    scan = rate(
        files,
        args.rounds,
        lambda p: as_json(detect(reader.read_tail(p, runtimes.get(p.name)), runtimes.get(p.name))),
    )
    parsed = [(reader.read(p), runtimes.get(p.name)) for p in files]
    began = time.perf_counter()
    for _ in range(args.rounds):
        for item, runtime in parsed:
            detect(item, runtime)
    detect_only = len(files) * args.rounds / (time.perf_counter() - began)
    print("                                  wall files/s      CPU files/s   (vs baseline)")
    for label, (wall, cpu) in (
        ("baseline pysubs2.load alone:", baseline),
        ("whole file + classify + detect:", whole),
        ("scan-subtitles' work (tail read):", scan),
    ):
        print(f"{label:34}{wall:8.1f}        {cpu:8.1f}        {cpu / baseline[1]:5.2f}x")
    print(f"detector alone (cues in memory):  {detect_only:8.1f} files/s")

    # The data set's files hold a one-character token per cue; real files carry the text
    # (2-3 times the bytes), which costs pysubs2 and the classifier more.
    real_size(Path(args.data), runtimes, args.rounds * 2, args.before)

    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "whatsafter.cli", "scan-subtitles", *map(str, files), "--json"],
        capture_output=True, check=False,
    )  # fmt: skip
    wall = time.perf_counter() - began
    lines = len(done.stdout.splitlines())
    print(
        f"whatsafter scan-subtitles --json: {len(files) / wall:8.1f} files/s wall "
        f"({lines} objects, exit {done.returncode}, Django start-up included)"
    )


def with_sentences(data: Path, out: Path) -> list[tuple[Path, str]]:
    """Data set films whose dialogue tokens are real sentences, saved in a legacy code page."""
    made = []
    for source, language, code_page, name in REAL_TEXT:
        if source == "django":
            lines = catalogue_lines(language, code_page)
        else:
            lines = LEGACY_LINES[language][1]
        parts = (data / name).read_text(encoding="utf-8").split("\u2026")  # the dialogue token
        text = "".join(p + lines[i % len(lines)] for i, p in enumerate(parts[:-1])) + parts[-1]
        path = out / f"{Path(name).stem}.{source[0]}-{language}.{code_page}.srt"
        # Legacy code pages have no note sign: their files mark songs with "#".
        path.write_bytes(text.replace("\u266a", "#").replace("\n", "\r\n").encode(code_page))
        made.append((path, name))
    return made


def reader_at(rev: str, out: Path) -> ModuleType:
    """reader.py and encoding.py as they were at git revision `rev`, as a package of their own
    (the detector and alphabets are today's)."""
    package = out / f"before_{rev.replace('/', '_')}"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for name in ("reader", "encoding"):
        source = subprocess.run(
            ["git", "show", f"{rev}:whatsafter/subtitles/{name}.py"],
            cwd=ROOT, capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        source = source.replace(
            "from whatsafter.subtitles import encoding", "from . import encoding"
        )
        (package / f"{name}.py").write_text(source)
    sys.path.insert(0, str(out))
    return importlib.import_module(f"{package.name}.reader")


def real_size(data: Path, runtimes: dict[str, int], rounds: int, before: str | None) -> None:
    """CPU files/s per real-size file: whole file, the tail read of `before`, the tail read."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        # The raw samples at a 100-minute runtime (MicroDVD without one, as before).
        files = [
            (p, None if "microdvd" in p.name else 6000.0)
            for p in sorted((data / "raw-samples").glob("*.srt"))
        ]
        files += [(path, float(runtimes[name])) for path, name in with_sentences(data, out)]
        old = reader_at(before, out) if before else None
        print(
            "\nreal-size files, CPU files/s: whole file"
            + (f" | tail read at {before}" if before else "")
            + " | tail read now"
        )
        for path, runtime in files:
            work = {"whole": lambda p, r=runtime: detect(reader.read(p), r)}
            if old is not None:
                work["before"] = lambda p, r=runtime: detect(old.read_tail(p, r), r)
            work["now"] = lambda p, r=runtime: detect(reader.read_tail(p, r), r)
            size = path.stat().st_size / 1000
            print(f"  {path.name:44} {size:5.0f} KB " + " | ".join(_rates(path, rounds, work)))


def _rates(path: Path, rounds: int, work: dict) -> list[str]:  # type: ignore[type-arg]
    """Each version's CPU files/s, or "refused": an older version may not read the file."""
    shown = []
    for run in work.values():
        try:
            shown.append(f"{rate([path], rounds, run)[1]:7.1f}")
        except Exception as exc:  # the old code's own SubtitleError class
            if type(exc).__name__ != "SubtitleError":
                raise
            shown.append("refused")
    return shown


if __name__ == "__main__":
    main()
