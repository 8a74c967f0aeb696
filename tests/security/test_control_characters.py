"""NUL bytes and other control characters in notes are stripped, never stored raw."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import MovieFactory, with_verdict
from whatsafter.aftercredits.models import Correction, Report

pytestmark = pytest.mark.django_db

HOSTILE = "Stay\x00 for\x1b[31m the\u202e end\r\nscene\x7f.\ttwo"
CLEAN = "Stay for[31m the end\nscene.\ttwo"


def test_the_web_form_strips_control_characters(client: Client) -> None:
    movie = with_verdict(MovieFactory())
    response = client.post(f"{movie.get_absolute_url()}report/", {"saw": "after", "note": HOSTILE})
    assert response.status_code == 302
    assert Report.objects.get().note == CLEAN


def test_the_api_strips_control_characters(client: Client) -> None:
    movie = with_verdict(MovieFactory())
    response = client.post(
        f"/api/v1/movies/{movie.slug}/reports",
        {"saw": "after", "note": HOSTILE},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert Report.objects.get().note == CLEAN


def test_corrections_strip_them_too(client: Client) -> None:
    movie = with_verdict(MovieFactory())
    client.post(f"{movie.get_absolute_url()}correction/", {"field": "title", "proposal": HOSTILE})
    assert Correction.objects.get().proposal == CLEAN
