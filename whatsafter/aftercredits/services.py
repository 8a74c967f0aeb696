"""Writes for end-credit evidence. Each public function owns one write, atomically."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, Exists, Model, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.dispatch import Signal
from django.utils import timezone

from whatsafter.aftercredits import rules
from whatsafter.aftercredits.list_counts import company_counts_refresh
from whatsafter.aftercredits.models import (
    CreditScene,
    Evidence,
    Report,
    ReportStatus,
    Verdict,
    VerdictStatus,
)
from whatsafter.catalog.models import Movie
from whatsafter.utils import CHUNK, Counts, batched, bulk_create_batched


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
        verdicts = [
            _verdict(
                movie_id,
                claims[movie_id],
                scenes[movie_id],
                tallies.get(movie_id, rules.Tally()),
                now,
            )
            for movie_id in chunk
        ]
        changed_pages, changed_badges = _changed_films(chunk, verdicts)
        with transaction.atomic():
            Verdict.objects.bulk_create(
                verdicts,
                update_conflicts=True,
                unique_fields=["movie"],
                update_fields=VERDICT_FIELDS,
            )
            scene_flags_store(Movie.objects.filter(id__in=chunk))
        written += len(verdicts)
        # Caches of pages showing what changed are now stale (whatsafter/web/invalidation.py).
        if changed_pages:
            verdicts_changed.send(Verdict, slugs=changed_pages, badges=changed_badges)
    # Companies list how many of their films have a scene: those follow the verdicts.
    company_counts_refresh(movie_ids=ids)
    return written


# Sent after verdict_refresh stored a change a page shows: `slugs` of the films whose film
# page changed, `badges` true when a status or scene count (shown in lists too) moved.
verdicts_changed = Signal()


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


VERDICT_FIELDS = [
    "status",
    "during_count",
    "after_count",
    "decided_by",
    "report_count",
    "agree_count",
    "disputed",
    "computed_at",
]


def _verdict(
    movie_id: int,
    claims: list[rules.Claim],
    scenes: list[rules.Scene],
    tally: rules.Tally,
    now: dt.datetime,
) -> Verdict:
    """The one place a Verdict row is built from what the rules derive."""
    outcome = rules.derive(claims, scenes, tally)
    agree = tally.agreeing_with(outcome.status)
    return Verdict(
        movie_id=movie_id,
        status=outcome.status,
        during_count=outcome.during_count,
        after_count=outcome.after_count,
        decided_by=outcome.decided_by,
        report_count=tally.total,
        agree_count=agree,
        # Flag for editors: sources contradict, or most reporters disagree.
        disputed=bool(outcome.dissenting_sources) or (tally.total >= 3 and agree * 2 < tally.total),
        computed_at=now,
    )


# Rows that can make a film's verdict anything but the one a film with nothing known
# gets. A new kind of evidence stored in its own table is added here, and only here.
VERDICT_INPUTS: tuple[type[Model], ...] = (Evidence, CreditScene, Report)


def scene_flags_store(films: QuerySet[Movie]) -> int:
    """Set Movie.has_scene from the stored verdict of each of `films`; returns how many
    flags changed. Its only writer: every write of verdicts calls it, in the transaction
    that wrote them.

    Two set-based updates that touch only the films whose flag is wrong, so a call after
    a batch of unchanged verdicts writes nothing; each leaves consistent flags alone.
    """
    scene = Exists(Verdict.objects.filter(movie_id=OuterRef("pk"), status=VerdictStatus.YES))
    raised = films.filter(scene, has_scene=False).update(has_scene=True)
    return raised + films.filter(~scene, has_scene=True).update(has_scene=False)


def verdicts_fill(*, films: str, params: Sequence[int | str]) -> int:
    """Verdicts for the films that have none among those `films` selects (SQL whose
    column `id` is a film id, with `params`); returns how many were written.

    A film with no evidence, no described scene and no report gets the same verdict as
    any other such film: derived once here by the rules, then inserted for all of them
    in one set-based statement (220,000 films of a first IMDb load: 13 s one by one,
    under 1 s this way). Films with inputs go through verdict_refresh.
    """
    verdict = connection.ops.quote_name(Verdict._meta.db_table)
    missing = f"NOT EXISTS (SELECT 1 FROM {verdict} AS v WHERE v.movie_id = f.id)"  # noqa: S608
    bare = " AND ".join(
        f"NOT EXISTS (SELECT 1 FROM {connection.ops.quote_name(model._meta.db_table)} "  # noqa: S608
        "AS x WHERE x.movie_id = f.id)"
        for model in VERDICT_INPUTS
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT f.id FROM ({films}) AS f WHERE {missing} AND NOT ({bare})",  # noqa: S608
            params,
        )
        written = verdict_refresh(movie_ids=[movie_id for (movie_id,) in cursor.fetchall()])
        row = _verdict(0, [], [], rules.Tally(), timezone.now())
        values = [
            connection.ops.adapt_datetimefield_value(row.computed_at)
            if name == "computed_at"
            else getattr(row, name)
            for name in VERDICT_FIELDS
        ]
        columns = ", ".join(connection.ops.quote_name(name) for name in VERDICT_FIELDS)
        cursor.execute(
            f"INSERT INTO {verdict} (movie_id, {columns}) "  # noqa: S608
            f"SELECT f.id, {', '.join(['%s'] * len(values))} FROM ({films}) AS f "
            f"WHERE {missing} AND {bare}",
            [*values, *params],
        )
        written += cursor.rowcount
        # The films that just got the bare verdict follow it (a film with no verdict has
        # no flag set, so this normally writes nothing, and costs two indexed updates).
        scene_flags_store(Movie.objects.filter(id__in=RawSQL(films, params)))  # noqa: S611
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
    refresh: bool = True,
) -> Evidence:
    """Record (or re-date) one source's claim and refresh the film's verdict (unless the
    caller refreshes a batch of films itself: `refresh=False`)."""
    evidence, _ = Evidence.objects.update_or_create(
        movie=movie,
        source=source,
        claim=claim,
        defaults={"asserted_at": asserted_at or timezone.now(), "detail": detail},
    )
    if refresh:
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


@transaction.atomic
def evidence_withdraw(
    *, movie: Movie, source: str, keep_claims: tuple[str, ...] = (), refresh: bool = True
) -> int:
    """Delete a source's claims about a film (except `keep_claims`) and refresh its verdict
    (unless the caller refreshes a batch of films itself: `refresh=False`)."""
    deleted, _ = (
        Evidence.objects.filter(movie=movie, source=source).exclude(claim__in=keep_claims).delete()
    )
    if deleted and refresh:
        verdict_refresh(movie_ids=[movie.pk])
    return deleted


def keyword_evidence_upsert(
    *, claims: set[tuple[int, str]], covered: set[int], detail: str
) -> Counts:
    """TMDb keyword claims (film id, claim) from a whole file; a claim the file no longer
    makes for a film it `covered` is withdrawn."""
    counts = Counts()
    source = Evidence.Source.TMDB_KEYWORD
    existing = {
        (movie_id, claim): pk
        for pk, movie_id, claim in Evidence.objects.filter(source=source).values_list(
            "id", "movie_id", "claim"
        )
    }
    stale = [
        pk
        for (movie_id, claim), pk in existing.items()
        if movie_id in covered and (movie_id, claim) not in claims
    ]
    for chunk in batched(stale, CHUNK):
        Evidence.objects.filter(id__in=chunk).delete()
    now = timezone.now()
    new = [
        Evidence(movie_id=movie_id, source=source, claim=claim, asserted_at=now, detail=detail)
        for movie_id, claim in sorted(claims - existing.keys())
    ]
    bulk_create_batched(Evidence, new)
    counts.inserted, counts.updated = len(new), len(stale)
    counts.unchanged = len(claims) - len(new)
    return counts


def keyword_claims_replace(
    *, movie_id: int, claims: set[str], fetched_at: dt.datetime, detail: str
) -> bool:
    """One film's TMDb keyword claims as an API answer states them; a claim the newer
    answer no longer makes is withdrawn, and claims it repeats are re-dated. An answer
    older than the one already recorded (a stale cache file) changes nothing. True when
    anything was written."""
    source = Evidence.Source.TMDB_KEYWORD
    existing = {
        claim: (pk, asserted_at, was)
        for pk, claim, asserted_at, was in Evidence.objects.filter(
            movie_id=movie_id, source=source
        ).values_list("id", "claim", "asserted_at", "detail")
    }
    if any(was == detail and at > fetched_at for _, at, was in existing.values()):
        return False
    stale = [pk for claim, (pk, _, _) in existing.items() if claim not in claims]
    redated = [pk for claim, (pk, at, _) in existing.items() if claim in claims and at < fetched_at]
    new = [
        Evidence(
            movie_id=movie_id, source=source, claim=claim, asserted_at=fetched_at, detail=detail
        )
        for claim in sorted(claims - existing.keys())
    ]
    if not (stale or new or redated):
        return False
    Evidence.objects.filter(id__in=stale).delete()
    Evidence.objects.filter(id__in=redated).update(asserted_at=fetched_at, detail=detail)
    Evidence.objects.bulk_create(new)
    return True


@dataclass(frozen=True)
class EditorScene:
    tmdb_id: int
    position: str
    description: str
    kind: str = "story"
    sets_up_sequel: bool = False


def editor_scenes_upsert(*, scenes: list[EditorScene]) -> tuple[set[int], Counts]:
    """Scenes written by our editors: each is also the editor's claim for its position."""
    counts = Counts()
    movie_ids = dict(
        Movie.objects.filter(tmdb_id__in={s.tmdb_id for s in scenes}).values_list("tmdb_id", "id")
    )
    touched: set[int] = set()
    per_film: dict[int, list[EditorScene]] = {}
    for scene in scenes:
        if scene.tmdb_id in movie_ids:
            per_film.setdefault(movie_ids[scene.tmdb_id], []).append(scene)
    existing = {
        (movie_id, order): (pk, tuple(content))
        for pk, movie_id, order, *content in CreditScene.objects.filter(
            movie_id__in=per_film.keys()
        ).values_list(
            "id", "movie_id", "order", "position", "description", "kind", "sets_up_sequel"
        )
    }
    new, changed = [], []
    for movie_id, film_scenes in per_film.items():
        for order, scene in enumerate(film_scenes, start=1):
            known = existing.get((movie_id, order))
            row = CreditScene(
                movie_id=movie_id,
                order=order,
                position=scene.position,
                description=scene.description,
                kind=scene.kind,
                sets_up_sequel=scene.sets_up_sequel,
                source="editor",
            )
            if known is None:
                new.append(row)
            elif known[1] != (
                scene.position,
                scene.description,
                scene.kind,
                scene.sets_up_sequel,
            ):
                row.id = known[0]
                changed.append(row)
            else:
                counts.unchanged += 1
        touched.add(movie_id)
    bulk_create_batched(CreditScene, new)
    CreditScene.objects.bulk_update(
        changed, ["position", "description", "kind", "sets_up_sequel", "source"]
    )
    counts.inserted, counts.updated = len(new), len(changed)
    return touched, counts
