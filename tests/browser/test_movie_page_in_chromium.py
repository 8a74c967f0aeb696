"""A visitor in a real browser: finds a film, reads the answer, opens a spoiler."""

from __future__ import annotations

import pytest

from tests.factories import CreditSceneFactory, EvidenceFactory, MovieFactory, with_verdict

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def avengers():  # type: ignore[no-untyped-def]
    movie = MovieFactory(title="The Avengers", slug="the-avengers-2012", year=2012, popularity=99)
    EvidenceFactory(movie=movie, claim="during")
    CreditSceneFactory(
        movie=movie, position="during", order=1, description="Thanos turns and smiles."
    )
    CreditSceneFactory(
        movie=movie, position="after", order=2, description="They eat shawarma in silence."
    )
    return with_verdict(movie)


def test_the_spoiler_stays_hidden_until_opened(live_server, page, avengers) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/movies/the-avengers-2012/")
    assert page.locator("h2#answer-q").inner_text() == "Does The Avengers have end-credit scenes?"
    assert "Yes" in page.locator(".answer-word").inner_text()
    description = page.get_by_text("They eat shawarma in silence.")
    assert not description.is_visible()
    page.locator(".scene").nth(1).get_by_text("Show what happens (spoiler)").click()
    assert description.is_visible()


def test_the_spoiler_toggle_works_without_javascript(live_server, browser, avengers) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/movies/the-avengers-2012/")
    page.locator(".scene").first.get_by_text("Show what happens (spoiler)").click()
    assert page.get_by_text("Thanos turns and smiles.").is_visible()
    context.close()


def test_the_header_search_finds_the_film(live_server, page, avengers) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/")
    page.fill("#site-search", "avengers")
    page.press("#site-search", "Enter")
    page.wait_for_url("**/search/?q=avengers")
    page.get_by_role("link", name="The Avengers").first.click()
    page.wait_for_url("**/movies/the-avengers-2012/")
    assert page.title().startswith("Does The Avengers (2012) have end-credit scenes?")


def test_suggestions_appear_while_typing(live_server, page, avengers) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/")
    page.locator("#site-search").press_sequentially("avengrs", delay=30)
    suggestion = page.locator(".suggest-list a", has_text="The Avengers")
    suggestion.wait_for(timeout=10_000)
    suggestion.click()
    page.wait_for_url("**/movies/the-avengers-2012/")


def test_a_quiz_played_end_to_end(live_server, page) -> None:  # type: ignore[no-untyped-def]
    from tests.quizzes.test_quiz import rich_film

    movie = rich_film()
    page.goto(f"{live_server.url}{movie.get_absolute_url()}")
    page.get_by_role("link", name="Take the quiz on Never Let Me Go").click()
    for number in range(1, 12):
        if page.locator(".quiz-score").count():
            break
        page.locator(".quiz-progress", has_text=f"Question {number} of").wait_for()
        page.locator(".quiz-options button").first.click()
        # The next question (or the score) replaces the box once the answer is checked.
        page.locator(f".quiz-progress:has-text('Question {number + 1} of'), .quiz-score").wait_for()
    assert "out of" in page.locator(".quiz-score").inner_text()
    page.screenshot(path="screenshots/quiz_end.png", full_page=True)
