"""IMDb files for films the catalogue already has, as another source would spell them, and
a count of what `whatsafter import imdb` made of them: merged, held for review, twinned.

    SQLITE_PATH=… .venv/bin/python bench/imdb_twins.py write OUT [--seed 7] [--limit N]
    SQLITE_PATH=… .venv/bin/python -m whatsafter.cli import imdb OUT
    SQLITE_PATH=… .venv/bin/python bench/imdb_twins.py count OUT

`write` reads the catalogue's films that have no IMDb id (the sample's) and writes the five
IMDb files with one title per film, changed the way sources differ: the year one off
(1 in 5), the runtime up to 2 minutes off (and known where the catalogue has none), the
punctuation changed, a leading "The" moved to the end, accents dropped or the case
changed, and the film's first cast names as IMDb people. Mixed in, as real IMDb data has
them: remakes (the same title decades later), namesakes (another film with the same title
in the same year, its runtime half an hour away) and films the catalogue lacks. `truth.json`
in OUT says which catalogue film each title is (or none). `count` compares the catalogue
after the import with it. Deterministic for a given --seed and catalogue.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TRUTH = "truth.json"
BASICS = (
    "tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\t"
    "runtimeMinutes\tgenres\n"
)


@dataclass(frozen=True)
class SourceFilm:
    """A catalogue film as the generator needs it."""

    id: int
    title: str
    original_title: str
    year: int
    runtime: int | None
    cast: tuple[str, ...]


@dataclass
class Title:
    """One generated IMDb title; `movie_id` is the catalogue film it really is."""

    tconst: str
    title: str
    original: str
    year: int
    runtime: int | None
    kind: str  # "same film", "remake", "namesake", "new"
    movie_id: int | None
    changes: list[str] = field(default_factory=list)
    cast: list[tuple[str, str]] = field(default_factory=list)  # (nconst, name)


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


PUNCTUATION_RESPELT = {":": " -", " and ": " & ", "-": " ", "'": ""}


def _respell(title: str, rng: random.Random) -> tuple[str, list[str]]:
    """The title as another source might print it, and what was changed."""
    changes: list[str] = []
    if title.startswith("The ") and rng.random() < 0.5:
        title = f"{title[4:]}, The"
        changes.append("The moved")
    if not title.isascii() and rng.random() < 0.7:
        title = _strip_accents(title)
        changes.append("accents dropped")
    roll = rng.random()
    # The first of these marks the title has is respelt; a title with none may gain a "!".
    mark = next((m for m in (":", " and ", "-", "'") if m in title), None)
    if mark is not None and roll < 0.5:
        title = title.replace(mark, PUNCTUATION_RESPELT[mark], 1)
        changes.append("punctuation")
    elif roll < 0.15:
        title = f"{title}!" if not title.endswith(("!", "?", ".")) else title
        changes.append("punctuation")
    if rng.random() < 0.1:
        title = title.upper() if rng.random() < 0.5 else title.lower()
        changes.append("case")
    return title, changes


def generate(films: list[SourceFilm], *, seed: int) -> list[Title]:
    """One title per film (differences as above), plus remakes, namesakes and new films."""
    rng = random.Random(seed)
    titles: list[Title] = []
    number = 9_000_000
    people: dict[str, str] = {}

    def tconst() -> str:
        nonlocal number
        number += 1
        return f"tt{number}"

    def nconst(name: str) -> str:
        if name not in people:
            people[name] = f"nm{9_000_000 + len(people) + 1}"
        return people[name]

    for film in films:
        title, changes = _respell(film.title, rng)
        year = film.year
        if rng.random() < 0.2:
            year += rng.choice((-1, 1))
            changes.append("year ±1")
        if film.runtime:
            runtime: int | None = film.runtime + rng.randint(-2, 2)
            if runtime != film.runtime:
                changes.append("runtime ±2")
        else:
            runtime = rng.randint(80, 140)
            changes.append("runtime only on IMDb")
        original = film.original_title or film.title
        if film.original_title:
            original, _ = _respell(film.original_title, rng)
        titles.append(
            Title(
                tconst(),
                title,
                original,
                year,
                runtime,
                "same film",
                film.id,
                changes,
                [(nconst(name), name) for name in film.cast[:4]],
            )
        )
        # Other films: their own cast, people the catalogue does not have.
        others = [
            (nconst(f"Other Player {number}-{k}"), f"Other Player {number}-{k}") for k in range(3)
        ]
        roll = rng.random()
        if roll < 0.04:
            later = film.year + rng.randint(15, 40)
            runtime = rng.randint(85, 130)
            titles.append(
                Title(tconst(), film.title, film.title, later, runtime, "remake", None, [], others)
            )
        elif roll < 0.06:
            other = (film.runtime or 100) + rng.choice((-1, 1)) * rng.randint(30, 50)
            titles.append(
                Title(
                    tconst(), film.title, film.title, film.year, max(other, 5), "namesake", None,
                    [], others,
                )
            )  # fmt: skip
        elif roll < 0.16:
            made_up = f"{film.title.split()[0]} {rng.choice(('Rising', 'Returns', 'Nights'))}"
            runtime = rng.randint(80, 130)
            titles.append(
                Title(tconst(), made_up, made_up, film.year, runtime, "new", None, [], others)
            )
    return titles


def write(titles: list[Title], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    titles = sorted(titles, key=lambda t: int(t.tconst[2:]))
    names: dict[str, str] = {}
    basics, ratings, principals = [], [], []
    for t in titles:
        runtime = str(t.runtime) if t.runtime else "\\N"
        basics.append(
            f"{t.tconst}\tmovie\t{t.title}\t{t.original}\t0\t{t.year}\t\\N\t{runtime}\tDrama\n"
        )
        rating, votes = 6 + int(t.tconst[-1]) / 10, 100 + int(t.tconst[-3:])
        ratings.append(f"{t.tconst}\t{rating:.1f}\t{votes}\n")
        for order, (nm, name) in enumerate(t.cast, 1):
            names[nm] = name
            principals.append(f'{t.tconst}\t{order}\t{nm}\tactor\t\\N\t["Role {order}"]\n')
    files = {
        "title.basics": BASICS + "".join(basics),
        "title.ratings": "tconst\taverageRating\tnumVotes\n" + "".join(ratings),
        "title.principals": "tconst\tordering\tnconst\tcategory\tjob\tcharacters\n"
        + "".join(principals),
        "title.crew": "tconst\tdirectors\twriters\n",
        "name.basics": "nconst\tprimaryName\tbirthYear\tdeathYear\tprimaryProfession\t"
        "knownForTitles\n"
        + "".join(f"{nm}\t{name}\t\\N\t\\N\tactor\t\\N\n" for nm, name in sorted(names.items())),
    }
    for kind, text in files.items():
        (out / f"{kind}.tsv").write_text(text, encoding="utf-8")
    (out / TRUTH).write_text(json.dumps([asdict(t) for t in titles]), encoding="utf-8")


def catalogue_films(limit: int | None = None) -> list[SourceFilm]:
    """The catalogue's films without an IMDb id, with their first-billed cast names."""
    from whatsafter.catalog.models import Credit, Movie

    films = Movie.objects.filter(imdb_id__isnull=True, year__isnull=False).order_by("id")
    rows = list(
        films.values_list("id", "title", "original_title", "year", "runtime_minutes")[:limit]
    )
    cast: dict[int, list[str]] = {}
    credits = Credit.objects.filter(kind="cast", movie_id__in=[r[0] for r in rows]).order_by(
        "movie_id", "order", "id"
    )
    for movie_id, name in credits.values_list("movie_id", "person__name").iterator():
        cast.setdefault(movie_id, []).append(name)
    return [
        SourceFilm(pk, title, original or "", year, runtime, tuple(cast.get(pk, [])))
        for pk, title, original, year, runtime in rows
    ]


