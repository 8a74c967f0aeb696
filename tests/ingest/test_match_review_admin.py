"""Editors settle uncertain matches in the admin, and their own edits outrank imports."""

from __future__ import annotations

import pytest
from django.test import Client

from whatsafter.catalog.models import Movie
from whatsafter.ingest.models import MatchReview

pytestmark = pytest.mark.django_db


def review_for(*candidates: Movie) -> MatchReview:
    review = MatchReview.objects.create(
        source="tmdb", external_id="9320", title="The Avengers", year=1998, confidence="0.60"
    )
    review.candidates.set(candidates)
    return review


def test_the_review_list_filters_by_status(admin_client: Client) -> None:
    review_for(Movie.objects.create(slug="a-1999", title="A", year=1999))
    response = admin_client.get("/admin/ingest/matchreview/?status__exact=open")
    assert response.status_code == 200
    assert "The Avengers" in response.content.decode()


def test_merging_gives_the_single_candidate_the_sources_id(admin_client: Client) -> None:
    movie = Movie.objects.create(slug="the-avengers-1999", title="The Avengers", year=1999)
    review = review_for(movie)
    response = admin_client.post(
        "/admin/ingest/matchreview/",
        {"action": "merge_into_chosen", "_selected_action": [review.pk]},
    )
    assert response.status_code == 302
    review.refresh_from_db()
    movie.refresh_from_db()
    assert (review.status, review.chosen, movie.tmdb_id) == ("merged", movie, 9320)


def test_merging_with_two_candidates_waits_for_a_choice(admin_client: Client) -> None:
    one = Movie.objects.create(slug="the-avengers-1998", title="The Avengers", year=1998)
    two = Movie.objects.create(slug="the-avengers-1998-2", title="The Avengers", year=1998)
    review = review_for(one, two)
    admin_client.post(
        "/admin/ingest/matchreview/",
        {"action": "merge_into_chosen", "_selected_action": [review.pk]},
    )
    review.refresh_from_db()
    assert review.status == "open"
    # The editor picks the second candidate on the review's page, then merges.
    page = admin_client.get(f"/admin/ingest/matchreview/{review.pk}/change/").content.decode()
    assert "the-avengers-1998-2" in page or "The Avengers (1998)" in page
    response = admin_client.post(
        f"/admin/ingest/matchreview/{review.pk}/change/", {"chosen": two.pk}
    )
    assert response.status_code == 302
    admin_client.post(
        "/admin/ingest/matchreview/",
        {"action": "merge_into_chosen", "_selected_action": [review.pk]},
    )
    two.refresh_from_db()
    one.refresh_from_db()
    assert (two.tmdb_id, one.tmdb_id) == (9320, None)


def test_keeping_apart_leaves_every_candidate_alone(admin_client: Client) -> None:
    movie = Movie.objects.create(slug="the-avengers-1999", title="The Avengers", year=1999)
    review = review_for(movie)
    admin_client.post(
        "/admin/ingest/matchreview/", {"action": "keep_apart", "_selected_action": [review.pk]}
    )
    review.refresh_from_db()
    movie.refresh_from_db()
    assert (review.status, movie.tmdb_id) == ("kept_apart", None)


# The Movie form's URL fields warn about Django 6's https default; not this test's concern.
def test_a_field_an_editor_changes_is_stamped_as_theirs(admin_client: Client) -> None:
    movie = Movie.objects.create(slug="never-let-me-go-2010", title="Never Let Me Go", year=2010)
    response = admin_client.post(
        f"/admin/catalog/movie/{movie.pk}/change/",
        {
            "slug": movie.slug,
            "title": movie.title,
            "year": 2010,
            "overview": "Our own synopsis.",
            "popularity": 0,
            "company_links-TOTAL_FORMS": 0,
            "company_links-INITIAL_FORMS": 0,
            "releases-TOTAL_FORMS": 0,
            "releases-INITIAL_FORMS": 0,
            "alternative_titles-TOTAL_FORMS": 0,
            "alternative_titles-INITIAL_FORMS": 0,
            "credits-TOTAL_FORMS": 0,
            "credits-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    movie.refresh_from_db()
    assert movie.field_sources["overview"]["source"] == "editor"
    assert "title" not in movie.field_sources
