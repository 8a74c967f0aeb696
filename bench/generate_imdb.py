"""Write IMDb-format dataset files of any size, for benchmarks of `import_imdb`.

    .venv/bin/python bench/generate_imdb.py --titles 1000000 --out bench/out/imdb-1m [--gzip]

The shapes follow the published files (same headers, tab separated, `\\N` for null, no
quoting, tconsts in ascending order as IMDb ships them) and roughly their distributions:
about 6% of titles are feature films and 75% TV episodes, ratings for about 13% of titles
(films far more often), about 8 principals per title, a crew row per title and 1.3
name.basics rows per title, for every person credited (the published files, February
2026: 12.3M titles, 1.6M ratings, 97.6M principals, 15.1M names). Titles repeat
(so slugs collide), a few carry a literal `"` or non-Latin script, and some fields are
`\\N`. Output is deterministic for a given --seed.
"""

from __future__ import annotations

import argparse
import gzip
import io
import random
import sys
import time
from pathlib import Path
from typing import IO

# Shares of title types in the published title.basics (approximate, 2024-2026): episodes
# dominate and feature films are about one title in sixteen, which is what the importer
# keeps. Ratings: about 13% of all titles have one (1.6M of 12.3M), films far more often.
TITLE_TYPES = [
    ("tvEpisode", 74.0),
    ("short", 9.0),
    ("movie", 6.2),
    ("video", 2.6),
    ("tvSeries", 2.4),
    ("tvMovie", 1.3),
    ("tvMiniSeries", 0.5),
    ("tvSpecial", 0.4),
    ("videoGame", 0.35),
    ("tvShort", 0.1),
]
RATED_SHARE = {"movie": 0.47, "tvMovie": 0.35}
RATED_SHARE_OTHER = 0.10
GENRES = [
    "Action",
    "Adventure",
    "Animation",
    "Biography",
    "Comedy",
    "Crime",
    "Documentary",
    "Drama",
    "Family",
    "Fantasy",
    "Film-Noir",
    "Game-Show",
    "History",
    "Horror",
    "Music",
    "Musical",
    "Mystery",
    "News",
    "Reality-TV",
    "Romance",
    "Sci-Fi",
    "Short",
    "Sport",
    "Talk-Show",
    "Thriller",
    "War",
    "Western",
    "Adult",
]
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ra",
    "ne",
    "to",
    "sa",
    "vi",
    "de",
    "ban",
    "tor",
    "el",
    "an",
    "ris",
    "mon",
    "dar",
    "fel",
    "gar",
    "hol",
    "jin",
    "kel",
    "lum",
    "nor",
    "pas",
    "quin",
    "rul",
    "sel",
    "tam",
    "ul",
    "ver",
    "wen",
    "yor",
    "zan",
    "bri",
    "cla",
    "dro",
    "fen",
    "gri",
]
# A few titles in other scripts: their slugs fall back to a hash.
FOREIGN = ["東京物語", "Жизнь", "Amélie à Paris", "Ça ira", "Ōkami", "دختر", "Ἰλιάς"]
FIRST = [
    "Anna",
    "John",
    "Maria",
    "David",
    "Sofia",
    "James",
    "Elena",
    "Peter",
    "Laura",
    "Paul",
    "Nadia",
    "Omar",
    "Yuki",
    "Kenji",
    "Ingrid",
    "Lars",
    "Chloé",
    "Zoë",
    "Ana",
    "José",
    "Wei",
    "Mei",
    "Raj",
    "Priya",
    "Olu",
    "Ade",
]
LAST = [
    "Smith",
    "Jones",
    "García",
    "Müller",
    "Rossi",
    "Dubois",
    "Ivanova",
    "Tanaka",
    "Kim",
    "Nguyen",
    "Okafor",
    "Larsen",
    "Silva",
    "Kowalski",
    "O'Brien",
    "Novak",
    "Haddad",
    "Cohen",
    "Sato",
    "Chen",
    "Patel",
    "Mensah",
    "Berg",
    "Costa",
]
PROFESSIONS = [
    "actor",
    "actress",
    "director",
    "writer",
    "producer",
    "composer",
    "cinematographer",
    "editor",
    "miscellaneous",
    "soundtrack",
]
# category, weight, job choices (None = \N)
CATEGORIES = [
    ("actor", 30, [None]),
    ("actress", 22, [None]),
    ("self", 6, [None]),
    ("director", 9, [None]),
    ("writer", 9, [None, None, "screenplay", "novel", "story", 'based on the play "X"']),
    ("producer", 9, [None, "producer", "executive producer", "co-producer"]),
    ("composer", 4, [None]),
    ("cinematographer", 4, [None, "director of photography"]),
    ("editor", 4, [None]),
    ("production_designer", 1, [None]),
    ("casting_director", 1, [None]),
    ("archive_footage", 1, [None]),
]
NULL = "\\N"
ALPHABET = "ABCDEFGHIJKLMNOPRSTW"
HEADERS = {
    "title.basics": "tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\t"
    "endYear\truntimeMinutes\tgenres",
    "title.ratings": "tconst\taverageRating\tnumVotes",
    "title.principals": "tconst\tordering\tnconst\tcategory\tjob\tcharacters",
    "title.crew": "tconst\tdirectors\twriters",
    "name.basics": "nconst\tprimaryName\tbirthYear\tdeathYear\tprimaryProfession\tknownForTitles",
}
AKAS_HEADER = "titleId\tordering\ttitle\tregion\tlanguage\ttypes\tattributes\tisOriginalTitle"
REGIONS = ["US", "GB", "FR", "DE", "ES", "IT", "JP", "BR", "MX", "IN", "RU", "SE", "XWW"]


