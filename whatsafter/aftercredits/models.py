"""Scenes during and after the credits, the evidence for them, and the verdict derived from it.

The verdict is never set by hand: `services.verdict_refresh` derives it from Evidence
and CreditScene rows and stores the result in Verdict only so lists can filter and sort
by it without re-deriving per row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from whatsafter.catalog.models import Movie


class Position(models.TextChoices):
    DURING = "during", "During the credits"
    AFTER = "after", "After the credits"


class CreditScene(models.Model):
    movie = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="credit_scenes")
    position = models.CharField(max_length=8, choices=Position.choices)
    order = models.PositiveSmallIntegerField(help_text="1 for the first scene in the credits.")
    description = models.TextField(blank=True, help_text="Spoiler: shown behind a toggle.")
    source = models.CharField(max_length=64, help_text="Who described it, e.g. 'editor'.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["movie", "order"]
        constraints = [
            models.UniqueConstraint(fields=["movie", "order"], name="scene_order_once"),
            models.CheckConstraint(
                condition=Q(position__in=["during", "after"]), name="scene_position_known"
            ),
            models.CheckConstraint(condition=Q(order__gte=1), name="scene_order_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.movie}: scene {self.order} ({self.get_position_display()})"


class Evidence(models.Model):
    """One source's statement about a film's end-credit scenes, at a point in time."""

    class Source(models.TextChoices):
        EDITOR = "editor", "What's After editors"
        TMDB_KEYWORD = "tmdb_keyword", "TMDb keywords"

    class Claim(models.TextChoices):
        DURING = "during", "A scene during the credits"
        AFTER = "after", "A scene after the credits"
        NONE = "none", "No scene during or after the credits"
        # The source tracks scenes but lists none for this film: weak evidence of absence.
        NONE_RECORDED = "none_recorded", "No scene recorded"

    movie = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="evidence")
    source = models.CharField(max_length=32, choices=Source.choices)
    claim = models.CharField(max_length=16, choices=Claim.choices)
    asserted_at = models.DateTimeField(help_text="When the source said it (or we imported it).")
    detail = models.CharField(max_length=255, blank=True, help_text="e.g. the dataset or URL.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["movie", "-asserted_at"]
        verbose_name_plural = "evidence"
        constraints = [
            models.UniqueConstraint(fields=["movie", "source", "claim"], name="evidence_once"),
            models.CheckConstraint(
                condition=Q(claim__in=["during", "after", "none", "none_recorded"]),
                name="evidence_claim_known",
            ),
            models.CheckConstraint(
                condition=Q(source__in=["editor", "tmdb_keyword"]),
                name="evidence_source_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.movie}: {self.get_source_display()} says {self.get_claim_display()}"


class VerdictStatus(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    PROBABLY_NOT = "probably_not", "Probably not"
    UNKNOWN = "unknown", "Not known yet"


class Verdict(models.Model):
    """Derived cache of the answer; rewritten by services.verdict_refresh, never by hand."""

    movie = models.OneToOneField(
        Movie, on_delete=models.CASCADE, primary_key=True, related_name="verdict"
    )
    status = models.CharField(max_length=16, choices=VerdictStatus.choices, db_index=True)
    during_count = models.PositiveSmallIntegerField(default=0)
    after_count = models.PositiveSmallIntegerField(default=0)
    decided_by = models.CharField(max_length=32, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(status="yes") & (Q(during_count__gt=0) | Q(after_count__gt=0))
                    | ~Q(status="yes") & Q(during_count=0, after_count=0)
                ),
                name="verdict_counts_match_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.movie}: {self.get_status_display()}"
