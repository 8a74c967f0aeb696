"""Plot summaries in sections, each with its source and licence."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from whatsafter.catalog.models import Movie


class PlotSection(models.Model):
    class Part(models.TextChoices):
        SETUP = "setup", "Setup"
        MIDDLE = "middle", "Middle"
        ENDING = "ending", "Ending"
        AFTER_CREDITS = "after_credits", "After the credits"

    movie = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="plot_sections")
    part = models.CharField(max_length=16, choices=Part.choices)
    text = models.TextField()
    source = models.CharField(max_length=64, help_text="e.g. 'wikipedia-plots', 'editor'.")
    source_url = models.URLField(max_length=500, blank=True)
    licence = models.CharField(max_length=64, help_text="e.g. 'CC BY-SA 4.0'.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["movie", "part"]
        constraints = [
            models.UniqueConstraint(fields=["movie", "part"], name="plot_section_once"),
            models.CheckConstraint(
                condition=Q(part__in=["setup", "middle", "ending", "after_credits"]),
                name="plot_part_known",
            ),
            models.CheckConstraint(condition=~Q(text=""), name="plot_text_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.movie}: {self.get_part_display()}"

    @property
    def spoils_the_ending(self) -> bool:
        return self.part in (self.Part.ENDING, self.Part.AFTER_CREDITS)


class Question(models.Model):
    """One multiple-choice question; generated ones are rebuilt when the film's data changes."""

    movie = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="quiz_questions")
    kind = models.CharField(max_length=16)
    prompt = models.TextField()
    options = models.JSONField(help_text="Exactly four distinct answers.")
    answer = models.PositiveSmallIntegerField(help_text="0-3: which option is right.")
    explanation = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    enabled = models.BooleanField(default=True)
    source = models.CharField(max_length=16, default="generated", help_text="generated or editor")
    data_version = models.CharField(max_length=16, blank=True)

    class Meta:
        ordering = ["movie", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(answer__lte=3), name="question_answer_in_range"),
            models.CheckConstraint(
                condition=Q(source__in=["generated", "editor"]), name="question_source_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.movie}: {self.prompt[:60]}"


class QuizStats(models.Model):
    """How a film's quiz goes on average, and whether it can have one; who played is never
    stored."""

    movie = models.OneToOneField(
        Movie, on_delete=models.CASCADE, primary_key=True, related_name="quiz_stats"
    )
    plays = models.PositiveIntegerField(default=0)
    points = models.PositiveIntegerField(default=0)
    questions = models.PositiveIntegerField(default=0)
    # Whether opening the quiz would give questions (services.quiz_availability_refresh,
    # and every quiz visit); None until first computed, and the film page offers the quiz
    # unless it is False, so a film no refresh has reached yet keeps its link.
    possible = models.BooleanField(null=True, default=None)

    class Meta:
        verbose_name_plural = "quiz stats"
        constraints = [
            models.CheckConstraint(
                condition=Q(points__lte=models.F("questions")), name="quiz_points_within_questions"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.movie}: {self.plays} plays"

    @property
    def percent(self) -> int | None:
        """The share of answers players get right: quizzes differ in length, and a player
        who scored 2 out of 9 should not be shown an average out of 10."""
        return round(100 * self.points / self.questions) if self.questions else None


class SpentAnswer(models.Model):
    """One answered step of one game. The game lives in a signed token, so without this a
    player could post the same token once per choice and keep the right one; the unique
    constraint makes each token answer once, across every process and app server."""

    nonce = models.CharField(max_length=32)
    step = models.PositiveSmallIntegerField()
    spent_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["nonce", "step"], name="quiz_token_answers_once"),
        ]

    def __str__(self) -> str:
        return f"game {self.nonce}, question {self.step + 1}"