def _open(path: Path, compress: bool) -> IO[str]:
    if compress:
        raw = gzip.open(path.with_name(path.name + ".gz"), "wb", compresslevel=4)  # noqa: SIM115
        return io.TextIOWrapper(raw, encoding="utf-8", newline="\n", write_through=False)
    return open(path, "w", encoding="utf-8", newline="\n", buffering=1 << 20)


def _weighted(rng: random.Random, table: list[tuple[str, float]], n: int) -> list[str]:
    names = [name for name, _ in table]
    weights = [w for _, w in table]
    return rng.choices(names, weights, k=n)


def generate(
    out: Path, titles: int, *, compress: bool, seed: int, bad_rows: int, akas: bool = False
) -> dict[str, int]:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    people = max(10, int(titles * 1.3))
    # A busy tenth of the people take a third of the credits, as on IMDb.
    busy = max(1, people // 10)
    words = [a + b for a in SYLLABLES for b in SYLLABLES] + [a.capitalize() for a in SYLLABLES]
    counts = dict.fromkeys(HEADERS, 0)
    files = {kind: _open(out / f"{kind}.tsv", compress) for kind in HEADERS}
    for kind, handle in files.items():
        handle.write(HEADERS[kind] + "\n")
    # title.akas (optional, --akas): about 4.5 rows a title as published (55.0M for 12.3M
    # titles), films having many more than episodes.
    aka_file = _open(out / "title.akas.tsv", compress) if akas else None
    if aka_file is not None:
        aka_file.write(AKAS_HEADER + "\n")
        counts["title.akas"] = 0
    basics, ratings, principals, crew = (
        files["title.basics"],
        files["title.ratings"],
        files["title.principals"],
        files["title.crew"],
    )
    bad_every = titles // bad_rows if bad_rows else 0
    cat_names = [c for c, _, _ in CATEGORIES]
    cat_weights = [w for _, w, _ in CATEGORIES]
    cat_jobs = {c: jobs for c, _, jobs in CATEGORIES}
    tnum = 0
    types = _weighted(rng, TITLE_TYPES, titles)
    for i in range(titles):
        tnum += rng.choice((1, 1, 1, 2, 3))
        tconst = f"tt{tnum:07d}"
        ttype = types[i]
        r = rng.random()
        if r < 0.02:
            title = rng.choice(FOREIGN)
        elif r < 0.05:
            title = rng.choice(("Untitled", "Hamlet", "Home", "Love", "The Return"))
        else:
            title = " ".join(rng.choice(words) for _ in range(rng.choice((1, 2, 2, 3, 3, 4))))
            title = title[0].upper() + title[1:]
            if r < 0.06:
                title = f'The "{title}" Affair'
        original = title if rng.random() < 0.85 else title + " " + rng.choice(words)
        year = "\\N" if rng.random() < 0.03 else str(max(1890, int(2026 - rng.expovariate(1 / 25))))
        if ttype in ("movie", "tvMovie"):
            runtime = str(max(40, int(rng.gauss(98, 20))))
        elif ttype == "short":
            runtime = str(rng.randint(1, 39))
        else:
            runtime = str(rng.randint(20, 60))
        if rng.random() < 0.12:
            runtime = "\\N"
        genres = (
            "\\N"
            if rng.random() < 0.05
            else ",".join(sorted(rng.sample(GENRES, rng.randint(1, 3))))
        )
        end = year if ttype == "tvSeries" and rng.random() < 0.5 else "\\N"
        adult = "1" if rng.random() < 0.01 else "0"
        if bad_every and i % bad_every == bad_every // 2:
            # A malformed row of each kind the importer must refuse, by turns.
            if i % 2:
                runtime = "ninety"
            else:
                year = "19x4"
        basics.write(
            f"{tconst}\t{ttype}\t{title}\t{original}\t{adult}\t{year}\t{end}\t{runtime}\t{genres}\n"
        )
        counts["title.basics"] += 1
        if rng.random() < RATED_SHARE.get(ttype, RATED_SHARE_OTHER):
            rating = rng.randint(10, 100) / 10
            votes = int(rng.lognormvariate(4, 2)) + 5
            ratings.write(f"{tconst}\t{rating:.1f}\t{votes}\n")
            counts["title.ratings"] += 1
        n = min(10, max(1, int(rng.gauss(8, 2.5))))
        cats = rng.choices(cat_names, cat_weights, k=n)
        directors: list[str] = []
        writers: list[str] = []
        for ordering, category in enumerate(cats, start=1):
            person = rng.randint(1, busy) if rng.random() < 0.33 else rng.randint(1, people)
            nconst = f"nm{person:07d}"
            job = rng.choice(cat_jobs[category]) or "\\N"
            if category in ("actor", "actress", "self", "archive_footage"):
                if category == "self":
                    characters = '["Self"]'
                elif rng.random() < 0.1:
                    characters = "\\N"
                elif rng.random() < 0.05:
                    characters = f'["{rng.choice(FIRST)}","{rng.choice(FIRST)} (voice)"]'
                else:
                    characters = f'["{rng.choice(FIRST)} {rng.choice(LAST)}"]'
            else:
                characters = "\\N"
            principals.write(f"{tconst}\t{ordering}\t{nconst}\t{category}\t{job}\t{characters}\n")
            counts["title.principals"] += 1
            if category == "director":
                directors.append(nconst)
            elif category == "writer":
                writers.append(nconst)
        if rng.random() < 0.3:
            writers.append(f"nm{rng.randint(1, people):07d}")
        crew.write(f"{tconst}\t{','.join(directors) or NULL}\t{','.join(writers) or NULL}\n")
        counts["title.crew"] += 1
        if aka_file is not None:
            many = ttype in ("movie", "tvMovie")
            n = rng.randint(3, 16) if many else rng.randint(1, 5)
            aka_file.write(f"{tconst}\t1\t{original}\t\\N\t\\N\toriginal\t\\N\t1\n")
            for ordering in range(2, n + 1):
                region = rng.choice(REGIONS)
                other = title if rng.random() < 0.4 else f"{title} {rng.choice(words)}"
                aka_file.write(
                    f"{tconst}\t{ordering}\t{other}\t{region}\t\\N\timdbDisplay\t\\N\t0\n"
                )
            counts["title.akas"] += n
    names = files["name.basics"]
    given = FIRST + [w.capitalize() for w in words[:600]]
    surnames = [w.capitalize() for w in words] + [
        a.capitalize() + b for a in LAST for b in SYLLABLES
    ]
    for person in range(1, people + 1):
        # Most people's names are their own; a common first and last name repeats now
        # and then (so person slugs collide about as often as on IMDb).
        r = rng.random()
        if r < 0.15:
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        elif r < 0.5:
            name = f"{rng.choice(given)} {rng.choice(ALPHABET)}. {rng.choice(surnames)}"
        else:
            name = f"{rng.choice(given)} {rng.choice(surnames)}"
        birth = "\\N" if rng.random() < 0.6 else str(rng.randint(1880, 2010))
        death = (
            str(min(2026, int(birth) + rng.randint(20, 90)))
            if birth != "\\N" and rng.random() < 0.3
            else "\\N"
        )
        profession = ",".join(rng.sample(PROFESSIONS, rng.randint(1, 3)))
        known = ",".join(f"tt{rng.randint(1, tnum):07d}" for _ in range(rng.randint(0, 4))) or "\\N"
        names.write(f"nm{person:07d}\t{name}\t{birth}\t{death}\t{profession}\t{known}\n")
        counts["name.basics"] += 1
    for handle in files.values():
        handle.close()
    if aka_file is not None:
        aka_file.close()
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--titles", type=int, required=True, help="title.basics rows")
    parser.add_argument("--out", type=Path, default=Path("bench/out/imdb"))
    parser.add_argument("--gzip", action="store_true", help="write .tsv.gz as IMDb publishes")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--akas", action="store_true", help="also write title.akas")
    parser.add_argument(
        "--bad-rows", type=int, default=0, help="malformed title.basics rows to sprinkle in"
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    counts = generate(
        args.out,
        args.titles,
        compress=args.gzip,
        seed=args.seed,
        bad_rows=args.bad_rows,
        akas=args.akas,
    )
    summary = ", ".join(f"{kind} {n:,}" for kind, n in counts.items())
    took = f"{sum(counts.values()):,} rows in {time.monotonic() - started:.1f} s"
    print(f"{summary}; {took} -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
