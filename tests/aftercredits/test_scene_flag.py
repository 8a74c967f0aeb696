"""Movie.has_scene follows the stored verdict through every path that writes verdicts."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.contrib.admin.sites import site as admin_site
from django.test import RequestFactory
from django.utils import timezone

from whatsafter.aftercredits import community
from whatsafter.aftercredits.models import Evidence, Verdict
from whatsafter.aftercredits.services import (
    evidence_record,
    evidence_withdraw,
    scene_flags_store,
    verdict_refresh,
    verdicts_fill,
)
from whatsafter.catalog.models import Movie

pytestmark = pytest.mark.django_db


def make_movie(n: int) -> Movie:
    return Movie.objects.create(title=f"Film {n}", slug=f"film-{n}", year=2000 + n)


def flag(movie: Movie) -> bool:
    return Movie.objects.values_list("has_scene", flat=True).get(pk=movie.pk)


def test_the_flag_follows_evidence_both_ways() -> None:
    movie = make_movie(1)
    verdict_refresh(movie_ids=[movie.pk])
    assert flag(movie) is False
    evidence_record(movie=movie, source="editor", claim="after")
    assert flag(movie) is True
    evidence_withdraw(movie=movie, source="editor")
    assert Verdict.objects.get(movie=movie).status != "yes"
    assert flag(movie) is False


def test_the_flag_follows_reports_and_their_moderation() -> None:
    movie = make_movie(1)
    verdict_refresh(movie_ids=[movie.pk])
    reports = [
        community.report_submit(
            movie=movie,
            visitor=community.Visitor(f"visitor-{n}", community.address_hash(f"10.0.0.{n}")),
            choice="after",
        )
        for n in range(12)  # enough agreeing viewers for the community to claim a scene
    ]
    assert Verdict.objects.get(movie=movie).status == "yes"
    assert flag(movie) is True
    community.reports_moderate(report_ids=[r.pk for r in reports], status="rejected")
    assert Verdict.objects.get(movie=movie).status != "yes"
    assert flag(movie) is False


def test_the_bulk_path_sets_the_flag_from_the_verdicts_it_writes() -> None:
    with_scene, bare, stale = make_movie(1), make_movie(2), make_movie(3)
    Evidence.objects.create(
        movie=with_scene, source="tmdb_keyword", claim="after", asserted_at=timezone.now()
    )
    # A flag left set with no verdict under it (a verdict deleted behind the services'
    # back): the bare verdict the bulk path writes must clear it.
    Movie.objects.filter(pk=stale.pk).update(has_scene=True)
    ids = [with_scene.pk, bare.pk, stale.pk]
    marks = ", ".join(["%s"] * len(ids))
    table = Movie._meta.db_table
    films = f"SELECT id FROM {table} WHERE id IN ({marks})"  # noqa: S608
    written = verdicts_fill(films=films, params=ids)
    assert written == 3
    assert Verdict.objects.get(movie=with_scene).status == "yes"
    assert (flag(with_scene), flag(bare), flag(stale)) == (True, False, False)


def test_storing_the_flags_again_changes_nothing() -> None:
    movies = [make_movie(n) for n in range(3)]
    evidence_record(movie=movies[0], source="editor", claim="during")
    verdict_refresh(movie_ids=[m.pk for m in movies])
    assert scene_flags_store(Movie.objects.all()) == 0
    Movie.objects.filter(pk=movies[1].pk).update(has_scene=True)
    Movie.objects.filter(pk=movies[0].pk).update(has_scene=False)
    assert scene_flags_store(Movie.objects.all()) == 2
    assert [flag(m) for m in movies] == [True, False, False]


def test_deleting_a_verdict_in_the_admin_clears_the_flag(admin_user) -> None:
    movie = make_movie(1)
    evidence_record(movie=movie, source="editor", claim="after")
    request = RequestFactory().post("/admin/")
    request.user = admin_user
    verdict_admin = admin_site._registry[Verdict]
    verdict_admin.delete_queryset(request, Verdict.objects.filter(movie=movie))
    assert flag(movie) is False


def test_the_migration_fills_the_flag_from_existing_verdicts() -> None:
    movies = [make_movie(n) for n in range(3)]
    evidence_record(movie=movies[1], source="editor", claim="after")
    Movie.objects.update(has_scene=False)  # as the column is when the migration adds it
    migration = importlib.import_module(
        "whatsafter.catalog.migrations.0006_scene_flag_and_sitemap_pages"
    )
    migration.flag_films_with_a_scene(apps, None)
    assert [flag(m) for m in movies] == [False, True, False]
