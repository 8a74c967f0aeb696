"""Search at scale: a generated catalogue, the index build, and 1,000 realistic queries.

    .venv/bin/python bench/search_bench.py --titles 1000000 --people 2000000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wt_search_bench \\
        .venv/bin/python bench/search_bench.py --titles 1000000 --people 2000000

SQLite uses bench/out/search-bench.sqlite3 (PostgreSQL: the DATABASE_URL's database, which
must exist). The catalogue is rebuilt when its size differs from the flags (--reuse keeps
whatever is there). Titles and names are drawn from the words and cast names of the sample
catalogue (data/sample) with their real frequencies, so common words are as common as in
real titles; some titles are real ones repeated (remakes), some carry accents, popularity
is log-normal. Rows go in with batched raw INSERTs (COPY on PostgreSQL), never ORM saves.

Then `search_index_refresh(full=True)` builds the index (timed), and 1,000 queries run
through the same functions as the site: prefixes of popular titles typed a character at a
time through the suggestions (`search(q, limit=5, suggest=True)`), and full titles, titles
with a typo, titles with a year and people's names through the results page
(`search(q, limit=50)`). The baseline is a plain `LIKE '%…%'` scan of the catalogue for
the same text, measured in the same run on a stratified subset of the queries (each scan
reads every row, so all 1,000 would take many minutes). Reports median and p95 per kind.

`--save-results FILE` writes each query's answer (ids of films, people and companies, and
the correction); `--compare FILE`, run with another version of the code on the same
catalogue, lists the queries whose answer differs; `--statements` counts each kind's SQL
statements and their time by class (bench/search_results.py).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
SAMPLE = ROOT / "data" / "sample"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import search_results  # noqa: E402
from search_catalogue import load  # noqa: E402

Query = tuple[str, str]  # kind, text


def setup_django() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("SQLITE_PATH", str(OUT / "search-bench.sqlite3"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "whatsafter.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def typo(word: str, rng: random.Random) -> str:
    i = rng.randint(1, len(word) - 2)
    roll = rng.random()
    if roll < 0.4:
        return word[:i] + word[i + 1 :]  # a letter dropped
    if roll < 0.7:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]  # two letters swapped
    return word[:i] + rng.choice("aeiourstln") + word[i + 1 :]  # one letter wrong


def build_queries(total: int, seed: int) -> list[Query]:
    from django.db import connection

    rng = random.Random(seed + 2)
    with connection.cursor() as cursor:
        # People look up what is popular: titles drawn from the most popular tenth.
        cursor.execute(
            "SELECT title, year FROM catalog_movie ORDER BY popularity DESC LIMIT %s",
            [max(500, total)],
        )
        popular = list(cursor.fetchall())
        cursor.execute("SELECT name FROM catalog_person ORDER BY id LIMIT 5000")
        names = [name for (name,) in cursor.fetchall()]
    share = {"prefix": 0.40, "title": 0.18, "typo": 0.15, "year": 0.12, "person": 0.15}
    queries: list[Query] = []
    while sum(1 for kind, _ in queries if kind == "prefix") < total * share["prefix"]:
        title = rng.choice(popular)[0]
        for n in range(1, min(len(title), 12) + 1):
            queries.append(("prefix", title[:n]))
    queries = queries[: int(total * share["prefix"])]
    for _ in range(int(total * share["title"])):
        queries.append(("title", rng.choice(popular)[0]))
    while sum(1 for kind, _ in queries if kind == "typo") < total * share["typo"]:
        words = rng.choice(popular)[0].split()
        long = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
        if long:
            i = rng.choice(long)
            words[i] = typo(words[i], rng)
            queries.append(("typo", " ".join(words)))
    for _ in range(int(total * share["year"])):
        title, year = rng.choice(popular)
        queries.append(("year", f"{title} ({year})" if rng.random() < 0.5 else f"{title} {year}"))
    while len(queries) < total:
        queries.append(("person", rng.choice(names)))
    rng.shuffle(queries)
    return queries


SLOWEST: list[tuple[float, str, str]] = []
# Each site query's answer, in the order asked (search_results.signature).
ANSWERS: list[tuple[str, str, search_results.Signature]] = []


# Set by --statements: counts each site query's SQL statements as it is timed (the
# wrapper adds a few microseconds a statement).
STATEMENTS: search_results.Statements | None = None


def timed(function: Callable[[str], object], queries: list[Query]) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {}
    for kind, text in queries:
        recording = STATEMENTS and function is not like_scan
        with STATEMENTS.recording(kind) if recording else contextlib.nullcontext():
            started = time.perf_counter()
            answer = function(text)
            ms = (time.perf_counter() - started) * 1000
        times.setdefault(kind, []).append(ms)
        if function is not like_scan:
            ANSWERS.append((kind, text, search_results.signature(answer)))
            SLOWEST.append((ms, kind, text))
            SLOWEST.sort()
            del SLOWEST[:-8]
    return times


def like_scan(text: str) -> object:
    from django.db import connection

    op = "ILIKE" if connection.vendor == "postgresql" else "LIKE"
    pattern = "%" + text.replace("%", "").replace("_", "") + "%"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM catalog_movie WHERE title {op} %s "  # noqa: S608
            "ORDER BY popularity DESC LIMIT 50",
            [pattern],
        )
        cursor.fetchall()
        cursor.execute(f"SELECT id FROM catalog_person WHERE name {op} %s LIMIT 50", [pattern])  # noqa: S608
        return cursor.fetchall()


def site_search(text: str, *, suggest: bool) -> object:
    from whatsafter.search.selectors import search

    return search(text, limit=5, suggest=True) if suggest else search(text, limit=50)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--titles", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=2_000_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--baseline", type=int, default=100, help="LIKE scans to time")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--reuse", action="store_true", help="keep the loaded catalogue")
    parser.add_argument(
        "--keep-index", action="store_true", help="with --reuse: skip the index build too"
    )
    parser.add_argument("--save-results", type=Path, help="write each query's answer here")
    parser.add_argument("--compare", type=Path, help="compare answers with a saved run")
    parser.add_argument(
        "--statements", action="store_true", help="count each kind's SQL statements"
    )
    args = parser.parse_args()
    setup_django()
    from django.db import connection

    from whatsafter.catalog.models import Movie, Person
    from whatsafter.search.models import Prefix, Word
    from whatsafter.search.services import search_index_refresh

    report: dict[str, Any] = {"vendor": connection.vendor, "titles": args.titles}
    report["people"] = args.people
    have = (Movie.objects.count(), Person.objects.count())
    if not args.reuse and have != (args.titles, args.people):
        print(f"generating and loading {args.titles:,} titles, {args.people:,} people")
        report["load_seconds"] = round(load(args.titles, args.people, args.seed), 1)
    if not (args.reuse and args.keep_index):
        print("building the index")
        started = time.perf_counter()
        search_index_refresh(full=True)
        report["index_seconds"] = round(time.perf_counter() - started, 1)
    report["prefix_rows"] = Prefix.objects.count()
    report["words"] = Word.objects.count()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in (
                "search_titleentry",
                "search_personentry",
                "search_prefix",
                "search_word",
            ):
                cursor.execute(f"ANALYZE {table}")
    print(f"  index: {report.get('index_seconds')} s; {report['prefix_rows']:,} prefix rows")

    queries = build_queries(args.queries, args.seed)
    timed(lambda t: site_search(t, suggest=False), queries[:20])  # warm caches
    del ANSWERS[:]
    global STATEMENTS
    STATEMENTS = search_results.Statements() if args.statements else None
    site = timed(lambda t: site_search(t, suggest=False), [q for q in queries if q[0] != "prefix"])
    site |= timed(lambda t: site_search(t, suggest=True), [q for q in queries if q[0] == "prefix"])
    if args.save_results:
        search_results.save(args.save_results, ANSWERS)
    if args.compare:
        differ = search_results.compare(args.compare, ANSWERS)
        report["answers_differing"] = len(differ)
        print(f"answers differing from {args.compare}: {len(differ)} of {len(ANSWERS)}")
        print("\n".join(differ[:20]))
    if STATEMENTS:
        print(STATEMENTS.table())
    rng = random.Random(args.seed + 3)
    subset = rng.sample(queries, min(args.baseline, len(queries)))
    baseline = timed(like_scan, subset)
    every_site = [t for ts in site.values() for t in ts]
    every_like = [t for ts in baseline.values() for t in ts]
    rows = []
    for kind in ("prefix", "title", "typo", "year", "person", "all"):
        ours = every_site if kind == "all" else site.get(kind, [])
        like = every_like if kind == "all" else baseline.get(kind, [])
        if not ours:
            continue
        rows.append(
            {
                "kind": kind,
                "n": len(ours),
                "median_ms": round(statistics.median(ours), 1),
                "p95_ms": round(percentile(ours, 0.95), 1),
                "like_n": len(like),
                "like_median_ms": round(statistics.median(like), 1) if like else None,
                "like_p95_ms": round(percentile(like, 0.95), 1) if like else None,
            }
        )
    report["results"] = rows
    print(f"\n{connection.vendor}: {args.titles:,} titles, {args.people:,} people")
    print("| queries | n | median ms | p95 ms | LIKE median ms | LIKE p95 ms |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['kind']} | {r['n']} | {r['median_ms']} | {r['p95_ms']} | "
            f"{r['like_median_ms']} | {r['like_p95_ms']} |"
        )
    print(
        "\nslowest:", ", ".join(f"{ms:.0f} ms {kind} {text!r}" for ms, kind, text in SLOWEST[-8:])
    )
    path = OUT / f"search-bench-{connection.vendor}-{args.titles}.json"
    path.write_text(json.dumps(report, indent=2))
    print(f"\nwritten to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
