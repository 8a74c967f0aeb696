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
from whatsafter.utils import choice_known


class Position(models.TextChoices):
    DURING = "during", "During the credits"
    BETWEEN = "between", "Between the animated and the crawl credits"
    AFTER = "after", "After all the credits"


class SceneKind(models.TextChoices):
    STORY = "story", "Story scene"
    TEASER = "teaser", "Teaser for a sequel"
    GAG = "gag", "Gag"
    OUTTAKES = "outtakes", "Outtakes or bloopers"
    AUDIO = "audio", "Audio only"
    DEDICATION = "dedication", "Dedication"


class CreditScene(models.Model):
    movie = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="credit_scenes")
    position = models.CharField(max_length=8, choices=Position.choices)
    order = models.PositiveSmallIntegerField(help_text="1 for the first scene in the credits.")
    kind = models.CharField(max_length=12, choices=SceneKind.choices, default=SceneKind.STORY)
    at_minute = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Roughly when it starts, in minutes into the film."
    )
    length_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    sets_up_sequel = models.BooleanField(
        default=False, help_text="Matters for a later film, so worth staying for."
    )
    description = models.TextField(blank=True, help_text="Spoiler: shown behind a toggle.")
    source = models.CharField(max_length=64, help_text="Who described it, e.g. 'editor'.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["movie", "order"]
        constraints = [
            models.UniqueConstraint(fields=["movie", "order"], name="scene_order_once"),
            choice_known("position", Position, name="scene_position_known_v2"),
            choice_known("kind", SceneKind, name="scene_kind_known"),
            models.CheckConstraint(condition=Q(order__gte=1), name="scene_order_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.movie}: scene {self.order} ({self.get_position_display()})"


class EvidenceSource(models.TextChoices):
    """Who can state something about a film's end-credit scenes: the one list of source
    names. The database constraint, the page's labels and the API follow it, so a new
    source is one line here (and the migration makemigrations writes for it)."""

    EDITOR = "editor", "What's After editors"
    TMDB_KEYWORD = "tmdb_keyword", "TMDb keywords"
    # Dialogue found in or after the credits by the subtitle-timing detector.
    SUBTITLES = "subtitles", "Subtitle timing"


class Evidence(models.Model):
    """One source's statement about a film's end-credit scenes, at a point in time."""

    Source = EvidenceSource

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
            choice_known("source", EvidenceSource, name="evidence_source_known_v2"),
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
    # Community reports counted for this film, and how many of them agree with the status.
    report_count = models.PositiveIntegerField(default=0)
    agree_count = models.PositiveIntegerField(default=0)
    # Reports or sources contradict the verdict: the editors' moderation queue lists these.
    disputed = models.BooleanField(default=False, db_index=True)
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
            models.CheckConstraint(
                condition=Q(agree_count__lte=models.F("report_count")),
                name="verdict_agreement_within_reports",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.movie}: {self.get_status_display()}"


class CreditsTiming(models.Model):
    """When the credits begin and how long they run, so the page can say when to leave."""

    movie = models.OneToOneField(
        Movie, on_delete=models.CASCADE, primary_key=True, related_name="credits_timing"
    )
    starts_at_minute = models.PositiveSmallIntegerField(help_text="Minutes into the film.")
    length_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    source = models.CharField(max_length=64)

    class Meta:
        verbose_name_plural = "credits timings"
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at_minute__gt=0), name="credits_start_after_the_film_starts"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.movie}: credits at {self.starts_at_minute} min"


class ReportStatus(models.TextChoices):
    NEW = "new", "New"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class Report(models.Model):
    """One visitor's account of what came after the credits. No account needed.

    Only hashes identify the visitor: the signed cookie's random id and an HMAC of the
    address, so one person reports a film once and the raw address is never stored.
    """

    movie = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="reports")
    saw_during = models.BooleanField()
    saw_after = models.BooleanField()
    at_minute = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)
    visitor_id = models.CharField(max_length=64)
    address_hash = models.CharField(max_length=64, db_index=True)
    via = models.CharField(max_length=8, default="web", help_text="web or api")
    status = models.CharField(
        max_length=8, choices=ReportStatus.choices, default=ReportStatus.NEW, db_index=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["movie", "visitor_id"], name="report_once_per_visitor"),
            models.UniqueConstraint(
                fields=["movie", "address_hash"], name="report_once_per_address"
            ),
            choice_known("status", ReportStatus, name="report_status_known"),
        ]

    def __str__(self) -> str:
        return f"{self.movie}: {self.saw_label}"

    @property
    def saw_label(self) -> str:
        if self.saw_during and self.saw_after:
            return "scenes during and after the credits"
        if self.saw_during:
            return "a scene during the credits"
        if self.saw_after:
            return "a scene after the credits"
        return "nothing after the credits"


class Ban(models.Model):
    """An address (by hash) whose reports and corrections are refused."""

    address_hash = models.CharField(max_length=64, unique=True)
    reason = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"ban {self.address_hash[:10]}…"


class Correction(models.Model):
    """A visitor's proposed change to a film page; an editor applies it or not."""

    class Field(models.TextChoices):
        TITLE = "title", "Title"
        YEAR = "year", "Year"
        RUNTIME = "runtime", "Runtime"
        CERTIFICATION = "certification", "Certification"
        SYNOPSIS = "synopsis", "Synopsis"
        CAST = "cast", "Cast"
        SCENES = "scenes", "End-credit scenes"
        RATINGS = "ratings", "Ratings"
        WATCH = "watch", "Where to watch"
        OTHER = "other", "Something else"

    movie = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="corrections")
    field = models.CharField(max_length=16, choices=Field.choices)
    proposal = models.TextField(max_length=1000)
    address_hash = models.CharField(max_length=64, db_index=True)
    status = models.CharField(
        max_length=8, choices=ReportStatus.choices, default=ReportStatus.NEW, db_index=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            choice_known("status", ReportStatus, name="correction_status_known"),
        ]

    def __str__(self) -> str:
        return f"{self.movie}: {self.get_field_display()}"


class RateCount(models.Model):
    """Hits of one key (a limit and an address) in its current fixed time window.

    One row per key, counted by one upsert that restarts at 1 when a new window begins
    (whatsafter.aftercredits.ratelimit), so concurrent processes never lose a hit and reads add no
    rows over time; rows of addresses long gone are deleted as writes are counted.
    """

    key = models.CharField(max_length=200)
    bucket = models.BigIntegerField(help_text="Which window: seconds since the epoch // length.")
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key"], name="rate_count_one_row_per_key"),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.count} in window {self.bucket}"
