"""`GET /api/v1/movies/{slug}/segments`: credits and scenes in milliseconds for players."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from whatsafter.aftercredits.models import CreditScene, CreditsTiming
from whatsafter.catalog.models import Movie
from whatsafter.subtitles import reader, services
from whatsafter.subtitles.detector import detect

from .conftest import FILES

pytestmark = pytest.mark.django_db


@pytest.fixture
def bee() -> Movie:
    movie = Movie.objects.create(
        title="Bee Movie", slug="bee-movie-2007", year=2007, runtime_minutes=91
    )
    findings = detect(reader.read(FILES / "5559-bee-movie.srt"), 91 * 60)
    services.scan_record(
        movie=movie, file_name="Bee.Movie.2007.srt", findings=findings,
        file_date=dt.datetime(2023, 1, 2, tzinfo=dt.UTC),
    )  # fmt: skip
    return movie


def test_segments_from_subtitles_are_in_milliseconds_and_estimated(
    client: Client, bee: Movie
) -> None:
    body = client.get(f"/api/v1/movies/{bee.slug}/segments").json()
    assert body["runtime_ms"] == 91 * 60_000
    assert body["credits"] == {
        "start_ms": 4_945_937,
        "end_ms": 91 * 60_000,
        "source": "subtitles",
        "estimated": True,
        "file_name": "Bee.Movie.2007.srt",
    }
    [scene] = body["scenes"]
    assert scene["position"] == "after" and scene["source"] == "subtitles"
    assert (scene["start_ms"], scene["end_ms"]) == (5_382_209, 5_436_889)
    assert 0 < scene["confidence"] <= 1 and scene["estimated"] is True


def test_an_editors_timing_and_scenes_come_first(client: Client, bee: Movie) -> None:
    CreditsTiming.objects.update_or_create(
        movie=bee, defaults={"starts_at_minute": 83, "length_minutes": 7, "source": "editor"}
    )
    CreditScene.objects.create(
        movie=bee, position="after", order=1, at_minute=89, length_seconds=60, source="editor"
    )
    body = client.get(f"/api/v1/movies/{bee.slug}/segments").json()
    assert body["credits"]["start_ms"] == 83 * 60_000 and body["credits"]["estimated"] is False
    assert body["scenes"] == [
        {"position": "after", "start_ms": 89 * 60_000, "end_ms": 89 * 60_000 + 60_000,
         "source": "editor", "confidence": 1.0, "estimated": False}
    ]  # fmt: skip


def test_a_film_with_nothing_known_has_no_segments(client: Client) -> None:
    movie = Movie.objects.create(title="Quiet", slug="quiet-2001", year=2001)
    body = client.get(f"/api/v1/movies/{movie.slug}/segments").json()
    assert body["credits"] is None and body["scenes"] == [] and body["runtime_ms"] is None


def test_unknown_film_is_404(client: Client) -> None:
    response = client.get("/api/v1/movies/no-such-film/segments")
    assert response.status_code == 404
    assert response.json()["error"]["code"]


def test_segments_and_scans_are_documented_in_openapi(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    segments = schema["paths"]["/api/v1/movies/{slug}/segments"]["get"]
    assert "milliseconds" in segments["description"]
    assert "/api/v1/subtitle-scans" in schema["paths"]
    assert "start_ms" in schema["components"]["schemas"]["SceneSegment"]["properties"]


def test_sending_a_scan_needs_a_valid_key(client: Client, bee: Movie) -> None:
    body = {"title": "Bee Movie", "year": 2007, "file_name": "x.srt", "cues": [[1, 2, "dialogue"]]}
    response = client.post("/api/v1/subtitle-scans", body, content_type="application/json")
    assert response.status_code == 401
