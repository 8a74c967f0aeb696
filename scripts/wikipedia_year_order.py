#!/usr/bin/env python3
"""Which years of wikipedia-movie-data list films in release order: the evidence.

For each year of each file, prints the films, the share of adjacent titles in
alphabetical order (title_key: no case, punctuation or leading The/A/An), the rank
correlation of list places with alphabetical order (what the reader judges by, against
ALPHABETICAL_CORRELATION), the reader's verdict, and, where the sample's TMDb 5000 file
dates the film the Wikipedia row merged with, the rank correlation of list places with
those release dates: near 1 where the list is in release order, near 0 where it is not.
Then the ranges over the years of each verdict. Usage (docs/DATA.md):

    .venv/bin/python scripts/wikipedia_year_order.py [FILE…] [--tmdb TMDB_5000_CSV]

FILE defaults to the derived sample data/sample/wikipedia-movies.jsonl.gz and the CSV to
data/sample/tmdb_5000_movies.csv.gz (the published
decade arrays, /work/shared/data/wikipedia-movie-data/movies-*.json, give the same
figures: the sample keeps their order).
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Fewer dated matches than this in a year make its date correlation noise, not evidence.
FEWEST_DATED = 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "files", nargs="*", type=Path, default=[ROOT / "data/sample/wikipedia-movies.jsonl.gz"]
    )
    parser.add_argument("--tmdb", type=Path, default=ROOT / "data/sample/tmdb_5000_movies.csv.gz")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "whatsafter.settings")
    import django

    django.setup()
    from whatsafter.ingest import mapping
    from whatsafter.ingest.readers import tmdb_csv, wikipedia
    from whatsafter.ingest.rows import Row
    from whatsafter.normalise import title_key

    tmdb = [mapping.movie_from_tmdb(r.data) for r in tmdb_csv.read(args.tmdb) if isinstance(r, Row)]
    rows = [r for path in args.files for r in wikipedia.read(path) if isinstance(r, Row)]
    drafts, _ = mapping.merge_wikipedia(tmdb, rows)
    # The TMDb release date each Wikipedia article merged with, found by its article name.
    dated = {
        d.wikipedia_page: d.release_date
        for d in drafts
        if d.tmdb_id and d.release_date and d.wikipedia_page
    }

    years: dict[tuple[str, int], list[wikipedia.WikiMovie]] = defaultdict(list)
    for row in rows:
        years[(row.file, row.data.year)].append(row.data)
    print("| file | year | films | adjacent A-Z share | A-Z correlation | release order "
          "| TMDb-dated | date correlation |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    by_verdict: dict[bool, dict[str, list[float]]] = {
        True: defaultdict(list),
        False: defaultdict(list),
    }
    for (file, year), films in sorted(years.items(), key=lambda item: (item[0][1], item[0][0])):
        keys = [title_key(f.title) for f in films]
        share = sum(a <= b for a, b in itertools.pairwise(keys)) / max(1, len(keys) - 1)
        alphabetical = wikipedia.alphabetical_correlation([f.title for f in films])
        ordered = films[0].year_release_order is not None
        pairs = [(f.year_position, dated[f.page]) for f in films if f.page and f.page in dated]
        by_verdict[ordered]["share"].append(share)
        by_verdict[ordered]["alphabetical"].append(alphabetical)
        date_cell = ""
        if len(pairs) >= FEWEST_DATED:
            places, dates = zip(*pairs, strict=True)
            correlation = wikipedia.rank_correlation(places, dates)
            by_verdict[ordered]["date"].append(correlation)
            date_cell = f"{correlation:+.2f}"
        print(
            f"| {file} | {year} | {len(films)} | {share:.2f} | {alphabetical:+.2f} "
            f"| {'yes' if ordered else 'no'} | {len(pairs)} | {date_cell} |"
        )
    print()
    for ordered, figures in by_verdict.items():
        label = "release order" if ordered else "alphabetical"
        summary = [f"{len(figures['share'])} years judged {label}"]
        for name, values in figures.items():
            if values:
                summary.append(
                    f"{name}: {min(values):+.2f} to {max(values):+.2f} "
                    f"(median {statistics.median(values):+.2f}, {len(values)} years)"
                )
        print("; ".join(summary))


if __name__ == "__main__":
    main()
