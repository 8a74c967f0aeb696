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
    # What else finds the film, as searchable words: other titles (original, IMDb's
    # other titles, "Series: Title" from the Wikipedia intro) as keys joined by " | ",
    # then the title's words in canonical spelling ("2" for "II", "dr" for "doctor").
    other = models.TextField(default="")
    # How popular search takes the film to be: TMDb's score, or IMDb votes / 10,000 when
    # that is larger (IMDb-only films have no TMDb score). Orders `rank` and sums into
    # people's popularity.
    weight = models.FloatField(default=0)
    # The catalogue's other inputs when indexed (original title, alternative titles,
    # Wikipedia intro, IMDb votes), compared by the refresh to find changed films.
    signature = models.CharField(max_length=600, default="")

    class Meta:
        indexes = [
            # Key and year together: "dune 1984" must not be answered by scanning every
            # 1984 film.
            models.Index(fields=["key", "year"], name="search_title_key_year_idx"),
            # Key then rank: the most popular films with a common title ("love") are the
            # first rows of one index range, however many films share it.
            models.Index(fields=["key", "rank"], name="search_title_key_rank_idx"),
        ]

    def __str__(self) -> str:
        return self.key


class TitleForm(models.Model):
    """Each title of a film (its own and its other titles) in canonical words run together.

    'spiderman', 'spider man' and 'Spider-Man' share the form 'spiderman'; 'rocky 2' and
    'Rocky II' share 'rocky2': a whole title typed joined, split or renumbered is then one
    index lookup.
    """

    form = models.CharField(max_length=500)
    movie_id = models.IntegerField(db_index=True)
    # The film's TitleEntry.rank and year, copied so that "the most popular films with
    # this form" is read from one index range rather than by collecting and sorting
    # every film with it ("of": 6,595 films at a million titles).
    rank = models.BigIntegerField(default=0)
    year = models.PositiveSmallIntegerField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["form", "rank"], name="search_titleform_rank_idx"),
            models.Index(fields=["form", "year"], name="search_titleform_year_idx"),
        ]

    def __str__(self) -> str:
        return self.form


class PersonEntry(models.Model):
    """One person as search sees them, ranked by the popularity of their films.

    `rank` (most popular first, unique) is the person's full-text row id, as for films.
    """

    person_id = models.IntegerField(primary_key=True)
    name = models.CharField(max_length=255)
    key = models.CharField(max_length=255, db_index=True)
    # Sum of the weights of the films they are credited in.
    popularity = models.FloatField(default=0)
    rank = models.BigIntegerField(unique=True, null=True)

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


class WordTop(models.Model):
    """The most popular films with a word in their title or other titles, per word.

    "The most popular films with any of these words" (a typo query's any-word candidates)
    is then the first rows of a few word ranges merged in rank order, rather than a walk
    of the rank order or a collect of every match, which for words in 0.1-2% of titles
    read tens of thousands of rows (index.WORD_TOP_KEEP films are kept per word).
    """

    word = models.CharField(max_length=64)
    rank = models.BigIntegerField()
    movie_id = models.IntegerField(db_index=True)

    class Meta:
        constraints = [
            # (word, rank, movie_id): a word range is read from the index alone.
            models.UniqueConstraint(
                fields=["word", "rank", "movie_id"], name="search_wordtop_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.word} → {self.movie_id}"


class Vocabulary(models.Model):
    """A vocabulary of indexed words, for correcting typos without loading every entry."""

    word = models.CharField(max_length=64, primary_key=True)
    initial = models.CharField(max_length=1)
    length = models.PositiveSmallIntegerField()
    # Metaphone key (jellyfish): finds sound-alike misspellings whatever the first letter.
    sound = models.CharField(max_length=64, default="")
    # How many entries used the word when they were indexed (not lowered when one goes):
    # of two equally close corrections, the commoner word is the likelier one.
    films = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.word


class Word(Vocabulary):
    """The vocabulary of title words."""

    class Meta:
        indexes = [
            models.Index(fields=["initial", "length"], name="search_word_shape_idx"),
            models.Index(fields=["sound"], name="search_word_sound_idx"),
        ]


class NameWord(Vocabulary):
    """The vocabulary of people's names, for correcting a misspelt name ("jack nicholsn")."""

    class Meta:
        indexes = [
            models.Index(fields=["initial", "length"], name="search_name_shape_idx"),
            models.Index(fields=["sound"], name="search_name_sound_idx"),
        ]
