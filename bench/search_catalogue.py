"""The generated catalogue bench/search_bench.py searches: titles and names drawn from the
sample catalogue's words and cast names with their real frequencies, loaded with batched
raw INSERTs (COPY on PostgreSQL), never ORM saves."""

from __future__ import annotations

import csv
import gzip
import json
import random
import re
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"


# -- realistic words and names ------------------------------------------------------


def sample_vocabulary() -> tuple[list[str], list[str], Counter[str], Counter[str], Counter[str]]:
    """Real titles, then word, first-name and last-name frequencies from the sample."""
    titles: list[str] = []
    first: Counter[str] = Counter()
    last: Counter[str] = Counter()
    with gzip.open(SAMPLE / "wikipedia-movies.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            titles.append(row["title"])
            for name in row.get("cast") or []:
                parts = name.split()
                if len(parts) >= 2 and all(p[:1].isalpha() for p in parts):
                    first[parts[0]] += 1
                    last[" ".join(parts[1:])] += 1
    with gzip.open(SAMPLE / "tmdb_5000_movies.csv.gz", "rt", encoding="utf-8", newline="") as f:
        titles += [row["title"] for row in csv.DictReader(f)]
    words: Counter[str] = Counter()
    for title in titles:
        for word in re.findall(r"[^\W_]+(?:'[^\W_]+)?", title):
            if word.lower() not in ("the", "a", "an"):
                words[word] += 1
    return titles, list(words), words, first, last


class Weighted:
    """random.choices over a frequency table, with the cumulative weights computed once."""

    def __init__(self, counts: Counter[str], rng: random.Random) -> None:
        self.items = list(counts)
        self.cum: list[float] = []
        total = 0.0
        for item in self.items:
            total += counts[item]
            self.cum.append(total)
        self.rng = rng

    def pick(self, k: int = 1) -> list[str]:
        return self.rng.choices(self.items, cum_weights=self.cum, k=k)


ACCENTS = str.maketrans({"e": "é", "a": "á", "o": "ö", "u": "ü", "n": "ñ", "c": "ç"})
SEQUELS = [" 2", " 3", " II", " III", ": Part Two", " Returns", ": The Beginning"]


def generate_titles(n: int, seed: int) -> Iterator[tuple[str, int, float]]:
    rng = random.Random(seed)
    real, _, words, _, _ = sample_vocabulary()
    pick = Weighted(words, rng)
    lengths = [1, 2, 3, 4, 5, 6]
    length_weights = [20, 30, 25, 15, 7, 3]
    for _ in range(n):
        if rng.random() < 0.15:
            title = rng.choice(real)  # a remake, a namesake, a re-release
        else:
            count = rng.choices(lengths, length_weights)[0]
            title = " ".join(w.capitalize() if rng.random() < 0.8 else w for w in pick.pick(count))
            if rng.random() < 0.15:
                title = "The " + title
            if rng.random() < 0.10:
                title += ": " + " ".join(w.capitalize() for w in pick.pick(rng.randint(1, 3)))
            if rng.random() < 0.05:
                title += rng.choice(SEQUELS)
            if rng.random() < 0.03:
                title = title.translate(ACCENTS)
        year = min(2026, max(1890, int(rng.triangular(1900, 2027, 2015))))
        popularity = min(rng.lognormvariate(0.0, 1.6), 2000.0)
        yield title[:500], year, round(popularity, 3)


def generate_people(n: int, seed: int) -> Iterator[str]:
    rng = random.Random(seed + 1)
    _, _, _, first, last = sample_vocabulary()
    firsts, lasts = Weighted(first, rng), Weighted(last, rng)
    for _ in range(n):
        name = f"{firsts.pick()[0]} {lasts.pick()[0]}"
        roll = rng.random()
        if roll < 0.05:
            name = f"{firsts.pick()[0]} {chr(rng.randint(65, 90))}. {lasts.pick()[0]}"
        elif roll < 0.07:
            name += " Jr."
        yield name[:255]


# -- loading --------------------------------------------------------------------------


def load(titles: int, people: int, seed: int) -> float:
    from django.db import connection, transaction

    started = time.perf_counter()
    now = "2026-01-01 00:00:00+00:00"
    with transaction.atomic(), connection.cursor() as cursor:
        for table in (
            "search_prefix",
            "search_titleentry",
            "search_personentry",
            "search_word",
            "catalog_credit",
            "catalog_movie_genres",
            "catalog_moviecompany",
            "catalog_release",
            "aftercredits_verdict",
            "catalog_movie",
            "catalog_person",
        ):
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608
        if connection.vendor == "sqlite":
            cursor.execute("DELETE FROM search_title_fts")
            cursor.execute("DELETE FROM search_person_fts")
    movie_columns = (
        "id, slug, title, original_title, original_language, wikipedia_page, certification, "
        "tagline, overview, wikipedia_extract, poster_url, homepage, popularity, "
        "field_sources, created_at, updated_at, year"
    )
    movies = (
        (i, f"b{i}", title, "", "", "", "", "", "", "", "", "", pop, "{}", now, now, year)
        for i, (title, year, pop) in enumerate(generate_titles(titles, seed), start=1)
    )
    person_columns = "id, name, slug, photo_url, professions"
    persons = (
        (i, name, f"p{i}", "", "") for i, name in enumerate(generate_people(people, seed), start=1)
    )
    for table, columns, rows in (
        ("catalog_movie", movie_columns, movies),
        ("catalog_person", person_columns, persons),
    ):
        _insert_rows(table, columns, rows)
        print(f"  loaded {table} ({time.perf_counter() - started:.0f} s)", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in ("catalog_movie", "catalog_person"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT max(id) FROM {table}))"
                )
                cursor.execute(f"ANALYZE {table}")
    return time.perf_counter() - started


def _insert_rows(table: str, columns: str, rows: Iterator[tuple[Any, ...]]) -> None:
    from django.db import connection, transaction

    from whatsafter.utils import batched

    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns.split(",")))
        for chunk in batched(rows, 20_000):
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", chunk)  # noqa: S608


# -- queries --------------------------------------------------------------------------
