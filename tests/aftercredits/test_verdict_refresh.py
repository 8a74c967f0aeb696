"""verdict_refresh stores what the rules derive, in a bounded number of queries."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from whatsafter.aftercredits.models import CreditScene, Evidence, Verdict
from whatsafter.aftercredits.services import evidence_record, scene_add, verdict_refresh
from whatsafter.catalog.models import Movie

pytestmark = pytest.mark.django_db


def make_movie(n: int) -> Movie:
    return Movie.objects.create(title=f"Film {n}", slug=f"film-{n}", year=2000 + n)


def test_it_writes_a_verdict_for_a_film_without_evidence() -> None:
    movie = make_movie(1)
    verdict_refresh(movie_ids=[movie.pk])
    assert Verdict.objects.get(movie=movie).status == "unknown"


def test_recording_evidence_moves_the_verdict() -> None:
    movie = make_movie(1)
    evidence_record(movie=movie, source="tmdb_keyword", claim="none_recorded")
    assert Verdict.objects.get(movie=movie).status == "probably_not"
    evidence_record(movie=movie, source="editor", claim="after")
    verdict = Verdict.objects.get(movie=movie)
    assert (verdict.status, verdict.after_count, verdict.decided_by) == ("yes", 1, "editor")


def test_recording_the_same_claim_twice_keeps_one_row() -> None:
    movie = make_movie(1)
    first = timezone.now() - dt.timedelta(days=3)
    evidence_record(movie=movie, source="tmdb_keyword", claim="after", asserted_at=first)
    evidence_record(movie=movie, source="tmdb_keyword", claim="after")
    assert Evidence.objects.filter(movie=movie).count() == 1
    assert Evidence.objects.get(movie=movie).asserted_at > first


def test_added_scenes_are_numbered_in_order_and_counted() -> None:
    movie = make_movie(1)
    scene_add(movie=movie, position="during", description="A", source="editor")
    scene_add(movie=movie, position="after", description="B", source="editor")
    assert list(CreditScene.objects.filter(movie=movie).values_list("order", flat=True)) == [1, 2]
    verdict = Verdict.objects.get(movie=movie)
    assert (verdict.status, verdict.during_count, verdict.after_count) == ("yes", 1, 1)


@pytest.mark.parametrize("film_count", (1, 5))
def test_refresh_costs_the_same_queries_for_one_film_or_many(
    film_count: int, django_assert_num_queries
) -> None:
    movies = [make_movie(n) for n in range(film_count)]
    for movie in movies:
        Evidence.objects.create(
            movie=movie, source="tmdb_keyword", claim="during", asserted_at=timezone.now()
        )
    # evidence, scenes, report tallies, savepoint, upsert, 2 for the films' scene flags,
    # release, companies' counts; 2 to find which films changed (their cached pages go stale)
    # and 1 for the films sharing their cast (whose pages show their badges).
    with django_assert_num_queries(12):
        verdict_refresh(movie_ids=[m.pk for m in movies])
    assert Verdict.objects.filter(status="yes").count() == film_count


def test_the_database_refuses_a_yes_without_scenes() -> None:
    movie = make_movie(1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Verdict.objects.create(movie=movie, status="yes", computed_at=timezone.now())


def test_the_database_refuses_an_unknown_claim() -> None:
    movie = make_movie(1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.create(
            movie=movie, source="tmdb_keyword", claim="maybe", asserted_at=timezone.now()
        )
