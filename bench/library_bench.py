"""scan-library on a generated library of N films (default 10,000) against a catalogue of N.

Run: .venv/bin/python bench/library_bench.py [--films 10000] [--workdir /tmp/library-bench]
Writes a fresh SQLite catalogue and a Plex/Jellyfin/Kodi-style library (bench/generate_library.py)
whose subtitle files are the shared data set's real files, cycled. Baseline in the same run:
walking the library and naming every film (guessit) without reading any subtitle.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import sys
import tempfile
import time
from itertools import product
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ADJECTIVES = [
    "Silent",
    "Golden",
    "Broken",
    "Hidden",
    "Last",
    "Burning",
    "Frozen",
    "Distant",
    "Wild",
    "Secret",
]
NOUNS = [
    "River",
    "Empire",
    "Garden",
    "Machine",
    "Harbor",
    "Signal",
    "Kingdom",
    "Orchard",
    "Lantern",
    "Voyage",
]
PLACES = [
    "Avalon",
    "Brooklyn",
    "Cairo",
    "Dublin",
    "Everest",
    "Florence",
    "Geneva",
    "Havana",
    "Istanbul",
    "Jakarta",
    "Kyoto",
    "Lima",
    "Madrid",
    "Nairobi",
    "Oslo",
    "Prague",
    "Quebec",
    "Rome",
    "Sydney",
    "Tokyo",
    "Utrecht",
    "Vienna",
    "Warsaw",
    "Xian",
    "York",
    "Zurich",
    "Athens",
    "Berlin",
    "Chicago",
    "Delhi",
    "Edinburgh",
    "Fargo",
    "Glasgow",
    "Houston",
    "Ithaca",
    "Jaipur",
    "Kiev",
    "Lagos",
    "Memphis",
    "Naples",
    "Osaka",
    "Paris",
    "Quito",
    "Riga",
    "Seoul",
    "Tunis",
    "Ulm",
    "Venice",
    "Wells",
    "Yalta",
    "Zagreb",
    "Boston",
    "Lisbon",
    "Denver",
    "Miami",
    "Austin",
    "Dallas",
    "Porto",
    "Bergen",
    "Malmo",
    "Turin",
    "Milan",
    "Genoa",
    "Lyon",
    "Nice",
    "Bruges",
    "Ghent",
    "Leeds",
    "Bath",
    "Perth",
    "Derry",
    "Cork",
    "Galway",
    "Sligo",
    "Tralee",
    "Ennis",
    "Kerry",
    "Wexford",
    "Carlow",
    "Dover",
    "Hull",
    "Ely",
    "Ripon",
    "Truro",
    "Hobart",
    "Bangor",
    "Newry",
    "Armagh",
    "Lisburn",
    "Antrim",
    "Omagh",
    "Larne",
    "Bray",
]


def titles(count: int) -> list[tuple[str, int]]:
    """Distinct (title, year) pairs: a title repeats only with another year, like remakes."""
    combos = [f"The {a} {n} of {p}" for a, n, p in product(ADJECTIVES, NOUNS, PLACES)]
    return [(combos[i % len(combos)], 1950 + i % 60 + 1 * (i // len(combos))) for i in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--films", type=int, default=10_000)
    parser.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "library-bench"))
    parser.add_argument("--data", default=str(ROOT / "../shared/data/subtitles"))
    args = parser.parse_args()
    work = Path(args.workdir)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    # The default SQLite settings (WAL), on a fresh file: DATABASE_URL is for PostgreSQL.
    os.environ.pop("DATABASE_URL", None)
    os.environ["SQLITE_PATH"] = str(work / "catalogue.sqlite3")
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "whatsafter.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from bench.generate_library import LibraryFilm, build
    from whatsafter.catalog.models import Movie
    from whatsafter.subtitles import library
    from whatsafter.subtitles.models import SubtitleScan

    call_command("migrate", verbosity=0)
    data = Path(args.data)
    with (data / "MANIFEST.csv").open(newline="") as handle:
        real = [(row["file"], int(row["runtime_min"])) for row in csv.DictReader(handle)]
    texts = {name: (data / name).read_text(encoding="utf-8") for name, _ in real}
    films, movies = [], []
    for index, (title, year) in enumerate(titles(args.films)):
        name, runtime = real[index % len(real)]
        films.append(LibraryFilm(title, year, 900_000 + index, texts[name]))
        movies.append(Movie(title=title, year=year, slug=f"bench-{index}", runtime_minutes=runtime))
    Movie.objects.bulk_create(movies, batch_size=1000)
    began = time.perf_counter()
    build(work / "Movies", films)
    print(f"generated {len(films)} films in {time.perf_counter() - began:.0f} s")

    began = time.perf_counter()
    named = sum(1 for _ in library.walk(work / "Movies"))
    walk_s = time.perf_counter() - began
    began, began_cpu = time.perf_counter(), time.process_time()
    jobs = str(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)
    call_command("scan_library", str(work / "Movies"), "--no-embedded", "--jobs", jobs, verbosity=2)
    scan_s = time.perf_counter() - began
    # The main process's own CPU time (naming, matching, detecting, recording; the readers
    # are other processes): what scan-library costs whatever else the machine runs.
    main_cpu_s = time.process_time() - began_cpu
    scans = SubtitleScan.objects.count()
    print(
        f"baseline walk + guessit: {named} films in {walk_s:.1f} s = {named / walk_s:.1f} films/s"
    )
    print(
        f"scan-library:            {scans} recorded in {scan_s:.1f} s = {named / scan_s:.1f} "
        f"films/s ({walk_s / scan_s:.2f}x the baseline's speed)"
    )
    print(f"scan-library's main process: {main_cpu_s:.1f} CPU s = {named / main_cpu_s:.1f} films/s")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
