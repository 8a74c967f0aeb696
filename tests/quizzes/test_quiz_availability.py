"""Whether a film can have a quiz is stored, so its page invites only to quizzes that exist."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from tests.factories import CreditFactory, MovieFactory
from tests.quizzes.test_quiz import rich_film
from whatsafter.catalog.models import Movie
from whatsafter.quizzes.models import Question, QuizStats
from whatsafter.quizzes.services import quiz_availability_refresh

pytestmark = pytest.mark.django_db


def poor_film() -> Movie:
    """A title and nothing else to ask about."""
    return MovieFactory(title="Obscure", year=None, runtime_minutes=None, overview="")


def possible(movie: Movie) -> bool | None:
    return QuizStats.objects.filter(movie=movie).values_list("possible", flat=True).first()


def test_the_refresh_marks_a_poor_film_false_and_a_rich_one_true() -> None:
    rich, poor = rich_film(), poor_film()
    result = quiz_availability_refresh()
    assert (possible(rich), possible(poor)) == (True, False)
    assert result.films == Movie.objects.count()
    assert result.possible == QuizStats.objects.filter(possible=True).count()
    # No questions are written: the quiz itself is still generated on its first visit.
    assert Question.objects.count() == 0


def test_the_refresh_keeps_the_games_and_writes_only_what_changed() -> None:
    rich = rich_film()
    QuizStats.objects.create(movie=rich, plays=3, points=14, questions=24)
    first = quiz_availability_refresh(movie_ids=[rich.pk])
    stats = QuizStats.objects.get(movie=rich)
    assert (stats.possible, stats.plays, stats.points, stats.questions) == (True, 3, 14, 24)
    assert first.changed == 1
    assert quiz_availability_refresh(movie_ids=[rich.pk]).changed == 0


def test_an_editors_question_makes_a_quiz_and_switched_off_ones_do_not() -> None:
    poor = poor_film()
    Question.objects.create(
        movie=poor, kind="editor", prompt="Where was it shot?", options=["a", "b", "c", "d"],
        answer=0, source="editor",
    )  # fmt: skip
    quiz_availability_refresh(movie_ids=[poor.pk])
    assert possible(poor) is True
    Question.objects.filter(movie=poor).update(enabled=False)
    quiz_availability_refresh(movie_ids=[poor.pk])
    assert possible(poor) is False


def test_opening_a_quiz_records_the_answer_and_heals_a_film_whose_data_grew(
    client: Client,
) -> None:
    movie = poor_film()
    client.get(f"/movies/{movie.slug}/quiz/")
    assert possible(movie) is False
    # The film gets a year, a runtime, cast and a plot after the last refresh.
    Movie.objects.filter(pk=movie.pk).update(
        year=1999, runtime_minutes=95,
        wikipedia_extract="Obscure is a 1999 film. Ann Lee plays a pilot. It was shot in 1998.",
    )  # fmt: skip
    for n, name in enumerate(("Ann Lee", "Bo Chan", "Cy Diaz", "Di Ekman")):
        CreditFactory(movie=movie, person__name=name, order=n)
    rich_film()  # similar films give the distractors
    html = client.get(f"/movies/{movie.slug}/quiz/").content.decode()
    assert 'name="token"' in html
    assert possible(movie) is True


def test_the_film_page_offers_the_quiz_unless_it_is_known_there_is_none(client: Client) -> None:
    rich, poor, unknown = rich_film(), poor_film(), MovieFactory()
    quiz_availability_refresh(movie_ids=[rich.pk, poor.pk])
    for movie, offered in ((rich, True), (poor, False), (unknown, True)):
        html = client.get(movie.get_absolute_url()).content.decode()
        assert (f'href="/movies/{movie.slug}/quiz/"' in html) is offered, movie.slug
        assert ("No quiz for this film yet: we know too little about it." in html) is not offered


def test_the_command_refreshes_every_film_or_the_ones_named() -> None:
    rich, poor = rich_film(), poor_film()
    out = StringIO()
    call_command("quiz_refresh", poor.slug, stdout=out)
    assert (possible(rich), possible(poor)) == (None, False)
    assert "0 of 1 films can have a quiz; 1 flags changed" in out.getvalue()
    out = StringIO()
    call_command("quiz_refresh", stdout=out)
    assert possible(rich) is True
    total = Movie.objects.count()
    can = QuizStats.objects.filter(possible=True).count()
    assert f"{can:,} of {total:,} films can have a quiz" in out.getvalue()
    with pytest.raises(CommandError, match="no-such-film"):
        call_command("quiz_refresh", "no-such-film", stdout=StringIO())


def test_an_editors_question_in_the_admin_gives_the_page_its_quiz_at_once(
    admin_client: Client,
) -> None:
    poor = poor_film()
    quiz_availability_refresh(movie_ids=[poor.pk])
    response = admin_client.post(
        "/admin/quizzes/question/add/",
        {
            "movie": poor.pk, "kind": "editor", "prompt": "Where was it shot?",
            "options": '["Leeds", "Oslo", "Lima", "Pune"]', "answer": 1, "explanation": "",
            "position": 0, "enabled": "on", "source": "editor", "data_version": "",
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    assert possible(poor) is True
    assert f'href="/movies/{poor.slug}/quiz/"' in admin_client.get(poor.get_absolute_url()).text
    question = Question.objects.get(movie=poor)
    admin_client.post(f"/admin/quizzes/question/{question.pk}/delete/", {"post": "yes"})
    assert possible(poor) is False
    listed = admin_client.get("/admin/quizzes/quizstats/?possible__exact=0")
    assert listed.status_code == 200 and "Obscure" in listed.text
