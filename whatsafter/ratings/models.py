"""Scores from each site, kept on their own scale and normalised 0-100 for comparison."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from whatsafter.catalog.models import Movie
from whatsafter.utils import choice_known


class RatingSource(models.TextChoices):
    IMDB = "imdb", "IMDb rating"
    METASCORE = "metascore", "Metascore"
    METACRITIC_USER = "metacritic_user", "Metacritic user score"
    TOMATOMETER = "tomatometer", "Tomatometer"
    RT_AUDIENCE = "rt_audience", "Rotten Tomatoes audience score"
    TMDB = "tmdb", "TMDb user score"


class Rating(models.Model):
    movie = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="ratings")
    source = models.CharField(max_length=24, choices=RatingSource.choices)
    raw_value = models.CharField(max_length=32, help_text="As the source wrote it, e.g. '7.3'.")
    value = models.DecimalField(max_digits=5, decimal_places=1)
    scale = models.PositiveSmallIntegerField()
    normalised = models.DecimalField(max_digits=4, decimal_places=1, help_text="0-100.")
    vote_count = models.PositiveIntegerField(null=True, blank=True)
    as_of = models.DateField()
    provenance = models.CharField(max_length=64, help_text="Dataset or API it came from.")

    class Meta:
        ordering = ["movie", "source"]
        constraints = [
            models.UniqueConstraint(fields=["movie", "source"], name="rating_once_per_source"),
            models.CheckConstraint(condition=Q(scale__in=[10, 100]), name="rating_scale_known"),
            models.CheckConstraint(
                condition=Q(value__gte=0) & Q(value__lte=F("scale")), name="rating_within_scale"
            ),
            models.CheckConstraint(
                condition=Q(normalised__gte=0, normalised__lte=100),
                name="rating_normalised_0_100",
            ),
            choice_known("source", RatingSource, name="rating_source_known"),
        ]

    def __str__(self) -> str:
        return f"{self.movie}: {self.get_source_display()} {self.raw_value}"
