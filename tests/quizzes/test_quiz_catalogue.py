"""The quality rules over every film of the real sample catalogue."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

from whatsafter.catalog.models import Movie
from whatsafter.quizzes import generator
from whatsafter.quizzes.facts import all_facts, facts_for

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"


@pytest.fixture(scope="module")
def catalogue(
    django_db_setup: None, django_db_blocker: Any
) -> Iterator[list[tuple[generator.Facts, generator.Pool]]]:
    """The sample is built once for this module (a build takes about a minute) inside a
    transaction that is rolled back afterwards, so no other module sees it; each test's own
    transaction nests inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("build_sample", dir=SAMPLE, stdout=StringIO())
        yield all_facts()
        transaction.set_rollback(True)


def test_every_quiz_in_the_catalogue_keeps_the_rules(catalogue) -> None:  # type: ignore[no-untyped-def]
    with_cast_and_plot = with_quiz = 0
    kinds: Counter[str] = Counter()
    for facts, pool in catalogue:
        drafts = generator.generate(facts, pool)
        if facts.cast and facts.plot:
            with_cast_and_plot += 1
            with_quiz += bool(drafts)
        assert drafts == [] or 5 <= len(drafts) <= 10, facts.slug
        for d in drafts:
            options = [o.casefold() for o in d.options]
            assert len(d.options) == 4 and len(set(options)) == 4, (facts.slug, d)
            assert 0 <= d.answer <= 3
            assert d.correct.casefold() not in d.prompt.casefold(), (facts.slug, d)
            if d.kind in ("year", "plot_year"):
                assert all(o.isdigit() and len(o) == 4 for o in d.options)  # years among years
            if d.kind in ("cast", "not_in_cast", "plot_person"):
                assert not any(o.isdigit() for o in d.options)  # people among people
            if d.kind == "scene":
                assert facts.verdict in ("yes", "no")  # never a question about missing data
            if d.kind == "runtime":
                assert facts.runtime
            kinds[d.kind] += 1
    # "Most films with cast and plot text have a quiz."
    assert with_quiz / with_cast_and_plot > 0.6
    assert len(kinds) >= 8


def test_quizzes_are_deterministic_and_match_the_per_film_facts(catalogue) -> None:  # type: ignore[no-untyped-def]
    by_slug = {facts.slug: (facts, pool) for facts, pool in catalogue}
    for slug in ("never-let-me-go-2010", "the-avengers-2012", "iron-man-2008"):
        movie = Movie.objects.get(slug=slug)
        assert facts_for(movie) == by_slug[slug]
        facts, pool = by_slug[slug]
        first, again = generator.generate(facts, pool), generator.generate(facts, pool)
        assert first and [vars(d) for d in first] == [vars(d) for d in again]
