"""A game in progress lives in a signed token in the page, not on the server.

The token holds the question order, the position and the score; the server checks each
answer against the database, so the right answers never reach the browser before the
player answers, and a changed token or question id is refused.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.core import signing

from whatsafter.quizzes.models import Question

SALT = "whatsafter.quiz"
MAX_AGE = 6 * 3600


class Tampered(Exception):
    pass


@dataclass(frozen=True)
class State:
    movie_id: int
    order: tuple[int, ...]
    index: int
    score: int
    nonce: str

    @property
    def finished(self) -> bool:
        return self.index >= len(self.order)

    def sign(self) -> str:
        payload = {
            "m": self.movie_id,
            "o": list(self.order),
            "i": self.index,
            "s": self.score,
            "n": self.nonce,
        }
        return signing.dumps(payload, salt=SALT, compress=True)


def start(movie_id: int, questions: list[Question]) -> State:
    """A new game: every question once, in a fresh shuffled order."""
    order = [q.pk for q in questions]
    secrets.SystemRandom().shuffle(order)
    return State(movie_id, tuple(order), 0, 0, secrets.token_hex(8))


def load(token: str, movie_id: int) -> State:
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
        state = State(
            int(data["m"]),
            tuple(int(q) for q in data["o"]),
            int(data["i"]),
            int(data["s"]),
            str(data["n"]),
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise Tampered("This quiz form was changed or has expired. Please start again.") from None
    if state.movie_id != movie_id:
        raise Tampered("This answer belongs to another film's quiz. Please start again.")
    return state


def answer(state: State, question: Question, choice: int) -> tuple[State, bool]:
    if state.finished or question.pk != state.order[state.index]:
        raise Tampered("That is not the question you were asked. Please start again.")
    if not 0 <= choice <= 3:
        raise Tampered("Choose one of the four answers.")
    right = choice == question.answer
    after = State(
        state.movie_id, state.order, state.index + 1, state.score + int(right), state.nonce
    )
    return after, right
