"""Writes for plot summaries and quizzes: imported plots become sections, never overwriting
an editor; questions are generated on a quiz visit; whether a film can have a quiz at all is
stored for the film page (quiz_availability_refresh)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import timezone

from whatsafter.catalog.models import Movie
from whatsafter.normalise import title_key
from whatsafter.quizzes import generator
from whatsafter.quizzes.facts import facts_for, facts_of
from whatsafter.quizzes.models import PlotSection, Question, QuizStats, SpentAnswer
from whatsafter.quizzes.summarise import split_in_three
from whatsafter.utils import CHUNK, Counts, batched

SOURCE = "wikipedia-plots"
LICENCE = "CC BY-SA 4.0"


class PlotRecord(Protocol):
    """A plot as a reader found it (ingest.readers.wikipedia_plots yields these); a
    Protocol so the quiz app needs nothing from the importers above it."""

    @property
    def year(self) -> int: ...
    @property
    def title(self) -> str: ...
    @property
    def page_url(self) -> str: ...
    @property
    def plot(self) -> str: ...


@dataclass
class PlotCounts(Counts):
    """The importers' tally of sections written (`skipped`: sections an editor wrote, which
    an import never overwrites), and how the plots found their films."""

    matched: int = 0
    unmatched: int = 0
    ambiguous: int = 0


def _films_by_title_year() -> dict[tuple[str, int], list[int]]:
    films: dict[tuple[str, int], list[int]] = defaultdict(list)
    for pk, title, year in Movie.objects.filter(year__isnull=False).values_list(
        "id", "title", "year"
    ):
        if year is not None:
            films[(title_key(title), year)].append(pk)
    return films


def plots_upsert(*, plots: Sequence[PlotRecord]) -> PlotCounts:
    """Match each plot to one film (same year, else one year off) and store its three parts."""
    counts = PlotCounts()
    films = _films_by_title_year()
    matched: dict[int, PlotRecord] = {}
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
                    counts.skipped += 1
                    continue
                _, created = PlotSection.objects.update_or_create(
                    movie_id=movie_id,
                    part=part,
                    defaults={
                        "text": text,
                        "source": SOURCE,
                        "source_url": plot.page_url,
                        "licence": LICENCE,
                    },
                )
                if created:
                    counts.inserted += 1
                else:
                    counts.updated += 1
    return counts


def quiz_ensure(*, movie: Movie) -> list[Question]:
    """The film's enabled questions, generating or rebuilding them when the data changed.

    Editors' questions and the enabled flag an editor set are kept across rebuilds.
    """
    facts, pool = facts_for(movie)
    current = generator.version(facts, pool)
    stored = list(Question.objects.filter(movie=movie))
    generated = [q for q in stored if q.source == "generated"]
    if not generated or generated[0].data_version != current:
        disabled = {q.prompt for q in generated if not q.enabled}
        drafts = generator.generate(facts, pool)
        with transaction.atomic():
            Question.objects.filter(movie=movie, source="generated").delete()
            Question.objects.bulk_create(
                Question(
                    movie=movie,
                    kind=d.kind,
                    prompt=d.prompt,
                    options=d.options,
                    answer=d.answer,
                    explanation=d.explanation,
                    position=n,
                    enabled=d.prompt not in disabled,
                    data_version=current,
                )
                for n, d in enumerate(drafts)
            )
        stored = list(Question.objects.filter(movie=movie))
    enabled = [q for q in stored if q.enabled]
    # The visit just answered "can this film have a quiz?": a film whose data changed since
    # the last refresh puts its page right here (a read, and a write only on a change).
    _possible_store({movie.pk: bool(enabled)})
    return enabled


# Sent after quiz_availability_refresh or a quiz visit changed whether films can have a
# quiz: `slugs` of the films whose page now offers or withholds it (web/invalidation.py).
quiz_possible_changed = Signal()


@dataclass
class QuizAvailability:
    """What a refresh found: films looked at, how many can have a quiz, flags changed."""

    films: int = 0
    possible: int = 0
    changed: int = 0


def quiz_availability_refresh(
    *,
    movie_ids: Collection[int] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> QuizAvailability:
    """Store for these films (None: every film) whether opening the quiz would give questions,
    the answer quiz_ensure would reach, without writing the questions themselves.

    Films are taken CHUNK at a time (facts_of reads each kind of fact for a whole chunk in one
    query); only flags that changed are written, so a nightly run over a settled catalogue
    writes almost nothing. progress(done, total) is called after each chunk.
    """
    ids = (
        list(Movie.objects.order_by("id").values_list("id", flat=True))
        if movie_ids is None
        else sorted(set(movie_ids))
    )
    result = QuizAvailability(films=len(ids))
    for chunk in batched(ids, CHUNK):
        facts = facts_of(movie_ids=chunk)
        # What editors did to the questions: their own enabled ones make a quiz whatever
        # the generator says, and generated ones they switched off do not count.
        editors: set[int] = set()
        disabled: dict[int, set[str]] = defaultdict(set)
        for movie_id, source, prompt, enabled in Question.objects.filter(
            movie_id__in=chunk
        ).values_list("movie_id", "source", "prompt", "enabled"):
            if source == "editor" and enabled:
                editors.add(movie_id)
            elif source == "generated" and not enabled:
                disabled[movie_id].add(prompt)
        flags = {
            pk: pk in editors
            or any(d.prompt not in disabled[pk] for d in generator.generate(*facts[pk]))
            for pk in facts
        }
        result.possible += sum(flags.values())
        result.changed += len(_possible_store(flags))
        if progress:
            progress(len(chunk), len(ids))
    return result


def _possible_store(flags: dict[int, bool]) -> list[int]:
    """Write each film's flag where it differs from the stored one; the ids written.

    An upsert of the flag alone: a film's plays, points and questions are never touched,
    and a film with no stats row yet gets one with no games.
    """
    known = dict(
        QuizStats.objects.filter(movie_id__in=list(flags)).values_list("movie_id", "possible")
    )
    # A missing row and an unknown flag both read None, and a flag is never None.
    changed = [pk for pk, flag in flags.items() if known.get(pk) is not flag]
    if not changed:
        return []
    with transaction.atomic():
        QuizStats.objects.bulk_create(
            [QuizStats(movie_id=pk, possible=flags[pk]) for pk in changed],
            update_conflicts=True,
            unique_fields=["movie"],
            update_fields=["possible"],
        )
    slugs = list(Movie.objects.filter(id__in=changed).values_list("slug", flat=True))
    quiz_possible_changed.send(QuizStats, slugs=slugs)
    return changed


def quiz_record(*, movie: Movie, points: int, questions: int) -> None:
    """Add one finished game to the film's totals (no player is recorded)."""
    with transaction.atomic():
        stats, _ = QuizStats.objects.select_for_update().get_or_create(movie=movie)
        stats.plays += 1
        stats.points += points
        stats.questions += questions
        stats.save()


def quiz_answer_spend(*, nonce: str, step: int) -> bool:
    """Mark one game's step answered; False when that token has answered already."""
    try:
        with transaction.atomic():
            SpentAnswer.objects.create(nonce=nonce, step=step)
    except IntegrityError:
        return False
    return True


def quiz_answers_prune(*, max_age: int) -> int:
    """Forget answered steps whose tokens (max_age seconds) have expired anyway; a finished
    game calls it, so the table holds only the last few hours of play."""
    cutoff = timezone.now() - timedelta(seconds=max_age)
    deleted, _ = SpentAnswer.objects.filter(spent_at__lt=cutoff).delete()
    return deleted
