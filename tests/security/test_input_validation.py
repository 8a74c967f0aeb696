"""Anonymous input that str.isdigit() lets through ("²", 5,000 digits) or signs it refuses:
a 400 with a reason or a sane default, never a 500."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.factories import CreditFactory, MovieFactory, with_verdict
from tests.quizzes.test_quiz import rich_film
from whatsafter.aftercredits.models import Report

pytestmark = pytest.mark.django_db

HOSTILE_NUMBERS = ["²", "9" * 5000, "-1", "0", "1e3", " 2", "٣", ""]


@pytest.mark.parametrize("path", ["/actors/", "/companies/"])
def test_list_pages_fall_back_to_the_first_page(client: Client, path: str) -> None:
    CreditFactory(person__name="Only Actor")
    for raw in HOSTILE_NUMBERS:
        response = client.get(path, {"page": raw})
        assert response.status_code == 200, raw
        assert response.context["page_obj"].number == 1


def test_the_report_time_is_refused_with_its_format(client: Client) -> None:
    url = f"{with_verdict(MovieFactory()).get_absolute_url()}report/"
    for raw in ("²", "9" * 5000, "-5", "1:²", "1:60", "²:10", "1:5:2", "x"):
        response = client.post(url, {"saw": "after", "at": raw})
        assert response.status_code == 400, raw
        assert "hours:minutes (1:52)" in response.content.decode()
    assert not Report.objects.exists()


@pytest.mark.parametrize(("raw", "minutes"), [("1:52", 112), ("112", 112), ("", None)])
def test_a_readable_report_time_is_kept(client: Client, raw: str, minutes: int | None) -> None:
    movie = with_verdict(MovieFactory())
    client.post(f"{movie.get_absolute_url()}report/", {"saw": "after", "at": raw})
    assert Report.objects.get().at_minute == minutes


def test_hostile_quiz_answers_get_a_400(client: Client) -> None:
    movie = rich_film()
    html = client.get(f"/movies/{movie.slug}/quiz/").content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    question = re.search(r'name="question" value="(\d+)"', html).group(1)  # type: ignore[union-attr]
    form = {"token": token, "question": question, "choice": "0"}
    for field in ("question", "choice"):
        for raw in ("²", "9" * 5000, "-1", "", "0x1"):
            response = client.post(f"/movies/{movie.slug}/quiz/answer/", {**form, field: raw})
            assert response.status_code == 400, (field, raw)
            assert re.search("Please start again|four answers", response.content.decode())


@pytest.mark.parametrize("raw", ["tt²²²²²²²", "tt" + "9" * 5000, "tt-1234567"])
def test_odd_imdb_ids_are_not_found(client: Client, raw: str) -> None:
    assert client.get(f"/movies/imdb/{raw}/").status_code == 404
