"""Community reports: one per visitor, rate-limited, escaped, and weighed by the rules."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import EvidenceFactory, MovieFactory, with_verdict
from whatsafter.aftercredits.community import (
    Refused,
    Visitor,
    address_hash,
    report_submit,
    reports_moderate,
    visitors_ban,
)
from whatsafter.aftercredits.models import Ban, Correction, Report, Verdict

pytestmark = pytest.mark.django_db


def visitor(n: int) -> Visitor:
    return Visitor(f"visitor-{n}", address_hash(f"10.0.{n // 250}.{n % 250}"))


def report_many(movie, choice: str, count: int, start: int = 0) -> None:  # type: ignore[no-untyped-def]
    for n in range(start, start + count):
        report_submit(movie=movie, visitor=visitor(n), choice=choice)


def status(movie) -> str:  # type: ignore[no-untyped-def]
    return Verdict.objects.get(movie=movie).status


def test_the_raw_address_is_never_stored() -> None:
    movie = MovieFactory()
    report_submit(movie=movie, visitor=Visitor("v1", address_hash("203.0.113.9")), choice="after")
    stored = Report.objects.values_list("address_hash", "visitor_id").get()
    assert "203.0.113.9" not in "".join(stored)
    assert len(stored[0]) == 64


def test_one_report_per_visitor_per_film() -> None:
    movie = MovieFactory()
    report_submit(movie=movie, visitor=visitor(1), choice="after")
    with pytest.raises(Refused, match="already reported"):
        report_submit(movie=movie, visitor=visitor(1), choice="nothing")
    # A fresh cookie from the same address does not buy a second vote either.
    with pytest.raises(Refused, match="already reported"):
        report_submit(
            movie=movie, visitor=Visitor("new-cookie", visitor(1).address_hash), choice="nothing"
        )
    assert Report.objects.count() == 1


def test_agreement_turns_probably_not_into_no_and_the_page_says_why(client: Client) -> None:
    movie = with_verdict(EvidenceFactory(claim="none_recorded").movie)
    report_many(movie, "nothing", 41)
    report_many(movie, "after", 2, start=41)
    verdict = Verdict.objects.get(movie=movie)
    assert (verdict.status, verdict.report_count, verdict.agree_count) == ("no", 43, 41)
    assert "41 of 43 viewers agree" in client.get(movie.get_absolute_url()).content.decode()


def test_a_handful_of_hostile_reports_changes_nothing() -> None:
    movie = with_verdict(EvidenceFactory(claim="after").movie)
    report_many(movie, "nothing", 5)
    assert status(movie) == "yes"


def test_hostile_reports_never_flip_an_editors_entry() -> None:
    movie = with_verdict(EvidenceFactory(source="editor", claim="after").movie)
    report_many(movie, "nothing", 200)
    verdict = Verdict.objects.get(movie=movie)
    assert (verdict.status, verdict.decided_by) == ("yes", "editor")
    assert verdict.disputed  # the editors' queue shows it


def test_a_burst_from_one_address_changes_nothing_after_the_limit(settings) -> None:
    settings.REPORTS_PER_HOUR = 20
    address = address_hash("198.51.100.7")
    films = [MovieFactory() for _ in range(25)]
    refused = 0
    for n in range(1000):
        try:
            report_submit(
                movie=films[n % 25], visitor=Visitor(f"cookie-{n}", address), choice="nothing"
            )
        except Refused as exc:
            refused += 1
            assert exc.status in (409, 429)
    assert Report.objects.count() == 20
    assert refused == 980


def test_notes_with_links_or_too_long_are_refused() -> None:
    movie = MovieFactory()
    for note in (
        "cheap pills at http://spam.example",
        "visit www.spam.com",
        "buy-now.xyz",
        "x" * 501,
    ):
        with pytest.raises(Refused):
            report_submit(movie=movie, visitor=visitor(1), choice="after", note=note)
    assert Report.objects.count() == 0


def test_an_impossible_time_or_choice_is_refused() -> None:
    movie = MovieFactory()
    with pytest.raises(Refused):
        report_submit(movie=movie, visitor=visitor(1), choice="maybe")
    with pytest.raises(Refused):
        report_submit(movie=movie, visitor=visitor(1), choice="after", at_minute=900)


def test_rejected_reports_stop_counting() -> None:
    movie = with_verdict(EvidenceFactory(claim="none_recorded").movie)
    report_many(movie, "after", 12)
    assert status(movie) == "yes"
    reports_moderate(
        report_ids=list(Report.objects.values_list("id", flat=True)), status="rejected"
    )
    assert status(movie) == "probably_not"


def test_a_ban_rejects_everything_from_that_address_and_refuses_more() -> None:
    movie = with_verdict(EvidenceFactory(claim="none_recorded").movie)
    report_many(movie, "after", 12)
    visitors_ban(address_hashes=list(Report.objects.values_list("address_hash", flat=True)))
    assert status(movie) == "probably_not"
    assert Ban.objects.count() == 12
    with pytest.raises(Refused, match="not accepted"):
        report_submit(movie=MovieFactory(), visitor=visitor(0), choice="after")


def test_a_correction_waits_for_an_editor() -> None:
    from whatsafter.aftercredits.community import correction_submit

    movie = MovieFactory(title="Right Title")
    correction_submit(movie=movie, visitor=visitor(1), field="title", proposal="Wrong Title")
    movie.refresh_from_db()
    assert movie.title == "Right Title"
    assert Correction.objects.get().status == "new"
