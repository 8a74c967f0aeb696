"""`whatsafter import imdb` against the database's own bulk loader, on the same files, in one run.

    .venv/bin/python bench/imdb_bench.py --titles 1000000            # SQLite and PostgreSQL
    .venv/bin/python bench/imdb_bench.py --titles 5000000 --db sqlite

For each database, in this order:
  baseline  the database's own loader reading the same plain .tsv files into plain tables
            with no index: `sqlite3` with `.import` (the CLI's default settings), or
            `psql` with `\\copy … (FORMAT text, HEADER)`, into a new database;
  import    `whatsafter import imdb DIR` (a subprocess, as an operator runs it) into a new,
            migrated catalogue, timed from start to exit, with its peak RSS (wait4).
Rows per second count every row of every file for both, so the ratio compares the time to
take the same input from disk to a queryable database. The generated files go to
bench/out/ (not committed) and are reused when present; results are printed and written to
bench/out/imdb-<titles>[-akas].json. With --akas the files include title.akas (optional
for the import; 55M rows as published) and both sides load it.

PostgreSQL: a server on 127.0.0.1:5432, user postgres, trust auth (BENCH_PG_URL overrides);
the scratch databases bench_imdb_copy and bench_imdb_ours are dropped and recreated
(`--pg-prefix NAME` uses NAME_copy and NAME_ours instead, so two runs on one server do not
drop each other's).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILES = {
    "title.basics": "tconst,titleType,primaryTitle,originalTitle,isAdult,startYear,endYear,"
    "runtimeMinutes,genres",
    "title.ratings": "tconst,averageRating,numVotes",
    "title.principals": "tconst,ordering,nconst,category,job,characters",
    "title.crew": "tconst,directors,writers",
    "name.basics": "nconst,primaryName,birthYear,deathYear,primaryProfession,knownForTitles",
}
AKAS = "titleId,ordering,title,region,language,types,attributes,isOriginalTitle"
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")


def table(kind: str) -> str:
    return kind.replace(".", "_")


def generate(titles: int, out: Path, *, akas: bool) -> int:
    """The files for `titles` rows (reused when already there); returns all rows."""
    marker = out / "ROWS"
    if not marker.exists():
        shutil.rmtree(out, ignore_errors=True)
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "generate_imdb.py"), "--titles", str(titles),
             "--out", str(out), *(["--akas"] if akas else [])],
            check=True,
        )  # fmt: skip
        rows = sum(_rows(out / f"{kind}.tsv") for kind in FILES if (out / f"{kind}.tsv").exists())
        marker.write_text(str(rows))
        print(f"generated {rows:,} rows in {time.perf_counter() - started:.0f} s")
    return int(marker.read_text())


def _rows(path: Path) -> int:
    with path.open("rb") as f:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 24), b"")) - 1


def timed(args: list[str], env: dict[str, str] | None = None, stdin: str | None = None) -> dict:
    """Run a command; wall seconds and peak RSS (MB) of that process."""
    started = time.perf_counter()
    process = subprocess.Popen(
        args, env=env, cwd=ROOT, text=True,
        stdin=subprocess.PIPE if stdin is not None else None,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    if stdin is not None:
        assert process.stdin is not None
        process.stdin.write(stdin)
        process.stdin.close()
    assert process.stdout is not None and process.stderr is not None
    out = process.stdout.read()
    err = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args[:3])} failed:\n{out[-2000:]}\n{err[-2000:]}")
    return {
        "seconds": seconds,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "peak_rss_mb": usage.ru_maxrss / 1024,
        "output": out,
    }


def import_into_new_catalogue(data: Path, env: dict[str, str]) -> dict:
    """Migrate the (empty) database `env` names, untimed; then time the import."""
    command = [sys.executable, "-m", "whatsafter.cli"]
    timed([*command, "migrate", "--noinput"], env=env)
    return timed([*command, "import", "imdb", str(data)], env=env)


def bench_sqlite(data: Path, rows: int, scratch: Path) -> dict:
    raw = scratch / "import.sqlite3"
    script = [f"CREATE TABLE {table(k)} ({cols});" for k, cols in FILES.items()]
    # ascii mode: tab and newline separate, quotes are data (IMDb files use no quoting).
    script += [".mode ascii", '.separator "\\t" "\\n"']
    script += [f".import --skip 1 {data / f'{k}.tsv'} {table(k)}" for k in FILES]
    baseline = timed(["sqlite3", str(raw)], stdin="\n".join(script) + "\n")
    raw.unlink()

    env = {**os.environ, "SQLITE_PATH": str(scratch / "catalogue.sqlite3")}
    env.pop("DATABASE_URL", None)
    ours = import_into_new_catalogue(data, env)
    return _result("sqlite", "sqlite3 .import", rows, baseline, ours)


def bench_postgres(data: Path, rows: int, prefix: str) -> dict:
    def recreate(name: str) -> str:
        for sql in (f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"CREATE DATABASE {name}"):
            subprocess.run(["psql", f"{PG_URL}/postgres", "-qc", sql], check=True)
        return f"{PG_URL}/{name}"

    copy_db = recreate(f"{prefix}_copy")
    script = [
        f"CREATE TABLE {table(k)} ({cols.replace(',', ' text,')} text);"
        for k, cols in FILES.items()
    ]
    script += [
        f"\\copy {table(k)} FROM '{data / f'{k}.tsv'}' WITH (FORMAT text, HEADER true)"
        for k in FILES
    ]
    baseline = timed(
        ["psql", copy_db, "-q", "-v", "ON_ERROR_STOP=1"], stdin="\n".join(script) + "\n"
    )

    env = {**os.environ, "DATABASE_URL": recreate(f"{prefix}_ours")}
    ours = import_into_new_catalogue(data, env)
    return _result("postgresql", "psql \\copy", rows, baseline, ours)


def _result(db: str, baseline_name: str, rows: int, baseline: dict, ours: dict) -> dict:
    # The import's own summary: the time of each step, and the totals.
    summary = [
        " ".join(line.replace("│", " ").split())
        for line in ours["output"].splitlines()
        if line.startswith("│")
        or any(mark in line for mark in ("Also:", "CPU s:", "rows read", "reading"))
    ]
    return {
        "database": db,
        "rows": rows,
        "baseline": baseline_name,
        "baseline_seconds": round(baseline["seconds"], 2),
        "baseline_rows_per_s": round(rows / baseline["seconds"]),
        "import_seconds": round(ours["seconds"], 2),
        "import_rows_per_s": round(rows / ours["seconds"]),
        "ratio": round(baseline["seconds"] / ours["seconds"], 3),
        # CPU seconds of each process (user + system, from wait4): on a machine shared
        # with other work the wall times stretch with the load, their CPU times far less.
        # PostgreSQL's own processes are not counted on either side.
        "baseline_cpu_seconds": round(baseline["cpu_seconds"], 2),
        "import_cpu_seconds": round(ours["cpu_seconds"], 2),
        "cpu_ratio": round(baseline["cpu_seconds"] / ours["cpu_seconds"], 3),
        "import_peak_rss_mb": round(ours["peak_rss_mb"], 1),
        "import_summary": summary,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--titles", type=int, default=1_000_000)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--akas", action="store_true", help="include title.akas (optional file)")
    parser.add_argument(
        "--pg-prefix", default="bench_imdb", help="names of the scratch PostgreSQL databases"
    )
    args = parser.parse_args()
    if args.akas:
        FILES["title.akas"] = AKAS
    data = args.out / f"imdb-{args.titles}{'-akas' if args.akas else ''}"
    rows = generate(args.titles, data, akas=args.akas)
    results = []
    with tempfile.TemporaryDirectory(prefix="imdb-bench-", dir=args.out) as scratch:
        if args.db in ("sqlite", "both"):
            results.append(bench_sqlite(data, rows, Path(scratch)))
        if args.db in ("postgresql", "both"):
            if not args.pg_prefix.isidentifier():
                parser.error("--pg-prefix: letters, digits and underscores")
            results.append(bench_postgres(data, rows, args.pg_prefix.lower()))
    (data.with_suffix(".json")).write_text(json.dumps(results, indent=2))
    print(f"\n{args.titles:,} title.basics rows; {rows:,} rows in all five files\n")
    print(
        "| database | baseline | baseline rows/s | import s | import rows/s | ratio | peak RSS "
        "| CPU s (baseline / import) | CPU ratio |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['database']} | {r['baseline']} {r['baseline_seconds']} s | "
            f"{r['baseline_rows_per_s']:,} | {r['import_seconds']} | {r['import_rows_per_s']:,} | "
            f"{r['ratio']} | {r['import_peak_rss_mb']} MB | {r['baseline_cpu_seconds']} / "
            f"{r['import_cpu_seconds']} | {r['cpu_ratio']} |"
        )


if __name__ == "__main__":
    main()
