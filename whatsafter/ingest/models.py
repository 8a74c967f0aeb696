"""A record of each import run, and the rows it refused, so an operator can see both."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class ImportRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    source = models.CharField(max_length=32)
    arguments = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    rows_read = models.PositiveIntegerField(default=0)
    inserted = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["running", "succeeded", "failed"]),
                name="import_status_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} import {self.started_at:%Y-%m-%d %H:%M} ({self.status})"


class RejectedRow(models.Model):
    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="rejected_rows")
    file = models.CharField(max_length=500)
    line = models.PositiveIntegerField()
    reason = models.CharField(max_length=500)

    class Meta:
        ordering = ["run", "file", "line"]

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


class MatchReview(models.Model):
    """A fetched film that matched the catalogue only uncertainly, held for an editor.

    Nothing is merged while a review is open: the film waits (its answer stays in the
    import cache). An editor merges it into one candidate (the film gets the source's id,
    and the next import fills it in) or keeps it apart (the next import adds it as a film
    of its own).
    """

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        MERGED = "merged", "Merged"
        KEPT_APART = "kept_apart", "Kept apart"

    source = models.CharField(max_length=32, help_text="tmdb or omdb")
    external_id = models.CharField(max_length=32, help_text="The source's id for the film.")
    title = models.CharField(max_length=500)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    candidates = models.ManyToManyField("catalog.Movie", related_name="match_reviews", blank=True)
    confidence = models.DecimalField(max_digits=3, decimal_places=2)
    reason = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    chosen = models.ForeignKey(
        "catalog.Movie",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The candidate to merge into (pick one, then use the merge action).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="review_once"),
            models.CheckConstraint(
                condition=Q(status__in=["open", "merged", "kept_apart"]),
                name="review_status_known",
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0, confidence__lte=1),
                name="review_confidence_0_1",
            ),
        ]

    def __str__(self) -> str:
        year = f" ({self.year})" if self.year else ""
        return f"{self.source} {self.external_id}: {self.title}{year} [{self.status}]"


class SourceFetch(models.Model):
    """When a per-film API (OMDb) last answered for a film, so runs skip what is fresh."""

    class Outcome(models.TextChoices):
        FOUND = "found", "Found"
        NOT_FOUND = "not_found", "Not found"

    source = models.CharField(max_length=32)
    external_id = models.CharField(max_length=32)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    fetched_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="fetch_once"),
            models.CheckConstraint(
                condition=Q(outcome__in=["found", "not_found"]), name="fetch_outcome_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.external_id}: {self.outcome} at {self.fetched_at:%Y-%m-%d}"