def count(out: Path) -> dict[str, Any]:
    """What the import made of each generated title, against truth.json."""
    from whatsafter.catalog.models import Credit, Movie
    from whatsafter.ingest.models import MatchReview

    truth = json.loads((out / TRUTH).read_text(encoding="utf-8"))
    holders = dict(
        Movie.objects.filter(imdb_id__in=[t["tconst"] for t in truth]).values_list("imdb_id", "id")
    )
    known = {t["movie_id"] for t in truth if t["movie_id"] is not None}
    reviewed = set(
        MatchReview.objects.filter(source="imdb", status="open").values_list(
            "external_id", flat=True
        )
    )
    outcomes: Counter[str] = Counter()
    by_change: dict[str, Counter[str]] = {}
    for t in truth:
        holder = holders.get(t["tconst"])
        if holder is not None and holder == t["movie_id"]:
            outcome = "merged"
        elif holder is None:
            outcome = "held for review" if t["tconst"] in reviewed else "missing"
        elif holder in known:
            outcome = "merged into the wrong film"
        else:
            # A film of its own: right for a title the catalogue lacked, a twin otherwise.
            outcome = "new film" if t["movie_id"] is None else "twin created"
        outcomes[f"{t['kind']}: {outcome}"] += 1
        if t["kind"] == "same film":
            for change in t["changes"] or ["none"]:
                by_change.setdefault(change, Counter())[outcome] += 1
    # Twin people: on a film this import merged, two people of one name in its cast.
    merged = [
        t["movie_id"] for t in truth if t["movie_id"] and holders.get(t["tconst"]) == t["movie_id"]
    ]
    cast = (
        Credit.objects.filter(movie_id__in=merged, kind="cast")
        .values_list("movie_id", "person__name", "person_id")
        .distinct()
    )
    pairs = Counter((movie_id, name) for movie_id, name, _ in cast)
    return {
        "titles": len(truth),
        "outcomes": dict(sorted(outcomes.items())),
        "same film, by change": {k: dict(v) for k, v in sorted(by_change.items())},
        "reviews opened": MatchReview.objects.filter(source="imdb").count(),
        "twin people in merged films' cast": sum(1 for n in pairs.values() if n > 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=("write", "count"))
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "whatsafter.settings")
    import django

    django.setup()
    if args.action == "write":
        films = catalogue_films(args.limit)
        titles = generate(films, seed=args.seed)
        write(titles, args.out)
        kinds = Counter(t.kind for t in titles)
        print(f"{len(titles):,} titles for {len(films):,} catalogue films: {dict(kinds)}")
    else:
        print(json.dumps(count(args.out), indent=2))


if __name__ == "__main__":
    main()
