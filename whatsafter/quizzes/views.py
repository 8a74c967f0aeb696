"""Playing a film's quiz: one question at a time, answers checked on the server."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods, require_POST

from whatsafter.catalog.models import Movie
from whatsafter.quizzes import play
from whatsafter.quizzes.models import Question, QuizStats
from whatsafter.quizzes.services import quiz_ensure, quiz_record


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


@require_POST
def answer(request: HttpRequest, slug: str) -> HttpResponse:
    movie = get_object_or_404(Movie, slug=slug)
    questions = {q.pk: q for q in quiz_ensure(movie=movie)}
    try:
        state = play.load(request.POST.get("token", ""), movie.pk)
        raw_question, raw_choice = request.POST.get("question", ""), request.POST.get("choice", "")
        if not raw_question.isdigit() or int(raw_question) not in questions:
            raise play.Tampered("That question is not part of this quiz. Please start again.")
        if not raw_choice.isdigit():
            raise play.Tampered("Choose one of the four answers.")
        question = questions[int(raw_question)]
        after, right = play.answer(state, question, int(raw_choice))
    except play.Tampered as refused:
        return _render(request, {"movie": movie, "error": str(refused)}, status=400)
    done_key = f"quiz-done:{after.nonce}"
    if after.finished and cache.add(done_key, 1, timeout=play.MAX_AGE):
        # Counted once per game, even if the last answer is posted again.
        try:
            quiz_record(movie=movie, points=after.score, questions=len(after.order))
        except DatabaseError:
            # Not stored, so not counted: posting the last answer again may record it.
            cache.delete(done_key)
            raise
    feedback = {"right": right, "asked": question, "chosen": int(raw_choice)}
    return _render(request, _context(movie, after, questions, feedback=feedback))
