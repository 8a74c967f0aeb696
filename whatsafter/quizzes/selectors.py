"""The plot as the film page shows it: sources named, the ending behind a warning."""

from __future__ import annotations

from dataclasses import dataclass

from whatsafter.catalog.models import Movie
from whatsafter.quizzes.models import PlotSection
from whatsafter.quizzes.summarise import summarise


@dataclass(frozen=True)
class Plot:
    synopsis: str
    synopsis_source: str
    sections: list[PlotSection]

    @property
    def before_ending(self) -> list[PlotSection]:
        return [s for s in self.sections if not s.spoils_the_ending]

    @property
    def ending(self) -> list[PlotSection]:
        return [s for s in self.sections if s.spoils_the_ending]


ORDER = {"setup": 0, "middle": 1, "ending": 2, "after_credits": 3}


def plot_for(movie: Movie, sections: list[PlotSection]) -> Plot | None:
    """From prefetched sections; a short synopsis is chosen from the plot's own sentences."""
    if not sections:
        return None
    ordered = sorted(sections, key=lambda s: ORDER[s.part])
    full = " ".join(s.text for s in ordered if not s.spoils_the_ending)
    return Plot(synopsis=summarise(full), synopsis_source=ordered[0].source, sections=ordered)
