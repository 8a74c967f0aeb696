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
