"""Schemathesis against our own OpenAPI document: no 500s, every response fits the schema."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from tests.factories import (
    CreditSceneFactory,
    EvidenceFactory,
    MovieFactory,
    PersonFactory,
    with_verdict,
)
from whatsafter.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def catalogue(settings):  # type: ignore[no-untyped-def]
    """A few real-looking films so lookups hit data as well as 404s."""
    settings.API_READS_PER_MINUTE = 1_000_000
    settings.REPORTS_PER_HOUR = 1_000_000
    movie = MovieFactory(
        title="The Avengers", slug="the-avengers-2012", tmdb_id=24428, imdb_id="tt0848228"
    )
    EvidenceFactory(movie=movie, claim="after")
    CreditSceneFactory(movie=movie)
    with_verdict(movie)
    with_verdict(MovieFactory(title="Never Let Me Go", slug="never-let-me-go-2010"))
    PersonFactory(name="Carey Mulligan", slug="carey-mulligan")


@pytest.mark.django_db(transaction=True)
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_honours_its_own_schema(case, catalogue) -> None:  # type: ignore[no-untyped-def]
    case.call_and_validate()
