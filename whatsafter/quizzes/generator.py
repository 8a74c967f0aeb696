"""Multiple-choice questions from what we know about a film. Pure and deterministic.

Every question has four distinct options of one kind (people, years, companies…), one of
them right, and its answer does not appear in the question. Nothing is asked about data
we do not have; a film with fewer than MIN_QUESTIONS possible questions gets no quiz.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from whatsafter.quizzes.summarise import sentences

MIN_QUESTIONS = 5
MAX_QUESTIONS = 10
RUNTIME_BANDS = (
    "Under 90 minutes",
    "90 to 109 minutes",
    "110 to 129 minutes",
    "130 minutes or more",
)


@dataclass(frozen=True)
class Facts:
    slug: str
    title: str
    year: int | None
    runtime: int | None
    genres: tuple[str, ...]
    companies: tuple[str, ...]
    tagline: str
    cast: tuple[str, ...]
    verdict: str
    during: int
    after: int
    plot: str
    # Who directed it, and (actor, character) pairs in billing order: IMDb and TMDb
    # imports bring both; the Wikipedia cast lists have neither.
    directors: tuple[str, ...] = ()
    roles: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Pool:
    """Distractors of each kind, drawn from other films (similar ones first)."""

    actors: tuple[str, ...] = ()
    companies: tuple[str, ...] = ()
    genres: tuple[str, ...] = ()
    taglines: tuple[str, ...] = ()
    directors: tuple[str, ...] = ()


@dataclass
class Draft:
    kind: str
    prompt: str
    options: list[str]
    answer: int
    explanation: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def correct(self) -> str:
        return self.options[self.answer]


def version(facts: Facts, pool: Pool) -> str:
    """Changes when the data behind the quiz changes, so a stale quiz is rebuilt."""
    return hashlib.sha256(repr((asdict(facts), asdict(pool))).encode()).hexdigest()[:16]


def _shuffle(rng: random.Random, correct: str, wrong: Sequence[str]) -> tuple[list[str], int]:
    options = [correct, *wrong[:3]]
    rng.shuffle(options)
    return options, options.index(correct)


def _pick(
    rng: random.Random, candidates: Sequence[str], exclude: set[str], n: int = 3
) -> list[str]:
    seen = {c.casefold() for c in exclude}
    unique = []
    for c in candidates:
        if c and c.casefold() not in seen:
            seen.add(c.casefold())
            unique.append(c)
    if len(unique) < n:
        return []
    return rng.sample(unique[: max(n * 4, n)], n)


def _year(f: Facts, rng: random.Random) -> Draft | None:
    if not f.year:
        return None
    offsets = rng.sample([d for d in range(-6, 7) if d], 3)
    options, answer = _shuffle(rng, str(f.year), [str(f.year + d) for d in offsets])
    return Draft(
        "year",
        f"In which year was {f.title} released?",
        options,
        answer,
        f"{f.title} came out in {f.year}.",
    )


def _runtime(f: Facts, rng: random.Random) -> Draft | None:
    if not f.runtime:
        return None
    band = 0 if f.runtime < 90 else 1 if f.runtime < 110 else 2 if f.runtime < 130 else 3
    return Draft(
        "runtime",
        f"How long does {f.title} run?",
        list(RUNTIME_BANDS),
        band,
        f"It runs {f.runtime} minutes.",
    )


def _genre(f: Facts, rng: random.Random, pool: Pool) -> Draft | None:
    if not f.genres:
        return None
    wrong = _pick(rng, pool.genres, set(f.genres))
    if not wrong:
        return None
    correct = rng.choice(f.genres)
    options, answer = _shuffle(rng, correct, wrong)
    return Draft(
        "genre",
        f"Which genre is {f.title} listed under?",
        options,
        answer,
        f"It is listed as {', '.join(f.genres)}.",
    )


def _among(
    rng: random.Random,
    pool: Sequence[str],
    exclude: set[str],
    right: str,
    *,
    kind: str,
    prompt: str,
    explanation: str,
) -> Draft | None:
    """The question whose answer is `right`, its three wrong options drawn from `pool` (none
    of `exclude`); None when the pool has too few."""
    wrong = _pick(rng, pool, exclude)
    if not wrong:
        return None
    options, answer = _shuffle(rng, right, wrong)
    return Draft(kind, prompt, options, answer, explanation)


def _company(f: Facts, rng: random.Random, pool: Pool) -> Draft | None:
    if not f.companies:
        return None
    return _among(
        rng,
        pool.companies,
        set(f.companies),
        f.companies[0],
        kind="studio",
        prompt=f"Which company produced {f.title}?",
        explanation=f"Production: {', '.join(f.companies)}.",
    )


def _tagline(f: Facts, rng: random.Random, pool: Pool) -> Draft | None:
    if not f.tagline or f.title.casefold() in f.tagline.casefold():
        return None
    return _among(
        rng,
        [t for t in pool.taglines if f.title.casefold() not in t.casefold()],
        {f.tagline},
        f.tagline,
        kind="tagline",
        prompt=f"Which tagline was used for {f.title}?",
        explanation=f"Its tagline: “{f.tagline}”",
    )


def _not_in_cast(f: Facts, rng: random.Random, pool: Pool) -> Draft | None:
    if len(f.cast) < 3:
        return None
    outsider = _pick(rng, pool.actors, set(f.cast), 1)
    if not outsider:
        return None
    members = rng.sample(list(f.cast[:8]), 3)
    options, answer = _shuffle(rng, outsider[0], members)
    return Draft(
        "not_in_cast",
        f"Which of these actors is not in {f.title}?",
        options,
        answer,
        f"{outsider[0]} is not in the cast; the others are.",
    )


def _top_billed(f: Facts, rng: random.Random, pool: Pool) -> Draft | None:
    if not f.cast:
        return None
    return _among(
        rng,
        pool.actors,
        set(f.cast),
        f.cast[0],
        kind="cast",
        prompt=f"Who is in the cast of {f.title}?",
        explanation=f"{f.cast[0]} is top-billed.",
    )


def _director(f: Facts, rng: random.Random, pool: Pool) -> Draft | None:
    if len(f.directors) != 1:
        return None  # co-directed films would need "which of these directed it", not "who"
    return _among(
        rng,
        pool.directors,
        set(f.directors) | set(f.cast),
        f.directors[0],
        kind="director",
        prompt=f"Who directed {f.title}?",
        explanation=f"{f.directors[0]} directed it.",
    )


# Parts that name nobody: asking who played them has no single answer worth knowing.
_GENERIC_PART = re.compile(
    r"\b(self|himself|herself|themselves|narrator|voice|voices|extra|uncredited|guest)\b"
    r"|\s#?\d+$",
    re.IGNORECASE,
)


def _role(f: Facts, rng: random.Random) -> Draft | None:
    """Who plays a named character, with other cast members as the wrong answers."""
    actors = {actor for actor, _ in f.roles}
    for actor, character in f.roles[:6]:
        character = character.strip()
        if not character or _GENERIC_PART.search(character) or actor in character:
            continue
        wrong = _pick(rng, [a for a in f.cast if a != actor], {actor})
        if not wrong or len(actors) < 4:
            return None
        options, answer = _shuffle(rng, actor, wrong)
        return Draft(
            "role",
            f"Who plays {character} in {f.title}?",
            options,
            answer,
            f"{actor} plays {character}.",
        )
    return None


SCENE_OPTIONS = (
    "Yes, during the credits",
    "Yes, after the credits",
    "Yes, both during and after",
    "No, nothing",
)


def _scene(f: Facts, rng: random.Random) -> Draft | None:
    if f.verdict == "yes":
        answer = 2 if f.during and f.after else 0 if f.during else 1
    elif f.verdict == "no":
        answer = 3
    else:
        return None  # "probably not" and "not known" are not facts to quiz on
    return Draft(
        "scene",
        f"Does {f.title} have a scene during or after the credits?",
        list(SCENE_OPTIONS),
        answer,
        "That is the question this site answers.",
    )


_NUMBER = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def _cloze(f: Facts, rng: random.Random, pool: Pool) -> list[Draft]:
    """A plot sentence with a cast member's name or a year taken out."""
    drafts: list[Draft] = []
    names = [n for n in f.cast if len(n) > 3]
    for sentence in sentences(f.plot):
        if len(sentence) > 260 or len(drafts) == 2:
            continue
        name = next((n for n in names if n in sentence), None)
        if name and sentence.count(name) == 1:
            wrong = _pick(rng, [n for n in f.cast if n not in sentence] + list(pool.actors), {name})
            if wrong:
                prompt = "Fill the gap: “" + sentence.replace(name, "_____") + "”"
                options, answer = _shuffle(rng, name, wrong)
                drafts.append(Draft("plot_person", prompt, options, answer, f"It was {name}."))
                continue
        years = _NUMBER.findall(sentence)
        if len(years) == 1 and sentence.count(years[0]) == 1:
            year = int(years[0])
            prompt = "Fill the gap: “" + sentence.replace(years[0], "_____") + "”"
            fakes = [str(year + d) for d in rng.sample([d for d in range(-9, 10) if d], 3)]
            options, answer = _shuffle(rng, years[0], fakes)
            drafts.append(Draft("plot_year", prompt, options, answer, f"The year was {year}."))
    return drafts


def valid(draft: Draft) -> bool:
    """The quality rules every stored question keeps."""
    options = [o.strip().casefold() for o in draft.options]
    return (
        len(draft.options) == 4
        and len(set(options)) == 4
        and all(options)
        and 0 <= draft.answer < 4
        and draft.correct.casefold() not in draft.prompt.casefold()
    )


def generate(facts: Facts, pool: Pool) -> list[Draft]:
    """5 to 10 questions, or none when the film has too little data for a good quiz."""
    rng = random.Random(int(version(facts, pool), 16))
    candidates = [
        _scene(facts, rng),
        _top_billed(facts, rng, pool),
        _director(facts, rng, pool),
        _role(facts, rng),
        _year(facts, rng),
        _not_in_cast(facts, rng, pool),
        _company(facts, rng, pool),
        _genre(facts, rng, pool),
        _runtime(facts, rng),
        _tagline(facts, rng, pool),
        *_cloze(facts, rng, pool),
    ]
    drafts = [d for d in candidates if d is not None and valid(d)][:MAX_QUESTIONS]
    return drafts if len(drafts) >= MIN_QUESTIONS else []
