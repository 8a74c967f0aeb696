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
from whatsafter.catalog.services import company_counts_refresh
from whatsafter.utils import batched


def verdict_refresh(*, movie_ids: Iterable[int]) -> int:
    """Re-derive and store the verdict of each film; returns how many were written.

    Reads evidence and scenes for a chunk of films in two queries, so an import can
    refresh tens of thousands of films without a query per film.
    """
    written = 0
    now = timezone.now()
    ids = sorted(set(movie_ids))
    for chunk in batched(ids, 900):
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
    # Companies list how many of their films have a scene: those follow the verdicts.
    company_counts_refresh(movie_ids=ids)
    return written


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
