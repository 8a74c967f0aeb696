"""Editors work in the Django admin over every model."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client

from tests.factories import EvidenceFactory, MovieFactory
from whatsafter.aftercredits.models import Verdict

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
