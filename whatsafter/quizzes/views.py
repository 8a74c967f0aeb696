"""Playing a film's quiz: one question at a time, answers checked on the server."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods, require_POST

from whatsafter.catalog.models import Movie
from whatsafter.quizzes import play
from whatsafter.quizzes.forms import AnswerForm
from whatsafter.quizzes.models import Question, QuizStats
from whatsafter.quizzes.services import (
    quiz_answer_spend,
    quiz_answers_prune,
    quiz_ensure,
    quiz_record,
)


def _render(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    template = (
        "quizzes/quiz.html#quiz_box" if getattr(request, "htmx", False) else "quizzes/quiz.html"
    )
    return render(request, template, context, status=status)


def _context(
    movie: Movie, state: play.State, questions: dict[int, Question], **extra: Any
) -> dict[str, Any]:
    current = None if state.finished else questions[state.order[state.index]]
    stats = QuizStats.objects.filter(movie=movie).first()
    return {
        "movie": movie, "state": state, "token": state.sign(), "question": current,
        "number": state.index + 1, "total": len(state.order), "stats": stats, **extra,
    }  # fmt: skip


@require_http_methods(["GET"])
def quiz(request: HttpRequest, slug: str) -> HttpResponse:
    movie = get_object_or_404(Movie, slug=slug)
    questions = quiz_ensure(movie=movie)
    if not questions:
        return _render(request, {"movie": movie, "no_quiz": True})
    state = play.start(movie.pk, questions)
    return _render(request, _context(movie, state, {q.pk: q for q in questions}))


def _form_problem(form: AnswerForm) -> str:
    if "choice" in form.errors:
        return "Choose one of the four answers."
    if "question" in form.errors:
        return "That question is not part of this quiz. Please start again."
    return "This quiz form was changed or has expired. Please start again."


@require_POST
def answer(request: HttpRequest, slug: str) -> HttpResponse:
    movie = get_object_or_404(Movie, slug=slug)
    questions = {q.pk: q for q in quiz_ensure(movie=movie)}
    form = AnswerForm(request.POST)
    try:
        if not form.is_valid():
            raise play.Tampered(_form_problem(form))
        state = play.load(form.cleaned_data["token"], movie.pk)
        question = questions.get(form.cleaned_data["question"])
        if question is None:
            raise play.Tampered("That question is not part of this quiz. Please start again.")
        choice = form.cleaned_data["choice"]
        after, right = play.answer(state, question, choice)
    except play.Tampered as refused:
        return _render(request, {"movie": movie, "error": str(refused)}, status=400)
    # The step is spent and the game counted in one transaction: a score that could not be
    # stored leaves its token unspent, so the last answer can be sent again once it can be.
    with transaction.atomic():
        spent = quiz_answer_spend(nonce=state.nonce, step=state.index)
        if spent and after.finished:
            # Counted once per game: the last step, like every step, is answered only once.
            quiz_record(movie=movie, points=after.score, questions=len(after.order))
    if not spent:
        replayed = "That question was answered already. Please start again."
        return _render(request, {"movie": movie, "error": replayed}, status=409)
    if after.finished:
        quiz_answers_prune(max_age=play.MAX_AGE)
    feedback = {"right": right, "asked": question, "chosen": choice}
    return _render(request, _context(movie, after, questions, feedback=feedback))
