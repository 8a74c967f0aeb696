"""bench/imdb_twins.py on a small catalogue: IMDb's spelling of films we have, imported.

The generator respells each film (year one off, runtime a little off, punctuation, "The"
moved, accents, case) and mixes in remakes, namesakes and new films; the import must not
twin any of them, nor merge a title into a film it is not.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from bench import imdb_twins
from tests.factories import CreditFactory, MovieFactory, PersonFactory
from whatsafter.ingest.normalise import title_key

pytestmark = pytest.mark.django_db(transaction=True)

FILMS = [
    ("The Avengers", "", 2012, 143),
    ("Amélie", "Le Fabuleux Destin d'Amélie Poulain", 2001, 122),
    ("Spider-Man", "", 2002, 121),
    ("Crouching Tiger, Hidden Dragon", "Wo hu cang long", 2000, 120),
    ("Star Wars: The Empire Strikes Back", "", 1980, None),
    ("The Lord of the Rings: The Two Towers", "", 2002, 179),
    ("Harry Potter and the Goblet of Fire", "", 2005, 157),
    ("Léon: The Professional", "Léon", 1994, 110),
    ("Pan's Labyrinth", "El laberinto del fauno", 2006, 118),
    ("The Great Gatsby", "", 1974, None),
    ("The Great Gatsby", "", 2013, 143),
    ("Hamlet", "", 1996, None),
    ("Hamlet", "", 1996, None),
    ("Solaris", "", 1972, None),
    ("Heat", "", 1995, 170),
    ("Alien", "", 1979, 117),
    ("Aliens", "", 1986, 137),
    ("Brief Encounter", "", 1945, None),
    ("Don't Look Now", "", 1973, 110),
    ("Å Åpne Døren", "", 1999, 95),
] + [
    (f"Quiet Film Number {n}", "", 1990 + n % 30, None if n % 3 == 0 else 90 + n) for n in range(40)
]


def test_generated_variants_merge_or_wait_and_none_is_twinned(tmp_path: Path) -> None:
    for n, (title, original, year, runtime) in enumerate(FILMS):
        film = MovieFactory(
            title=title,
            original_title=original,
            year=year,
            runtime_minutes=runtime,
            slug=f"film-{n}",
        )
        for order in range(2):
            person = PersonFactory(name=f"Player {n}-{order}", slug=f"player-{n}-{order}")
            CreditFactory(movie=film, person=person, character="", order=order, source="wikipedia")
    films = imdb_twins.catalogue_films()
    titles = imdb_twins.generate(films, seed=11)
    imdb_twins.write(titles, tmp_path / "imdb")

    call_command("import", "imdb", str(tmp_path / "imdb"), stdout=io.StringIO())
    counted = imdb_twins.count(tmp_path / "imdb")

    outcomes = counted["outcomes"]
    for outcome in outcomes:
        assert "twin" not in outcome and "wrong film" not in outcome and "missing" not in outcome
    assert outcomes.get("remake: new film", 0) == sum(t.kind == "remake" for t in titles)
    assert outcomes.get("new: new film", 0) == sum(t.kind == "new" for t in titles)
    assert not any(k.startswith("namesake") and k.endswith("merged") for k in outcomes)
    # Every film whose title is unique within two years in the catalogue and which kept
    # its year, or has a runtime to confirm a year's difference, and has no namesake on
    # IMDb, is merged, not held.
    keys = [(title_key(f.title), f.year) for f in films]
    crowded = {
        f.id
        for f in films
        if sum(k == title_key(f.title) and abs(y - f.year) <= 1 for k, y in keys) > 1
    }  # noqa: E501
    namesakes = {(title_key(t.title), t.year) for t in titles if t.kind == "namesake"}
    by_id = {f.id: f for f in films}
    clear = [
        t
        for t in titles
        if t.kind == "same film"
        and t.movie_id not in crowded
        and (title_key(by_id[t.movie_id].title), by_id[t.movie_id].year) not in namesakes
        and (t.year == by_id[t.movie_id].year or by_id[t.movie_id].runtime is not None)
    ]
    assert len(clear) > len(films) // 2
    assert outcomes["same film: merged"] >= len(clear)
    assert counted["twin people in merged films' cast"] == 0
