"""Files per second for scan-subtitles' work (read the tail + classify + detect), one core.

Run: .venv/bin/python bench/subtitles_speed.py [--data ../shared/data/subtitles] [--rounds 3]
Baseline in the same run: pysubs2 parsing the same files whole (the maintained parser every
reading needs); also the whole-file reading scan-subtitles did before it read only the tail,
and the real console command on all files, start-up included. Runtimes from MANIFEST.csv.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pysubs2

from whatsafter.subtitles import reader
from whatsafter.subtitles.detector import detect
from whatsafter.subtitles.findings import as_json


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
    # (2-3 times the bytes), which costs pysubs2 and the classifier more. The raw samples
    # keep real files' size, encoding and markup.
    print("\nreal-size files (raw-samples/), CPU files/s: whole file -> tail read")
    for path in sorted((Path(args.data) / "raw-samples").glob("*.srt")):
        runtime = None if "microdvd" in path.name else 6000.0
        _, whole_cpu = rate([path], args.rounds * 2, lambda p, r=runtime: detect(reader.read(p), r))
        _, tail_cpu = rate(
            [path], args.rounds * 2, lambda p, r=runtime: detect(reader.read_tail(p, r), r)
        )
        size = path.stat().st_size / 1000
        print(f"  {path.name:40} {size:5.0f} KB {whole_cpu:8.1f} -> {tail_cpu:8.1f}")

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


if __name__ == "__main__":
    main()
