"""Where a film can be watched, per region, only as a source reported it."""

from __future__ import annotations

from django.db import models

from whatsafter.catalog.models import Movie
from whatsafter.utils import choice_known, region_code_known


class OfferKind(models.TextChoices):
    STREAM = "stream", "Stream"
    RENT = "rent", "Rent"
    BUY = "buy", "Buy"
    FREE = "free", "Free"
    ADS = "ads", "Free with ads"


class WatchOffer(models.Model):
    movie = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="watch_offers")
    region = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2, e.g. 'GB'.")
    provider = models.CharField(max_length=128)
    kind = models.CharField(max_length=8, choices=OfferKind.choices)
    url = models.URLField(max_length=500, blank=True)
    source = models.CharField(max_length=64)
    as_of = models.DateField()

    class Meta:
        ordering = ["region", "kind", "provider"]
        constraints = [
            models.UniqueConstraint(
                fields=["movie", "region", "provider", "kind"], name="offer_once"
            ),
            region_code_known("region", name="offer_region_two_upper_letters"),
            choice_known("kind", OfferKind, name="offer_kind_known"),
        ]

    def __str__(self) -> str:
        return f"{self.movie}: {self.get_kind_display()} on {self.provider} ({self.region})"
