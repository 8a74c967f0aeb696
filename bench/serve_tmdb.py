"""A local stand-in for the TMDb API, for timing `whatsafter import tmdb` without the network.

    .venv/bin/python bench/serve_tmdb.py --port 8765 &
    TMDB_API_URL=http://127.0.0.1:8765/3 IMPORT_CACHE_DIR=/tmp/tmdb-cache \\
        .venv/bin/whatsafter import tmdb --api-key x --popular 1000

Every /3/movie/{id} answers with the shape of tests/ingest/fixtures/tmdb_movie_24428.json,
with the id, title, cast and crew varied per film (20 cast, 30 crew, people shared across
films), so the importer does the work it would for real films. /3/movie/popular pages
list ids 1, 2, 3 … twenty a page.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import re
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

FIXTURE = Path(__file__).resolve().parents[1] / "tests/ingest/fixtures/tmdb_movie_24428.json"
TEMPLATE = json.loads(FIXTURE.read_text(encoding="utf-8"))
PEOPLE = 20_000


def film(tmdb_id: int) -> dict[str, object]:
    rng = random.Random(tmdb_id)
    body = copy.deepcopy(TEMPLATE)
    body["id"] = tmdb_id
    body["title"] = body["original_title"] = f"Bench Film {tmdb_id}"
    body["imdb_id"] = f"tt{9_000_000 + tmdb_id:07d}"
    body["external_ids"]["imdb_id"] = body["imdb_id"]
    body["release_date"] = f"{1950 + tmdb_id % 70}-0{1 + tmdb_id % 9}-15"
    person = body["credits"]["cast"][0]
    body["credits"]["cast"] = [
        {**person, "id": (pid := rng.randrange(1, PEOPLE)), "name": f"Person {pid}",
         "character": f"Part {n}", "order": n}
        for n in range(20)
    ]  # fmt: skip
    crew = body["credits"]["crew"][0]
    body["credits"]["crew"] = [
        {**crew, "id": (pid := rng.randrange(1, PEOPLE)), "name": f"Person {pid}",
         "department": "Crew", "job": f"Job {n}"}
        for n in range(30)
    ]  # fmt: skip
    if tmdb_id % 3:
        body["keywords"] = {"keywords": []}
    return body


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        url = urlparse(self.path)
        if url.path == "/3/movie/popular":
            page = int(parse_qs(url.query).get("page", ["1"])[0])
            ids = range((page - 1) * 20 + 1, page * 20 + 1)
            body: object = {
                "page": page,
                "results": [{"id": i, "adult": False} for i in ids],
                "total_pages": 500,
                "total_results": 10_000,
            }
        elif match := re.fullmatch(r"/3/movie/(\d+)", url.path):
            body = film(int(match.group(1)))
        else:
            self.send_error(404)
            return
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        return


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    ThreadingHTTPServer(("127.0.0.1", args.port), Handler).serve_forever()


if __name__ == "__main__":
    main()
