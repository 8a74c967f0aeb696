"""Editors work in the Django admin over every model."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.forms.models import model_to_dict
from django.test import Client, RequestFactory

from tests.factories import EvidenceFactory, MovieFactory
from whatsafter.aftercredits.models import Verdict
from whatsafter.catalog.models import Movie
from whatsafter.catalog.provenance import import_may_write

pytestmark = pytest.mark.django_db

OUR_APPS = ("catalog", "aftercredits", "ratings", "watch", "ingest")


def test_every_model_of_ours_is_in_the_admin() -> None:
    ours = [m for m in apps.get_models() if m._meta.app_label in OUR_APPS]
    missing = [m.__name__ for m in ours if not admin.site.is_registered(m)]
    assert ours and missing == []


@pytest.mark.parametrize("model", [m for m in apps.get_models() if m._meta.app_label in OUR_APPS])
def test_every_admin_list_page_opens(admin_client: Client, model) -> None:  # type: ignore[no-untyped-def]
    MovieFactory()
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    assert admin_client.get(url).status_code == 200


def test_an_editor_entry_in_the_admin_moves_the_verdict(
    admin_client: Client, admin_user: User
) -> None:
    movie = EvidenceFactory(claim="none_recorded").movie
    response = admin_client.post(
        "/admin/aftercredits/evidence/add/",
        {
            "movie": movie.pk,
            "source": "editor",
            "claim": "none",
            "asserted_at_0": "2026-11-24",
            "asserted_at_1": "12:00:00",
            "detail": "watched it",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Verdict.objects.get(movie=movie).status == "no"
    assert movie.evidence.get(source="editor").author == admin_user


def test_the_verdict_is_read_only_in_the_admin(admin_client: Client) -> None:
    assert admin_client.get("/admin/aftercredits/verdict/add/").status_code == 403


def test_moderators_accept_reject_and_ban_from_the_queue(admin_client: Client) -> None:
    from whatsafter.aftercredits.community import Visitor, address_hash, report_submit
    from whatsafter.aftercredits.models import Ban, Report

    movie = EvidenceFactory(claim="none_recorded").movie
    for n in range(12):
        report_submit(
            movie=movie, visitor=Visitor(f"v{n}", address_hash(f"192.0.2.{n}")), choice="after"
        )
    assert Verdict.objects.get(movie=movie).status == "yes"
    ids = [str(pk) for pk in Report.objects.values_list("id", flat=True)]
    queue = admin_client.get("/admin/aftercredits/report/?status__exact=new")
    assert queue.status_code == 200 and "a scene after the credits" in queue.content.decode()

    admin_client.post(
        "/admin/aftercredits/report/", {"action": "accept", "_selected_action": ids[:1]}
    )
    assert Report.objects.get(id=ids[0]).status == "accepted"
    admin_client.post(
        "/admin/aftercredits/report/", {"action": "reject", "_selected_action": ids[1:3]}
    )
    admin_client.post("/admin/aftercredits/report/", {"action": "ban", "_selected_action": ids[3:]})
    assert Ban.objects.count() == 9
    # 1 accepted report left counting: too few to claim anything.
    assert Verdict.objects.get(movie=movie).status == "probably_not"


def test_disputed_films_are_listed_for_editors(admin_client: Client) -> None:
    movie = MovieFactory()
    EvidenceFactory(movie=movie, source="editor", claim="none")
    EvidenceFactory(movie=movie, source="tmdb_keyword", claim="after")
    from whatsafter.aftercredits.services import verdict_refresh

    verdict_refresh(movie_ids=[movie.pk])
    html = admin_client.get("/admin/aftercredits/verdict/?disputed__exact=1").content.decode()
    assert movie.title in html


def test_a_field_an_editor_changes_is_stamped_theirs_and_imports_keep_it(
    admin_user: User, rf: RequestFactory
) -> None:
    movie = MovieFactory(
        title="Miss Jery", field_sources={"title": {"source": "imdb", "as_of": "2026-02-01"}}
    )
    model_admin = admin.site._registry[Movie]
    request = rf.post("/admin/catalog/movie/")
    request.user = admin_user
    data = {k: v for k, v in model_to_dict(movie).items() if v is not None}
    data.update(title="Miss Jerry", genres=[])
    form = model_admin.get_form(request, movie, change=True)(data, instance=movie)
    assert form.is_valid(), form.errors

    model_admin.save_model(request, form.save(commit=False), form, True)

    movie.refresh_from_db()
    assert movie.title == "Miss Jerry"
    assert movie.field_sources["title"]["source"] == "editor"
    assert "year" not in movie.field_sources  # unchanged fields keep their stamps
    stamp = movie.field_sources["title"]
    assert not import_may_write(stamp, source="imdb", as_of="2099-01-01")
    assert import_may_write(
        {"source": "imdb", "as_of": "2026-01-01"}, source="imdb", as_of="2026-02-01"
    )
    assert not import_may_write(
        {"source": "imdb", "as_of": "2026-03-01"}, source="imdb", as_of="2026-02-01"
    )
