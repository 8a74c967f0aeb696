"""Subtitle findings as evidence: what they can decide, what they cannot, and editors' say."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from whatsafter.aftercredits.models import CreditsTiming, Evidence, Verdict
from whatsafter.aftercredits.services import evidence_record
from whatsafter.catalog.models import Movie
from whatsafter.subtitles import reader, services
from whatsafter.subtitles.detector import detect
from whatsafter.subtitles.models import SubtitleScan

from .conftest import FILES

pytestmark = pytest.mark.django_db

FILE_DATE = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def reloaded() -> Movie:
    return Movie.objects.create(
        title="The Matrix Reloaded", slug="the-matrix-reloaded-2003", year=2003,
        runtime_minutes=138, tmdb_id=604,
    )  # fmt: skip


def record(movie: Movie, name: str) -> SubtitleScan:
    findings = detect(reader.read(FILES / name), (movie.runtime_minutes or 0) * 60 or None)
    return services.scan_record(movie=movie, file_name=name, findings=findings, file_date=FILE_DATE)


def status(movie: Movie) -> str:
    verdict = Verdict.objects.filter(movie=movie).first()
    return verdict.status if verdict else "unknown"


def test_dialogue_after_the_credits_turns_probably_not_into_yes(reloaded: Movie) -> None:
    evidence_record(movie=reloaded, source="tmdb_keyword", claim="none_recorded")
    assert status(reloaded) == "probably_not"
    record(reloaded, "604-the-matrix-reloaded.srt")
    verdict = Verdict.objects.get(movie=reloaded)
    assert (verdict.status, verdict.after_count, verdict.decided_by) == ("yes", 1, "subtitles")
    evidence = Evidence.objects.get(movie=reloaded, source="subtitles")
    assert evidence.claim == "after"
    assert "604-the-matrix-reloaded.srt dated 2024-05-01" in evidence.detail
    assert "2:16:44-2:17:24" in evidence.detail


def test_nothing_found_never_says_no(reloaded: Movie) -> None:
    record(reloaded, "597-titanic.srt")  # a file with no dialogue after its credits
    assert status(reloaded) == "unknown"
    assert not Evidence.objects.filter(movie=reloaded).exists()
    evidence_record(movie=reloaded, source="tmdb_keyword", claim="none_recorded")
    assert status(reloaded) == "probably_not"


def test_an_editors_no_outranks_subtitles(reloaded: Movie) -> None:
    record(reloaded, "604-the-matrix-reloaded.srt")
    evidence_record(movie=reloaded, source="editor", claim="none")
    verdict = Verdict.objects.get(movie=reloaded)
    assert verdict.status == "no"
    assert verdict.disputed  # the subtitles dissent, and editors see that


def test_rejecting_a_scan_withdraws_its_claim_and_estimate(reloaded: Movie) -> None:
    scan = record(reloaded, "604-the-matrix-reloaded.srt")
    assert status(reloaded) == "yes"
    assert CreditsTiming.objects.get(movie=reloaded).source == services.TIMING_SOURCE
    services.scan_reject(scan=scan)
    assert status(reloaded) == "unknown"
    assert not Evidence.objects.filter(movie=reloaded, source="subtitles").exists()
    assert not CreditsTiming.objects.filter(movie=reloaded).exists()


def test_reading_the_same_file_again_updates_its_scan(reloaded: Movie) -> None:
    record(reloaded, "604-the-matrix-reloaded.srt")
    record(reloaded, "604-the-matrix-reloaded.srt")
    assert SubtitleScan.objects.filter(movie=reloaded).count() == 1


def test_an_editors_timing_is_never_replaced_by_an_estimate(reloaded: Movie) -> None:
    CreditsTiming.objects.create(movie=reloaded, starts_at_minute=125, source="editor")
    record(reloaded, "604-the-matrix-reloaded.srt")
    timing = CreditsTiming.objects.get(movie=reloaded)
    assert (timing.starts_at_minute, timing.source) == (125, "editor")


def test_film_page_shows_the_subtitle_answer_with_its_evidence(
    client: Client, reloaded: Movie
) -> None:
    record(reloaded, "604-the-matrix-reloaded.srt")
    page = client.get(reverse("catalog:movie", args=[reloaded.slug])).content.decode()
    assert "Subtitle timing" in page
    assert "604-the-matrix-reloaded.srt" in page
    assert "1 May 2024" in page
    assert "2:16:44\u20132:17:24" in page  # en dash, as the page prints it
    assert "Safe to leave at 2:06" in page
    assert "stay to 2:18" in page  # the scene ends at 2:17:24
    assert "estimated from subtitles" in page


def test_api_answer_labels_the_estimated_timing(client: Client, reloaded: Movie) -> None:
    record(reloaded, "604-the-matrix-reloaded.srt")
    body = client.get(f"/api/v1/movies/{reloaded.slug}").json()
    assert "estimated from subtitles" in str(body)
    assert "Subtitle timing" in str(body)


def test_admin_lists_scans_and_rejects_them(admin_client: Client, reloaded: Movie) -> None:
    scan = record(reloaded, "604-the-matrix-reloaded.srt")
    listing = admin_client.get("/admin/subtitles/subtitlescan/")
    assert "604-the-matrix-reloaded.srt" in listing.content.decode()
    admin_client.post(
        "/admin/subtitles/subtitlescan/",
        {"action": "reject", "_selected_action": [scan.pk]},
    )
    scan.refresh_from_db()
    assert scan.rejected
    assert status(reloaded) == "unknown"
    admin_client.post(
        "/admin/subtitles/subtitlescan/",
        {"action": "restore", "_selected_action": [scan.pk]},
    )
    assert status(reloaded) == "yes"


def test_a_batch_records_every_film_and_derives_each_verdict(reloaded: Movie) -> None:
    titanic = Movie.objects.create(title="Titanic", slug="titanic-1997", year=1997, tmdb_id=597)
    batch = [
        services.ScanInput(movie, name, detect(reader.read(FILES / name), None), FILE_DATE)
        for movie, name in [(reloaded, "604-the-matrix-reloaded.srt"), (titanic, "597-titanic.srt")]
    ]
    services.scans_record(batch)
    assert status(reloaded) == "yes"
    assert Verdict.objects.filter(movie=titanic).exists()  # derived too, though nothing found
    assert SubtitleScan.objects.count() == 2


def test_a_batch_that_fails_writes_nothing(reloaded: Movie) -> None:
    findings = detect(reader.read(FILES / "604-the-matrix-reloaded.srt"), None)
    unsaved = Movie(title="Not in the catalogue", slug="not-in-the-catalogue")
    batch = [
        services.ScanInput(reloaded, "604-the-matrix-reloaded.srt", findings, FILE_DATE),
        services.ScanInput(unsaved, "other.srt", findings, FILE_DATE),
    ]
    with pytest.raises(ValueError):
        services.scans_record(batch)
    assert not SubtitleScan.objects.exists()
    assert not Evidence.objects.exists()
    assert status(reloaded) == "unknown"


def test_cinema_mode_counts_down_to_the_scenes_the_subtitles_timed(
    client: Client, reloaded: Movie, django_assert_num_queries
) -> None:
    scan = record(reloaded, "604-the-matrix-reloaded.srt")
    (scene,) = scan.claimed_scenes
    assert scan.credits_start_ms is not None
    starts = round((scene["start_ms"] - scan.credits_start_ms) / 1000)
    ends = round((scene["end_ms"] - scan.credits_start_ms) / 1000)
    with django_assert_num_queries(4):  # the page's three, and the film's scans
        page = client.get(f"/movies/{reloaded.slug}/cinema/").content.decode()
    assert "Scene 1: after all the credits" in page
    assert "estimated from subtitle timing" in page
    assert f'data-starts="{starts}" data-ends="{ends}"' in page
    assert f"{starts // 60} min {starts % 60} s into the credits" in page
    # Safe once the scene is over, not only at the end of the credits.
    assert f'data-safe-after="{ends}"' in page
