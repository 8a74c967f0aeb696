"""Community reports and corrections: validated, rate-limited, one per visitor per film.

Visitors are known only by hashes: a random id in a signed cookie, and an HMAC of their
address keyed with the site's secret, so the raw address is never stored or logged.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction

from whatsafter.aftercredits import ratelimit
from whatsafter.aftercredits.models import Ban, Correction, Report, ReportStatus
from whatsafter.aftercredits.services import verdict_refresh
from whatsafter.catalog.models import Movie

HOUR = 3600
MAX_NOTE = 500
MAX_PROPOSAL = 1000
# Links are how spam pays; a note about a film's credits never needs one.
_LINK = re.compile(r"(https?://|www\.|\b[a-z0-9-]+\.(com|net|org|ru|xyz|io|info|top)\b)", re.I)
# Control characters have no place in a note: NUL is stored raw by SQLite and refused by
# PostgreSQL, others garble the admin and exports, bidirectional overrides disguise text.
# Line breaks and tabs stay.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
CHOICES = {
    "during": (True, False),
    "after": (False, True),
    "both": (True, True),
    "nothing": (False, False),
}


class Refused(Exception):
    """A report or correction we will not take, with the reason to show the visitor."""

    def __init__(self, message: str, *, status: int = 400, retry_after: int | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.retry_after = retry_after


@dataclass(frozen=True)
class Visitor:
    visitor_id: str
    address_hash: str


def address_hash(address: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


def _rate_limit(kind: str, address: str) -> None:
    """At most N writes of a kind per address per hour (settings.REPORTS_PER_HOUR), counted
    in the store every process and app server shares."""
    limit = int(getattr(settings, "REPORTS_PER_HOUR", 20))
    if ratelimit.hit(f"{kind}:{address}", window_seconds=HOUR, prune=True) > limit:
        raise Refused(
            "Too many reports from your connection; please try again later.",
            status=429,
            retry_after=ratelimit.retry_after(HOUR),
        )


def _check_text(text: str, limit: int, what: str) -> str:
    text = _CONTROL.sub("", text.replace("\r\n", "\n")).strip()
    if len(text) > limit:
        raise Refused(f"The {what} is too long: {limit} characters at most.")
    if _LINK.search(text):
        raise Refused(f"Please leave links out of the {what}.")
    return text


def _check_not_banned(visitor: Visitor) -> None:
    if Ban.objects.filter(address_hash=visitor.address_hash).exists():
        raise Refused("Reports from your connection are not accepted.", status=403)


def report_submit(
    *,
    movie: Movie,
    visitor: Visitor,
    choice: str,
    note: str = "",
    at_minute: int | None = None,
    via: str = "web",
) -> Report:
    """Take one visitor's report, once per film, and move the verdict if it should move."""
    if choice not in CHOICES:
        raise Refused("Choose what you saw: during, after, both or nothing.")
    if at_minute is not None and not 0 < at_minute <= 600:
        raise Refused("The time should be minutes into the film, between 1 and 600.")
    note = _check_text(note, MAX_NOTE, "note")
    _check_not_banned(visitor)
    _rate_limit("report", visitor.address_hash)
    saw_during, saw_after = CHOICES[choice]
    try:
        with transaction.atomic():
            report = Report.objects.create(
                movie=movie,
                saw_during=saw_during,
                saw_after=saw_after,
                note=note,
                at_minute=at_minute,
                visitor_id=visitor.visitor_id,
                address_hash=visitor.address_hash,
                via=via,
            )
            verdict_refresh(movie_ids=[movie.pk])
    except IntegrityError:
        raise Refused("You have already reported on this film. Thank you!", status=409) from None
    return report


def correction_submit(*, movie: Movie, visitor: Visitor, field: str, proposal: str) -> Correction:
    """A proposed change goes to the editors' queue, never straight onto the page."""
    if field not in Correction.Field.values:
        raise Refused("Choose which part of the page is wrong.")
    proposal = _check_text(proposal, MAX_PROPOSAL, "proposal")
    if not proposal:
        raise Refused("Tell us what should change.")
    _check_not_banned(visitor)
    _rate_limit("correction", visitor.address_hash)
    return Correction.objects.create(
        movie=movie, field=field, proposal=proposal, address_hash=visitor.address_hash
    )


@transaction.atomic
def reports_moderate(*, report_ids: list[int], status: str) -> int:
    """Accept or reject reports; rejected ones stop counting at once."""
    if status not in (ReportStatus.ACCEPTED, ReportStatus.REJECTED):
        raise ValueError(status)
    movie_ids = list(
        Report.objects.filter(id__in=report_ids).values_list("movie_id", flat=True).distinct()
    )
    changed = Report.objects.filter(id__in=report_ids).update(status=status)
    verdict_refresh(movie_ids=movie_ids)
    return changed


@transaction.atomic
def visitors_ban(*, address_hashes: list[str], reason: str = "") -> int:
    """Ban addresses and reject everything they reported."""
    for hashed in set(address_hashes):
        Ban.objects.get_or_create(address_hash=hashed, defaults={"reason": reason})
    reports = Report.objects.filter(address_hash__in=address_hashes)
    movie_ids = list(reports.values_list("movie_id", flat=True).distinct())
    reports.update(status=ReportStatus.REJECTED)
    Correction.objects.filter(address_hash__in=address_hashes).update(status=ReportStatus.REJECTED)
    verdict_refresh(movie_ids=movie_ids)
    return len(set(address_hashes))
