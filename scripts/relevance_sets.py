"""Generate a search relevance set from the sample catalogue, systematically by class.

    .venv/bin/python scripts/relevance_sets.py --seed 13 --out tests/search/relevance_heldout.json

The queries are not written by hand: each class is a rule for how people mistype or
shorten a title (joined or split words, a typo, a real-word misspelling, a dropped or
added article or word, numbering, abbreviations, another title of the film, a remake's
year, people's and companies' names), applied to films, people and companies drawn at
random (seeded) from the most popular of the sample catalogue. A film qualifies only when
its answer is not ambiguous: it is the most popular film with its title key (a query for
"king kong" cannot mean the 1933 film, unless the year is typed).

The held-out set (seed 13) was written before the search was tuned and is never edited by
hand; the tuning set is tests/search/relevance_tuning.py. The catalogue is built in
SQLITE_PATH (default bench/out/relevance.sqlite3) when it is empty.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PER_CLASS = 30
POOL = 1500  # the most popular films the queries are drawn from
ROMAN = {"2": "ii", "3": "iii", "4": "iv", "5": "v", "6": "vi", "7": "vii", "8": "viii"}
NUMBER_WORDS = {"2": "two", "3": "three", "4": "four", "5": "five", "6": "six"}
ABBREVIATIONS = {
    "doctor": "dr",
    "dr": "doctor",
    "saint": "st",
    "st": "saint",
    "mister": "mr",
    "mr": "mister",
    "and": "&",
    "part": "pt",
    "versus": "vs",
    "vs": "versus",
    "volume": "vol",
    "vol": "volume",
    "mount": "mt",
}
GENERIC_COMPANY_WORDS = {
    "pictures",
    "studios",
    "films",
    "film",
    "entertainment",
    "productions",
    "company",
    "corporation",
    "media",
    "international",
}


def setup_django() -> None:
    os.environ.setdefault("SQLITE_PATH", str(ROOT / "bench" / "out" / "relevance.sqlite3"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "whatsafter.settings")
    Path(os.environ["SQLITE_PATH"]).parent.mkdir(parents=True, exist_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("build_sample", "--if-empty", verbosity=0)


def typo(word: str, rng: random.Random) -> str:
    """One slip of the fingers, not on the first letter: dropped, swapped, wrong, doubled."""
    i = rng.randint(1, len(word) - 1)
    roll = rng.random()
    if roll < 0.35:
        return word[:i] + word[i + 1 :]
    if roll < 0.6 and i < len(word) - 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if roll < 0.85:
        return word[:i] + rng.choice("aeiourstlnm".replace(word[i], "")) + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


def edits1(word: str) -> set[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    replaces = {a + c + b[1:] for a, b in splits if b for c in letters}
    inserts = {a + c + b for a, b in splits for c in letters}
    return (deletes | replaces | inserts) - {word}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--per-class", type=int, default=PER_CLASS)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    setup_django()
    from django.db.models import Count

    from whatsafter.catalog.models import Company, Credit, Movie
    from whatsafter.normalise import fold, title_key

    rng = random.Random(args.seed)
    films = list(
        Movie.objects.order_by("-popularity", "id").values_list(
            "id", "title", "year", "original_title", "popularity"
        )
    )
    best_for_key: dict[str, int] = {}
    shared: Counter[str] = Counter()
    vocabulary: Counter[str] = Counter()
    for pk, title, _, _, _ in films:
        key = title_key(title)
        best_for_key.setdefault(key, pk)
        shared[key] += 1
        vocabulary.update(key.split())
    pool = [f for f in films[:POOL] if best_for_key[title_key(f[1])] == f[0]]
    # A title several films share, typed with the year of the one meant ("king kong 2005").
    remakes = [f for f in films[:POOL] if shared[title_key(f[1])] > 1 and f[2]]
    common = {w for w, n in vocabulary.items() if n >= 3 and len(w) >= 3}

    def words(title: str) -> list[str]:
        return fold(title).replace("&", " & ").replace(":", " ").replace("-", " - ").split()

    def plain(title: str) -> str:
        return " ".join(re.sub(r"[^0-9a-z&' ]+", " ", fold(title)).split())

    def joined(title: str) -> str | None:
        parts = plain(title).replace("'", "").split()
        if len(parts) >= 2 and len(parts) <= 3 and sum(map(len, parts)) <= 12:
            return "".join(parts)
        # Two neighbouring words run together, articles and "of" aside ("harrypotter").
        pairs = [
            i
            for i in range(len(parts) - 1)
            if parts[i] not in ("the", "a", "an", "of", "&") and parts[i + 1] not in ("of", "&")
        ]
        if not pairs:
            return None
        i = pairs[0]
        return " ".join([*parts[:i], parts[i] + parts[i + 1], *parts[i + 2 :]])

    def split(title: str) -> str | None:
        parts = plain(title).split()
        for i, word in enumerate(parts):
            cuts = [
                (word[:n], word[n:])
                for n in range(3, len(word) - 2)
                if word[:n] in common and word[n:] in common
            ]
            if len(word) >= 6 and cuts:
                a, b = rng.choice(cuts)
                return " ".join([*parts[:i], a, b, *parts[i + 1 :]])
        return None

    def misspelt(title: str, *, short: bool) -> str | None:
        parts = plain(title).split()
        fits = [
            i
            for i, w in enumerate(parts)
            if w.isalpha() and (4 <= len(w) <= 5 if short else len(w) >= 6)
        ]
        if not fits:
            return None
        i = rng.choice(fits)
        parts[i] = typo(parts[i], rng)
        return " ".join(parts)

    def real_word(title: str) -> str | None:
        parts = plain(title).split()
        options = [
            (i, other)
            for i, w in enumerate(parts)
            if len(w) >= 4 and w.isalpha()
            for other in sorted(edits1(w) & common)
        ]
        if not options:
            return None
        i, other = rng.choice(options)
        parts[i] = other
        return " ".join(parts)

    def article(title: str) -> str | None:
        text = plain(title)
        first, _, rest = text.partition(" ")
        if first in ("the", "a", "an") and rest:
            return rest
        return "the " + text

    def dropped_word(title: str) -> str | None:
        parts = plain(title).split()
        inner = [i for i in range(1, len(parts)) if parts[i] not in ("the", "a", "of", "&")]
        if len(parts) < 4 or not inner:
            return None
        i = rng.choice(inner)
        return " ".join(parts[:i] + parts[i + 1 :])

    def extra_word(title: str) -> str | None:
        return plain(title) + " " + rng.choice(["movie", "film", "the movie"])

    def numbering(title: str) -> str | None:
        parts = words(title)
        for i, w in enumerate(parts):
            after_part = parts[i - 1] == "part"
            if i and w in ROMAN:
                options = [ROMAN[w], NUMBER_WORDS.get(w, w) if after_part else "part " + w]
                parts[i] = rng.choice(options)
                return plain(" ".join(parts))
            if i and w in ROMAN.values():
                digit = next(d for d, r in ROMAN.items() if r == w)
                parts[i] = digit if after_part else rng.choice([digit, "part " + digit])
                return plain(" ".join(parts))
        return None

    def abbreviated(title: str) -> str | None:
        parts = [w.strip(".") for w in words(title)]
        hits = [i for i, w in enumerate(parts) if w in ABBREVIATIONS]
        if not hits:
            return None
        i = rng.choice(hits)
        parts[i] = ABBREVIATIONS[parts[i]]
        return plain(" ".join(parts))

    def other_title(film: tuple) -> str | None:  # type: ignore[type-arg]
        original = film[3]
        if not original or title_key(original) == title_key(film[1]):
            return None
        text = plain(original)
        if not text or not fold(original).isascii() or title_key(text) in best_for_key:
            return None
        return text

    rules: dict[str, Callable[[str], str | None]] = {
        "joined words": joined,
        "split words": split,
        "typo": lambda t: misspelt(t, short=False),
        "typo in a short word": lambda t: misspelt(t, short=True),
        "real-word misspelling": real_word,
        "article missing or added": article,
        "a word left out": dropped_word,
        "a word added": extra_word,
        "numbering": numbering,
        "abbreviation": abbreviated,
    }
    cases: list[dict[str, str]] = []

    def film_answer(film: tuple) -> str:  # type: ignore[type-arg]
        return f"{film[1]} ({film[2]})" if film[2] else film[1]

    for name, rule in rules.items():
        order = pool[:]
        rng.shuffle(order)
        taken = 0
        for film in order:
            query = rule(film[1])
            if not query or query == plain(film[1]):
                continue
            cases.append({"class": name, "query": query, "film": film_answer(film)})
            taken += 1
            if taken == args.per_class:
                break
    order = pool[:]
    rng.shuffle(order)
    others = [(f, q) for f in order if (q := other_title(f))][: args.per_class]
    cases += [{"class": "other title", "query": q, "film": film_answer(f)} for f, q in others]
    rng.shuffle(remakes)
    cases += [
        {"class": "remake with its year", "query": f"{plain(f[1])} {f[2]}", "film": film_answer(f)}
        for f in remakes[: args.per_class]
    ]

    top_ids = [f[0] for f in films[:POOL]]
    billed = list(
        Credit.objects.filter(movie_id__in=top_ids, kind="cast", order__lte=2)
        .values_list("person__name", flat=True)
        .distinct()
    )
    by_name: defaultdict[str, int] = defaultdict(int)
    for person in billed:
        by_name[fold(person)] += 1
    billed = sorted(set(billed))
    rng.shuffle(billed)
    people = [p for p in billed if len(p.split()) >= 2][: args.per_class * 2]
    for i, person in enumerate(people):
        query = plain(person)
        if i % 2:
            parts = query.split()
            if len(parts[-1]) >= 5:
                parts[-1] = typo(parts[-1], rng)
            query = " ".join(parts)
        cases.append({"class": "person", "query": query, "person": person})

    companies = list(
        Company.objects.filter(movies__id__in=top_ids)
        .annotate(films=Count("movies"))
        .filter(films__gte=3)
        .values_list("name", flat=True)
    )
    companies = sorted(set(companies))
    rng.shuffle(companies)
    for company in companies[: args.per_class]:
        parts = plain(company).split()
        # "Paramount" for "Paramount Pictures", but "Down Productions" stays whole.
        if len(parts) >= 2 and parts[-1] in GENERIC_COMPANY_WORDS and len("".join(parts[:-1])) >= 5:
            parts = parts[:-1]
        cases.append({"class": "company", "query": " ".join(parts), "company": company})

    args.out.write_text(json.dumps(cases, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(cases)} queries: {dict(Counter(c['class'] for c in cases))}")


if __name__ == "__main__":
    main()
