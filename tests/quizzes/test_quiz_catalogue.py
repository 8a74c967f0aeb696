"""The quality rules over every film of the real sample catalogue."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from whatsafter.catalog.models import Movie
from whatsafter.quizzes import generator
from whatsafter.quizzes.facts import all_facts, facts_for

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(scope="module")
def catalogue(
    full_sample: str, django_db_blocker: Any
) -> Iterator[list[tuple[generator.Facts, generator.Pool]]]:
    """Every film's facts and pool, worked out once from the whole sample."""
    with django_db_blocker.unblock():
        yield all_facts()


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
