"""The search index: derived tables the catalogue's writers keep in step (index.py).

Nothing here is a source of truth. Every row can be rebuilt from catalog.Movie and
catalog.Person with `services.search_index_refresh(full=True)`.
"""

from __future__ import annotations

from django.db import models


class TitleEntry(models.Model):
    """One film as search sees it: its normalised title key and a popularity rank.

    `rank` orders films most popular first (lower is more popular) and is unique, so the
    full-text index can use it as its row id: a match list read in row-id order is then
    already in popularity order and LIMIT stops early however common the words are.
    """

    movie_id = models.IntegerField(primary_key=True)
    # The catalogue's values when indexed, compared by the refresh to find changed films.
    title = models.CharField(max_length=500)
    year = models.PositiveSmallIntegerField(null=True, db_index=True)
    popularity = models.FloatField()
    key = models.CharField(max_length=500)
    rank = models.BigIntegerField(unique=True)

    class Meta:
        # Key and year together: "dune 1984" must not be answered by scanning every 1984 film.
        indexes = [models.Index(fields=["key", "year"], name="search_title_key_year_idx")]

    def __str__(self) -> str:
        return self.key


class PersonEntry(models.Model):
    person_id = models.IntegerField(primary_key=True)
    name = models.CharField(max_length=255)
    key = models.CharField(max_length=255, db_index=True)

    def __str__(self) -> str:
        return self.key


class Prefix(models.Model):
    """The most popular films whose title, or a run of its words, starts with `prefix`.

    Only the top few per prefix are kept, so a suggestion for "a" reads ten rows rather
    than ranking the hundreds of thousands of titles with a word starting with "a".
    """

    prefix = models.CharField(max_length=16)
    rank = models.BigIntegerField()
    movie_id = models.IntegerField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "rank"], name="search_prefix_once"),
        ]

    def __str__(self) -> str:
        return f"{self.prefix} → {self.movie_id}"


class Word(models.Model):
    """The vocabulary of title words, for correcting typos without loading every title."""

    word = models.CharField(max_length=64, primary_key=True)
    initial = models.CharField(max_length=1)
    length = models.PositiveSmallIntegerField()

    class Meta:
        indexes = [models.Index(fields=["initial", "length"], name="search_word_shape_idx")]

    def __str__(self) -> str:
        return self.word
