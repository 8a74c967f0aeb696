"""A quiz token answers once: replaying it with each choice in turn must not find the answer."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.quizzes.test_quiz import rich_film
from whatsafter.quizzes.models import Question, QuizStats, SpentAnswer

pytestmark = pytest.mark.django_db


def form_of(html: str) -> dict[str, str]:
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    question = re.search(r'name="question" value="(\d+)"', html).group(1)  # type: ignore[union-attr]
    return {"token": token, "question": question}


def test_replaying_one_token_with_each_choice_is_refused(client: Client) -> None:
    movie = rich_film()
    url = f"/movies/{movie.slug}/quiz/answer/"
    form = form_of(client.get(f"/movies/{movie.slug}/quiz/").content.decode())
    first = client.post(url, {**form, "choice": 0})
    assert first.status_code == 200
    for choice in (1, 2, 3, 0):
        replay = client.post(url, {**form, "choice": choice})
        assert replay.status_code == 409
        assert "answered already" in replay.content.decode()
        assert "next question" not in replay.content.decode().lower()
    assert SpentAnswer.objects.count() == 1


def test_a_replayer_cannot_reach_full_marks(client: Client) -> None:
    """The attack from the issue: try every choice on each token, keep the right one."""
    movie = rich_film()
    url = f"/movies/{movie.slug}/quiz/answer/"
    html = client.get(f"/movies/{movie.slug}/quiz/").content.decode()
    while 'name="token"' in html:
        form = form_of(html)
        for choice in range(4):
            answered = client.post(url, {**form, "choice": choice})
            if answered.status_code == 200:
                html = answered.content.decode()
    right = re.search(r"You scored (\d+) out of (\d+)", html)
    assert right is not None
    answers = Question.objects.filter(movie=movie, answer__gt=0).count()
    # Only choice 0 was ever accepted, so only questions whose answer is 0 scored.
    assert int(right.group(1)) == int(right.group(2)) - answers
    stats = QuizStats.objects.get(movie=movie)
    assert stats.plays == 1 and stats.points == int(right.group(1))
