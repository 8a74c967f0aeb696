"""The quiz: good questions or none, played one at a time, answers checked on the server."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.factories import (
    CompanyFactory,
    CreditFactory,
    EvidenceFactory,
    GenreFactory,
    MovieFactory,
    add_company,
    with_verdict,
)
from whatsafter.catalog.models import Movie
from whatsafter.quizzes import generator
from whatsafter.quizzes.facts import facts_for
from whatsafter.quizzes.models import Question, QuizStats

pytestmark = pytest.mark.django_db

GENRES = ("Drama", "Romance", "Science Fiction", "Comedy", "Horror", "Western")


def rich_film():  # type: ignore[no-untyped-def]
    """A film with cast, plot, genres, a company and a tagline, among similar films."""
    genres = [GenreFactory(name=g, slug=g.lower().replace(" ", "-")) for g in GENRES]
    movie = MovieFactory(
        title="Never Let Me Go", slug="never-let-me-go-2010", year=2010, runtime_minutes=104,
        tagline="These students have everything they need. Except time.",
        wikipedia_extract=(
            "Never Let Me Go is a 2010 British dystopian film. Kathy is played by Carey Mulligan. "
            "Principal photography began in 2009 in Norfolk."
        ),
    )  # fmt: skip
    movie.genres.add(genres[0], genres[1])
    for n, name in enumerate(
        ("Carey Mulligan", "Andrew Garfield", "Keira Knightley", "Sally Hawkins")
    ):
        CreditFactory(movie=movie, person__name=name, order=n)
    add_company(movie, CompanyFactory(name="DNA Films"))
    for n in range(6):
        other = MovieFactory(
            title=f"Other Drama {n}", tagline=f"Another tagline number {n}.", popularity=50 - n
        )
        other.genres.add(genres[0])
        CreditFactory(movie=other, person__name=f"Other Actor {n}", order=0)
        add_company(other, CompanyFactory(name=f"Other Studio {n}"))
    EvidenceFactory(movie=movie, source="editor", claim="none")
    return with_verdict(movie)


def test_a_rich_film_gets_five_to_ten_questions_that_keep_every_rule() -> None:
    facts, pool = facts_for(rich_film())
    drafts = generator.generate(facts, pool)
    assert 5 <= len(drafts) <= 10
    kinds = {d.kind for d in drafts}
    assert {"year", "runtime", "genre", "studio", "tagline", "not_in_cast", "scene"} <= kinds
    for d in drafts:
        assert generator.valid(d)
        assert len(set(d.options)) == 4
        assert d.correct not in d.prompt
    scene = next(d for d in drafts if d.kind == "scene")
    assert scene.correct == "No, nothing"
    year = next(d for d in drafts if d.kind == "year")
    assert all(o.isdigit() for o in year.options)  # years among years
    outsider = next(d for d in drafts if d.kind == "not_in_cast")
    assert outsider.correct.startswith("Other Actor")


def test_the_same_data_gives_the_same_quiz() -> None:
    facts, pool = facts_for(rich_film())
    assert [vars(d) for d in generator.generate(facts, pool)] == [
        vars(d) for d in generator.generate(facts, pool)
    ]


def test_a_film_with_too_little_data_gets_no_quiz_and_the_page_says_so(client: Client) -> None:
    movie = MovieFactory(title="Obscure", year=None, runtime_minutes=None, overview="")
    assert generator.generate(*facts_for(movie)) == []
    html = client.get(f"/movies/{movie.slug}/quiz/").content.decode()
    assert "do not know enough about Obscure" in html
    assert Question.objects.count() == 0


def test_no_question_asks_about_a_probably_not_answer() -> None:
    movie = rich_film()
    movie.evidence.all().delete()
    EvidenceFactory(movie=movie, claim="none_recorded")
    with_verdict(movie)
    assert "scene" not in {d.kind for d in generator.generate(*facts_for(movie))}


def play_through(client: Client, slug: str, pick) -> str:  # type: ignore[no-untyped-def]
    html = client.get(f"/movies/{slug}/quiz/").content.decode()
    while 'name="token"' in html:
        token = re.search(r'name="token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
        question = int(re.search(r'name="question" value="(\d+)"', html).group(1))  # type: ignore[union-attr]
        html = client.post(
            f"/movies/{slug}/quiz/answer/",
            {"token": token, "question": question, "choice": pick(question)},
        ).content.decode()
    return html


def test_a_perfect_game_scores_full_marks_and_is_counted_without_the_player(client: Client) -> None:
    movie = rich_film()
    client.get(f"/movies/{movie.slug}/quiz/")
    answers = dict(Question.objects.filter(movie=movie).values_list("id", "answer"))
    html = play_through(client, movie.slug, lambda q: answers[q])
    total = len(answers)
    assert f"You scored {total} out of {total}." in html
    assert f"I scored {total}/{total} in What's After's quiz on Never Let Me Go" in html
    stats = QuizStats.objects.get(movie=movie)
    assert (stats.plays, stats.points, stats.questions, stats.percent) == (1, total, total, 100)
    assert (
        "Players get 100% of the answers right on average, from 1 game"
        in client.get(movie.get_absolute_url()).content.decode()
    )


def test_the_page_never_sends_the_answer_before_it_is_given(client: Client) -> None:
    movie = rich_film()
    html = client.get(f"/movies/{movie.slug}/quiz/").content.decode()
    question = Question.objects.get(
        pk=int(re.search(r'name="question" value="(\d+)"', html).group(1))
    )  # type: ignore[union-attr]
    assert question.explanation not in html
    assert "answer" not in re.search(r'name="token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]


def test_tampered_tokens_and_question_ids_are_refused(client: Client) -> None:
    movie = rich_film()
    html = client.get(f"/movies/{movie.slug}/quiz/").content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    question = int(re.search(r'name="question" value="(\d+)"', html).group(1))  # type: ignore[union-attr]
    url = f"/movies/{movie.slug}/quiz/answer/"
    forged = client.post(url, {"token": token[:-2] + "xx", "question": question, "choice": 0})
    assert forged.status_code == 400 and "changed or has expired" in forged.content.decode()
    other = Question.objects.filter(movie=movie).exclude(pk=question).first()
    wrong_q = client.post(url, {"token": token, "question": other.pk, "choice": 0})  # type: ignore[union-attr]
    assert (
        wrong_q.status_code == 400 and "not the question you were asked" in wrong_q.content.decode()
    )
    for bad in (
        {"question": "abc", "choice": 0},
        {"question": question, "choice": 9},
        {"question": 999999, "choice": 0},
    ):
        assert client.post(url, {"token": token, **bad}).status_code == 400


def test_replaying_the_last_answer_counts_the_game_once(client: Client) -> None:
    movie = rich_film()
    html = client.get(f"/movies/{movie.slug}/quiz/").content.decode()
    last = None
    while 'name="token"' in html:
        token = re.search(r'name="token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
        question = int(re.search(r'name="question" value="(\d+)"', html).group(1))  # type: ignore[union-attr]
        last = {"token": token, "question": question, "choice": 0}
        html = client.post(f"/movies/{movie.slug}/quiz/answer/", last).content.decode()
    client.post(f"/movies/{movie.slug}/quiz/answer/", last)
    assert QuizStats.objects.get(movie=movie).plays == 1


def test_htmx_gets_only_the_quiz_box(client: Client) -> None:
    movie = rich_film()
    html = client.get(
        f"/movies/{movie.slug}/quiz/", headers={"HX-Request": "true"}
    ).content.decode()
    assert html.lstrip().startswith('<div id="quiz"') and "<html" not in html


def test_editors_disabling_a_question_survives_a_rebuild(client: Client) -> None:
    movie = rich_film()
    client.get(f"/movies/{movie.slug}/quiz/")
    first = Question.objects.filter(movie=movie).order_by("position").first()
    Question.objects.filter(pk=first.pk).update(enabled=False)  # type: ignore[union-attr]
    movie.runtime_minutes = 150  # the data changes, so the quiz is rebuilt
    movie.save()
    client.get(f"/movies/{movie.slug}/quiz/")
    assert not Question.objects.get(movie=movie, prompt=first.prompt).enabled  # type: ignore[union-attr]


def test_a_film_with_a_director_and_named_parts_gets_who_directed_and_who_plays() -> None:
    movie = rich_film()
    movie.credits.all().delete()
    for n, (name, part) in enumerate(
        (
            ("Carey Mulligan", "Kathy H."),
            ("Andrew Garfield", "Tommy D."),
            ("Keira Knightley", "Ruth C."),
            ("Sally Hawkins", "Miss Lucy"),
        )
    ):
        CreditFactory(movie=movie, person__name=name, order=n, character=part)
    CreditFactory(
        movie=movie, person__name="Mark Romanek", kind="crew", character="",
        department="Directing", job="Director",
    )  # fmt: skip
    for n, other in enumerate(Movie.objects.filter(title__startswith="Other Drama")):
        CreditFactory(
            movie=other, person__name=f"Other Director {n}", kind="crew", character="",
            department="Directing", job="Director",
        )  # fmt: skip

    drafts = generator.generate(*facts_for(movie))

    director = next(d for d in drafts if d.kind == "director")
    assert director.prompt == "Who directed Never Let Me Go?"
    assert director.correct == "Mark Romanek"
    assert all(o == "Mark Romanek" or o.startswith("Other Director") for o in director.options)
    role = next(d for d in drafts if d.kind == "role")
    assert role.prompt == "Who plays Kathy H. in Never Let Me Go?"
    assert role.correct == "Carey Mulligan"
    assert set(role.options) == {
        "Carey Mulligan",
        "Andrew Garfield",
        "Keira Knightley",
        "Sally Hawkins",
    }
    assert all(generator.valid(d) for d in drafts)


@pytest.mark.parametrize("part", ["Himself", "Narrator (voice)", "Guard #2", "Soldier 3", ""])
def test_no_one_is_asked_who_plays_a_part_that_names_nobody(part: str) -> None:
    facts = generator.Facts(
        slug="x", title="X", year=2000, runtime=100, genres=(), companies=(), tagline="",
        cast=("A One", "B Two", "C Three", "D Four"), verdict="unknown", during=0, after=0,
        plot="", roles=(("A One", part),),
    )  # fmt: skip
    assert "role" not in {d.kind for d in generator.generate(facts, generator.Pool())}
