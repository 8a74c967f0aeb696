"""A database that refuses writes: 503 with Retry-After, the visitor told, nothing acknowledged.

The read-only state is real (SQLite's query_only, PostgreSQL's read-only transactions),
so the errors come from the database driver exactly as in production.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import Client

from tests.factories import MovieFactory
from whatsafter.aftercredits.models import Report
from whatsafter.faults import classify
from whatsafter.quizzes.models import QuizStats

# The read-only switch must not sit inside the test's own transaction (PostgreSQL only
# applies it to transactions that start after it).
pytestmark = pytest.mark.django_db(transaction=True)


@contextmanager
def read_only_database() -> Iterator[None]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA query_only = ON")
        else:
            cursor.execute("SET default_transaction_read_only = on")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA query_only = OFF")
            else:
                cursor.execute("SET default_transaction_read_only = off")


def assert_unavailable(response, *, saved_nothing: bool = True) -> str:  # type: ignore[no-untyped-def]
    body = response.content.decode()
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert response["Cache-Control"] == "no-store"
    assert "Traceback" not in body and "OperationalError" not in body
    assert ("Nothing you sent was saved" in body) is saved_nothing
    return body


def test_a_report_on_a_read_only_database_says_it_was_not_saved(client: Client) -> None:
    movie = MovieFactory()
    with read_only_database():
        response = client.post(f"/movies/{movie.slug}/report/", {"saw": "after"})
        body = assert_unavailable(response)
        assert "<html" in body and "read-only" in body
        # Reads still work while writes are refused.
        assert client.get(movie.get_absolute_url()).status_code == 200
    assert Report.objects.count() == 0
    # Recovered by itself: the same post is stored and thanked.
    response = client.post(f"/movies/{movie.slug}/report/", {"saw": "after"}, follow=True)
    assert "Thank you!" in response.content.decode()
    assert Report.objects.count() == 1


def test_an_htmx_report_gets_the_failure_in_its_box(client: Client) -> None:
    movie = MovieFactory()
    with read_only_database():
        response = client.post(
            f"/movies/{movie.slug}/report/", {"saw": "during"}, headers={"HX-Request": "true"}
        )
    body = assert_unavailable(response)
    # A fragment put at the top of the report box (the form stays below it), not a page.
    assert "<html" not in body and 'role="alert"' in body
    assert response["HX-Reswap"] == "afterbegin"
    assert Report.objects.count() == 0


def test_the_film_page_tells_htmx_to_show_503s() -> None:
    html = Client().get(MovieFactory().get_absolute_url()).content.decode()
    assert '{"code": "503", "swap": true}' in html


def test_the_api_answers_a_refused_write_in_its_error_shape(client: Client) -> None:
    movie = MovieFactory()
    with read_only_database():
        response = client.post(
            f"/api/v1/movies/{movie.slug}/reports",
            {"saw": "after"},
            content_type="application/json",
        )
        assert client.get(f"/api/v1/movies/{movie.slug}").status_code == 200
    assert response.status_code == 503 and int(response["Retry-After"]) > 0
    error = response.json()["error"]
    assert error["code"] == "unavailable" and error["reason"] == "read_only"
    assert "Nothing you sent was saved" in error["message"]
    assert Report.objects.count() == 0


def _answer_all_but_the_last(client: Client, slug: str) -> dict[str, object]:
    html = client.get(f"/movies/{slug}/quiz/").content.decode()
    while True:
        token = re.search(r'name="token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
        question = int(re.search(r'name="question" value="(\d+)"', html).group(1))  # type: ignore[union-attr]
        number, total = map(int, re.search(r"Question (\d+) of (\d+)", html).groups())  # type: ignore[union-attr]
        answer = {"token": token, "question": question, "choice": 0}
        if number == total:
            return answer
        html = client.post(f"/movies/{slug}/quiz/answer/", answer).content.decode()


def test_a_quiz_score_that_could_not_be_stored_is_not_acknowledged(client: Client) -> None:
    from tests.quizzes.test_quiz import rich_film

    movie = rich_film()
    last = _answer_all_but_the_last(client, movie.slug)
    url = f"/movies/{movie.slug}/quiz/answer/"
    with read_only_database():
        response = client.post(url, last, headers={"HX-Request": "true"})
    body = assert_unavailable(response)
    assert "You scored" not in body
    # The row itself may exist: opening the quiz stores whether the film can have one.
    assert not QuizStats.objects.filter(movie=movie, plays__gt=0).exists()
    # The same last answer, once the database is back, is counted: once.
    assert "You scored" in client.post(url, last).content.decode()
    client.post(url, last)
    assert QuizStats.objects.get(movie=movie).plays == 1


def test_bugs_stay_bugs() -> None:
    """A missing table is a programming error: no 503 that would hide it."""
    with pytest.raises(Exception) as raised, connection.cursor() as cursor:
        cursor.execute("SELECT * FROM no_such_table_here")
    assert classify(raised.value) is None
