#!/usr/bin/env python3
"""Derive data/sample/ from ../shared/data so a fresh clone needs nothing outside the repo.

Output is byte-for-byte deterministic (gzip mtime 0, sorted keys), so re-running it
shows no diff unless the sources changed. Usage: python scripts/derive_sample.py
[--source-dir ../shared/data] [--out data/sample]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

SOURCES = {
    "tmdb_5000_movies.csv.gz": {
        "from": "tmdb-5000/tmdb_5000_movies.csv",
        "source": "TMDB 5000 Movie Dataset (TMDb export)",
        "upstream": "GitHub pehuubhatia/Movie-recommeder-system @ f7d763de",
        "licence": "TMDb data; This product uses the TMDB API but is not endorsed or "
        "certified by TMDB",
    },
    "wikipedia-movies.jsonl.gz": {
        "from": "wikipedia-movie-data/movies-*.json",
        "source": "wikipedia-movie-data (American films 1900-2023 from Wikipedia)",
        "upstream": "GitHub prust/wikipedia-movie-data @ 91ae721d",
        "licence": "scraper MIT; text from Wikipedia, CC BY-SA 4.0",
    },
    "vega-movies.jsonl.gz": {
        "from": "vega-movies/movies.json",
        "source": "vega-datasets movies.json",
        "upstream": "npm vega-datasets 3.2.1",
        "licence": "BSD-3-Clause; contains known data quality issues and intentional errors",
    },
}

# Wikipedia fields the catalogue uses; thumbnail sizes are dropped.
WIKI_FIELDS = ("title", "year", "cast", "genres", "href", "extract", "thumbnail")


def write_gz(path: Path, data: bytes) -> None:
    with (
        path.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz,
    ):
        gz.write(data)


def jsonl(items: list[object]) -> bytes:
    lines = [json.dumps(item, ensure_ascii=False, sort_keys=True) for item in items]
    return ("\n".join(lines) + "\n").encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--source-dir", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=REPO / "data" / "sample")
    args = parser.parse_args()
    src: Path = args.source_dir
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    payloads: dict[str, tuple[bytes, int]] = {}
    tmdb = (src / "tmdb-5000/tmdb_5000_movies.csv").read_bytes()
    payloads["tmdb_5000_movies.csv.gz"] = (tmdb, tmdb.count(b"\n"))

    films: list[object] = []
    for decade in sorted((src / "wikipedia-movie-data").glob("movies-*.json")):
        for film in json.loads(decade.read_text(encoding="utf-8")):
            films.append({key: film[key] for key in WIKI_FIELDS if key in film})
    payloads["wikipedia-movies.jsonl.gz"] = (jsonl(films), len(films))

    vega = json.loads((src / "vega-movies/movies.json").read_text(encoding="utf-8"))
    payloads["vega-movies.jsonl.gz"] = (jsonl(vega), len(vega))

    manifest = {}
    for name, (data, rows) in payloads.items():
        write_gz(out / name, data)
        manifest[name] = {
            **SOURCES[name],
            "rows": rows,
            "sha256_uncompressed": hashlib.sha256(data).hexdigest(),
        }
        print(f"{name}: {rows} rows, {(out / name).stat().st_size / 1e6:.1f} MB")
    (out / "MANIFEST.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
