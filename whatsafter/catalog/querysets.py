"""Chainable filters for films, shared by pages, the API and the CLI."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    pass


class MovieQuerySet(models.QuerySet["Movie"]):
    def released_between(self, start: dt.date, end: dt.date) -> MovieQuerySet:
        return self.filter(release_date__gte=start, release_date__lte=end)

    def with_scene_after_credits(self) -> MovieQuerySet:
        return self.filter(verdict__status="yes")

    def popular_first(self) -> MovieQuerySet:
        return self.order_by("-popularity", "title")

    def for_cards(self) -> MovieQuerySet:
        """What a film card shows: the verdict badge comes along in the same query."""
        return self.select_related("verdict").only(
            "slug",
            "title",
            "year",
            "poster_url",
            "release_date",
            "popularity",
            "verdict__status",
            "verdict__during_count",
            "verdict__after_count",
        )

    def title_contains(self, text: str) -> MovieQuerySet:
        return self.filter(title__icontains=text.strip())
