"""What a subtitle file showed about a film's credits: the detector's findings, kept as evidence.

A scan is one file's reading. Its claimed scenes become Evidence rows (source "subtitles");
an editor who rejects a scan withdraws its claims, and the verdict is derived again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from whatsafter.catalog.models import Movie
from whatsafter.subtitles.findings import clock_s


class SubtitleScan(models.Model):
    movie = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="subtitle_scans")
    file_name = models.CharField(max_length=255)
    file_date = models.DateTimeField(null=True, blank=True, help_text="The file's modified time.")
    # Where the film's last line ends and the credits start (estimated), in milliseconds.
    credits_start_ms = models.PositiveIntegerField(null=True, blank=True)
    fits_runtime = models.BooleanField(null=True)
    # [{"position", "start_ms", "end_ms", "cues", "confidence", "claimed"}, ...]
    scenes = models.JSONField(default=list, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    during_credits = models.BooleanField(null=True)
    after_credits = models.BooleanField(null=True)
    via = models.CharField(max_length=16, default="cli", help_text="cli, library or api")
    submitted_by = models.CharField(max_length=120, blank=True, help_text="API client, if any.")
    recorded_at = models.DateTimeField(auto_now_add=True)
    rejected = models.BooleanField(default=False, db_index=True)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["movie", "-recorded_at"]
        constraints = [
            # The same file read twice updates its scan instead of piling up copies.
            models.UniqueConstraint(fields=["movie", "file_name"], name="subtitle_scan_once"),
            models.CheckConstraint(
                condition=Q(via__in=["cli", "library", "api"]), name="subtitle_scan_via_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.movie}: {self.file_name}"

    @property
    def claimed_scenes(self) -> list[dict]:
        return [s for s in self.scenes if s.get("claimed")]

    @property
    def claimed_scene_times(self) -> list[dict]:
        """Claimed scenes with player-clock times, for the film page and the admin."""
        return [
            {
                **scene,
                "start": clock_s(scene["start_ms"] / 1000),
                "end": clock_s(scene["end_ms"] / 1000),
            }
            for scene in self.claimed_scenes
        ]

    @property
    def credits_start_clock(self) -> str:
        return clock_s(self.credits_start_ms / 1000) if self.credits_start_ms else ""
