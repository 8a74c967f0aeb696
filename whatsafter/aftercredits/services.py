"""Writes for end-credit evidence. Each public function owns one write, atomically."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from whatsafter.aftercredits import rules
from whatsafter.aftercredits.models import CreditScene, Evidence, Report, ReportStatus, Verdict
from whatsafter.catalog.models import Movie
from whatsafter.utils import batched
from whatsafter.web import stamps


def verdict_refresh(*, movie_ids: Iterable[int]) -> int:
    """Re-derive and store the verdict of each film; returns how many were written.

    Reads evidence and scenes for a chunk of films in two queries, so an import can
    refresh tens of thousands of films without a query per film.
    """
    written = 0
    now = timezone.now()
    for chunk in batched(sorted(set(movie_ids)), 900):
        claims: dict[int, list[rules.Claim]] = defaultdict(list)
        for movie_id, source, claim in Evidence.objects.filter(movie_id__in=chunk).values_list(
            "movie_id", "source", "claim"
        ):
            claims[movie_id].append(rules.Claim(source, claim))
        scenes: dict[int, list[rules.Scene]] = defaultdict(list)
        for movie_id, position, source in CreditScene.objects.filter(
            movie_id__in=chunk
        ).values_list("movie_id", "position", "source"):
            scenes[movie_id].append(rules.Scene(position, source))
        tallies = report_tallies(movie_ids=chunk)
        verdicts = []
        for movie_id in chunk:
            tally = tallies.get(movie_id, rules.Tally())
            outcome = rules.derive(claims[movie_id], scenes[movie_id], tally)
            agree = tally.agreeing_with(outcome.status)
            verdicts.append(
                Verdict(
                    movie_id=movie_id,
                    status=outcome.status,
                    during_count=outcome.during_count,
                    after_count=outcome.after_count,
                    decided_by=outcome.decided_by,
                    report_count=tally.total,
                    agree_count=agree,
                    # Flag for editors: sources contradict, or most reporters disagree.
                    disputed=bool(outcome.dissenting_sources)
                    or (tally.total >= 3 and agree * 2 < tally.total),
                    computed_at=now,
                )
            )
        changed_pages, changed_badges = _changed_films(chunk, verdicts)
        with transaction.atomic():
            Verdict.objects.bulk_create(
                verdicts,
                update_conflicts=True,
                unique_fields=["movie"],
                update_fields=[
                    "status",
                    "during_count",
                    "after_count",
                    "decided_by",
                    "report_count",
                    "agree_count",
                    "disputed",
                    "computed_at",
                ],
            )
        written += len(verdicts)
        # Cached pages showing what changed are now stale: the film's own page for any shown
        # field, the lists only when a badge (status or scene counts) moved.
        if changed_pages:
            stamps.bump(*stamps.films(changed_pages), *([stamps.LISTS] if changed_badges else []))
    return written


_BADGE = ("status", "during_count", "after_count")
_SHOWN = (*_BADGE, "decided_by", "report_count", "agree_count")


def _changed_films(movie_ids: Iterable[int], verdicts: list[Verdict]) -> tuple[list[str], bool]:
    """Slugs of the films whose film page shows a change, and whether any badge changed."""
    stored = {
        row[0]: row[1:]
        for row in Verdict.objects.filter(movie_id__in=movie_ids).values_list("movie_id", *_SHOWN)
    }
    ids, badges = [], False
    for verdict in verdicts:
        old, new = stored.get(verdict.movie_id), tuple(getattr(verdict, f) for f in _SHOWN)
        if old != new:
            ids.append(verdict.movie_id)
            badges = badges or old is None or old[: len(_BADGE)] != new[: len(_BADGE)]
    slugs = Movie.objects.filter(id__in=ids).values_list("slug", flat=True) if ids else []
    return list(slugs), badges


def report_tallies(*, movie_ids: list[int]) -> dict[int, rules.Tally]:
    """Counted reports per film in one query; rejected reports do not count."""
    rows = (
        Report.objects.filter(movie_id__in=movie_ids)
        .exclude(status=ReportStatus.REJECTED)
        .values("movie_id")
        .annotate(
            total=Count("id"),
            during=Count("id", filter=Q(saw_during=True)),
            after=Count("id", filter=Q(saw_after=True)),
            nothing=Count("id", filter=Q(saw_during=False, saw_after=False)),
        )
    )
    return {
        row["movie_id"]: rules.Tally(row["total"], row["during"], row["after"], row["nothing"])
        for row in rows
    }


@transaction.atomic
def evidence_record(
    *,
    movie: Movie,
    source: str,
    claim: str,
    asserted_at: dt.datetime | None = None,
    detail: str = "",
) -> Evidence:
    """Record (or re-date) one source's claim and refresh the film's verdict."""
    evidence, _ = Evidence.objects.update_or_create(
        movie=movie,
        source=source,
        claim=claim,
        defaults={"asserted_at": asserted_at or timezone.now(), "detail": detail},
    )
    verdict_refresh(movie_ids=[movie.pk])
    return evidence


@transaction.atomic
def scene_add(*, movie: Movie, position: str, description: str, source: str) -> CreditScene:
    """Append a described scene after the film's existing ones and refresh its verdict."""
    last = CreditScene.objects.filter(movie=movie).order_by("-order").first()
    scene = CreditScene.objects.create(
        movie=movie,
        position=position,
        order=(last.order + 1) if last else 1,
        description=description,
        source=source,
    )
    verdict_refresh(movie_ids=[movie.pk])
    return scene
