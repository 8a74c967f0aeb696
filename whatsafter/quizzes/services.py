"""Writes for plot summaries: imported plots become sections, never overwriting an editor."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction

from whatsafter.catalog.models import Movie
from whatsafter.ingest.normalise import title_key
from whatsafter.quizzes.models import PlotSection
from whatsafter.quizzes.readers.wikipedia_plots import WikiPlot
from whatsafter.quizzes.summarise import split_in_three

SOURCE = "wikipedia-plots"
LICENCE = "CC BY-SA 4.0"


@dataclass
class PlotCounts:
    matched: int = 0
    unmatched: int = 0
    ambiguous: int = 0
    written: int = 0
    kept_editor: int = 0


def _films_by_title_year() -> dict[tuple[str, int], list[int]]:
    films: dict[tuple[str, int], list[int]] = defaultdict(list)
    for pk, title, year in Movie.objects.filter(year__isnull=False).values_list(
        "id", "title", "year"
    ):
        if year is not None:
            films[(title_key(title), year)].append(pk)
    return films


def plots_upsert(*, plots: list[WikiPlot]) -> PlotCounts:
    """Match each plot to one film (same year, else one year off) and store its three parts."""
    counts = PlotCounts()
    films = _films_by_title_year()
    matched: dict[int, WikiPlot] = {}
    for plot in plots:
        key = title_key(plot.title)
        for slack in (0, 1, -1):
            candidates = films.get((key, plot.year + slack), [])
            if candidates:
                break
        if len(candidates) != 1:
            if candidates:
                counts.ambiguous += 1
            else:
                counts.unmatched += 1
            continue
        matched[candidates[0]] = plot
    counts.matched = len(matched)
    editor_owned = set(
        PlotSection.objects.filter(movie_id__in=matched, source="editor").values_list(
            "movie_id", "part"
        )
    )
    with transaction.atomic():
        for movie_id, plot in matched.items():
            for part, text in zip(
                ("setup", "middle", "ending"), split_in_three(plot.plot), strict=True
            ):
                if not text:
                    continue
                if (movie_id, part) in editor_owned:
                    counts.kept_editor += 1
                    continue
                PlotSection.objects.update_or_create(
                    movie_id=movie_id,
                    part=part,
                    defaults={
                        "text": text,
                        "source": SOURCE,
                        "source_url": plot.page_url,
                        "licence": LICENCE,
                    },
                )
                counts.written += 1
    return counts
