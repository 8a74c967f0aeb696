"""One name per genre: sources' synonyms become the catalogue's name on import, and a
database that already holds both names is merged by catalog migration 0009."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps

from tests.factories import MovieFactory
from whatsafter.catalog.models import Genre
from whatsafter.ingest import mapping
from whatsafter.ingest.readers.wikipedia import WikiMovie
from whatsafter.normalise import genre_name

merge_0009 = import_module("whatsafter.catalog.migrations.0009_one_name_per_genre")


@pytest.mark.parametrize(
    ("source_name", "ours"),
    [
        ("Animated", "Animation"),
        ("Historical", "History"),
        ("Sports", "Sport"),
        ("Sci-Fi", "Science Fiction"),
        ("Western", "Western"),
    ],
)
def test_a_source_s_genre_name_becomes_the_catalogue_s(source_name: str, ours: str) -> None:
    assert genre_name(source_name) == ours


def test_a_wikipedia_film_gets_the_catalogue_s_genre_names_once() -> None:
    film = WikiMovie(
        title="Toy Story", year=1995, cast=(), genres=("Animated", "Animation", "Comedy"),
        page="Toy_Story", extract="", thumbnail="", dropped_cast=0,
    )  # fmt: skip
    assert mapping.movie_from_wikipedia(film).genres == ["Animation", "Comedy"]


def test_the_migration_merges_a_synonym_into_the_genre_keeping_one_link_per_film(
    db: None,
) -> None:
    animation = Genre.objects.create(name="Animation", slug="animation")
    animated = Genre.objects.create(name="Animated", slug="animated")
    both, only_animated, only_animation = (MovieFactory() for _ in range(3))
    both.genres.add(animation, animated)
    only_animated.genres.add(animated)
    only_animation.genres.add(animation)
    # Only the synonym known: it takes the catalogue's name.
    sports = Genre.objects.create(name="Sports", slug="sports")
    only_animated.genres.add(sports)

    merge_0009.merge_synonyms(apps, None)

    assert sorted(Genre.objects.values_list("name", "slug")) == [
        ("Animation", "animation"),
        ("Sport", "sport"),
    ]
    animation.refresh_from_db()
    assert set(animation.movies.all()) == {both, only_animated, only_animation}
    assert animation.film_count == 3
    assert list(only_animated.genres.values_list("name", flat=True)) == ["Animation", "Sport"]
