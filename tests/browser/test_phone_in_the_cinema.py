"""The phone in a dark cinema (issue 15), in a real chromium: the answer on the first screen,
both themes accessible (axe-core), cinema mode's countdown on a simulated clock, pages readable
offline through the service worker, and posters that cannot load logging nothing."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.factories import (
    CompanyFactory,
    CreditFactory,
    CreditSceneFactory,
    EvidenceFactory,
    MovieFactory,
    PersonFactory,
    add_company,
    with_verdict,
)
from whatsafter.aftercredits.models import CreditsTiming

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SHOTS = Path(__file__).resolve().parents[2] / "screenshots"
# Long enough to wrap on a phone, as real synopses do.
SYNOPSIS = " ".join(
    ["A long synopsis sentence that fills the phone's screen line after line."] * 12
)
# Nothing resolves under .invalid: these posters fail to load on every machine.
DEAD_POSTER = (
    "https://image.tmdb.org/t/p/w342/no-such-poster.jpg"  # allowed by the CSP, unreachable here
)


def _film(title: str, slug: str, claim: str | None, source: str = "tmdb_keyword", **fields):  # type: ignore[no-untyped-def]
    movie = MovieFactory(
        title=title, slug=slug, year=2012, overview=SYNOPSIS, poster_url=DEAD_POSTER,
        tagline="A tagline that takes a line of its own.", runtime_minutes=130, **fields,
    )  # fmt: skip
    if claim:
        EvidenceFactory(movie=movie, source=source, claim=claim)
    return movie


@pytest.fixture
def catalogue():  # type: ignore[no-untyped-def]
    """One film in each answer state; the 'yes' one has a long title, three scenes and timing."""
    yes = _film(
        "The Extraordinarily Long-Titled Adventures of a Superhero Team Assembling Again",
        "long-yes-2012", "during", source="editor",
    )  # fmt: skip
    for order, (position, at, length) in enumerate(
        [("during", 137, 50), ("during", 139, None), ("after", 142, 40)], start=1
    ):
        CreditSceneFactory(
            movie=yes, order=order, position=position, at_minute=at, length_seconds=length
        )
    CreditsTiming.objects.create(movie=yes, starts_at_minute=136, length_minutes=7, source="editor")
    no = _film("Quiet Drama", "quiet-drama-2012", "none", source="editor")
    maybe = _film("Probably Nothing", "probably-nothing-2012", "none_recorded")
    unknown = _film("Nobody Knows", "nobody-knows-2012", None)
    studio = CompanyFactory(name="Big Studio", slug="big-studio")
    actor = PersonFactory(name="Ann Actor", slug="ann-actor")
    for movie in (yes, no, maybe, unknown):
        CreditFactory(movie=movie, person=actor, order=0)
        add_company(movie, studio)
        with_verdict(movie)
    return {"yes": yes, "no": no, "probably_not": maybe, "unknown": unknown}


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    """A page in a phone-sized browser context, closed after the test whatever its outcome."""
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


def _wait_until(page, predicate: str, arg: object = None, seconds: float = 15) -> None:  # type: ignore[no-untyped-def]
    """Poll `predicate` from the test side. Playwright's wait_for_function re-runs a string
    predicate through eval inside the page once its first try fails, which the site's
    Content-Security-Policy (no 'unsafe-eval') rightly refuses; page.evaluate is not eval."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(predicate, arg):
        assert time.monotonic() < deadline, f"still false after {seconds} s: {predicate}"
        time.sleep(0.1)


def _box(page, selector: str) -> dict:  # type: ignore[no-untyped-def]
    box = page.locator(selector).first.bounding_box()
    assert box, f"{selector} is not rendered"
    return box


def test_the_answer_is_on_the_first_phone_screen_in_every_state(
    live_server, page, catalogue
) -> None:  # type: ignore[no-untyped-def]
    for status, movie in catalogue.items():
        page.goto(f"{live_server.url}{movie.get_absolute_url()}")
        assert page.locator(".answer").get_attribute("class") == f"answer answer-{status}"
        for part in ("#answer-q", ".answer-word", ".answer-summary"):
            box = _box(page, part)
            assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], (status, part)
        answer_top = _box(page, ".answer")["y"]
        assert answer_top < _box(page, ".movie-poster")["y"], status
        assert answer_top < _box(page, ".synopsis")["y"], status
    # The 'yes' headline carries the count, the summary the positions.
    page.goto(f"{live_server.url}{catalogue['yes'].get_absolute_url()}")
    assert page.locator(".answer-word").inner_text() == "Yes — 3 scenes"
    assert (
        page.locator(".answer-summary").inner_text()
        == "2 during the credits and 1 after the credits."
    )


def test_wide_screens_keep_the_poster_beside_the_title_and_the_answer_below(
    live_server, page, catalogue
) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}{catalogue['yes'].get_absolute_url()}")
    poster, title, answer = _box(page, ".movie-poster"), _box(page, "h1"), _box(page, ".answer")
    assert title["x"] > poster["x"] + poster["width"]
    assert abs(title["y"] - poster["y"]) < 20
    assert answer["y"] >= poster["y"] + poster["height"]


def _pages(live_server, catalogue) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from tests.quizzes.test_quiz import rich_film

    quiz_film = rich_film()
    yes = catalogue["yes"]
    return {
        "home": "/",
        "film": yes.get_absolute_url(),
        "search": "/search/?q=drama",
        "person": "/people/ann-actor/",
        "company": "/companies/big-studio/",
        "latest": "/latest/",
        "quiz": f"/movies/{quiz_film.slug}/quiz/",
        "cinema": f"/movies/{yes.slug}/cinema/",
    }


# The themes share one page structure and differ in colour only, so the dark run checks the
# colour rules; the light run checks everything. Serious and critical violations fail.
COLOUR_RULES = {"runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]}}
DARK_PAPER = "rgb(18, 16, 23)"


def test_no_serious_accessibility_violations_in_either_theme(live_server, page, catalogue) -> None:  # type: ignore[no-untyped-def]
    axe = Axe()
    problems = []
    for name, path in _pages(live_server, catalogue).items():
        page.goto(f"{live_server.url}{path}")
        for scheme, options in (("light", None), ("dark", COLOUR_RULES)):
            page.emulate_media(color_scheme=scheme)
            if name != "cinema":  # the theme really applies (cinema mode is always black)
                paper = page.evaluate("getComputedStyle(document.body).backgroundColor")
                assert (paper == DARK_PAPER) == (scheme == "dark"), (name, scheme)
            results = axe.run(page, options={"resultTypes": ["violations"], **(options or {})})
            for violation in results.response["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    targets = [node["target"] for node in violation["nodes"]][:3]
                    problems.append(f"{name} ({scheme}): {violation['id']} {targets}")
    assert not problems, "\n".join(problems)
    page.goto(f"{live_server.url}{catalogue['yes'].get_absolute_url()}")
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.screenshot(path=str(SHOTS / f"film_phone_{scheme}.png"))


def test_the_theme_toggle_is_remembered_on_the_device(live_server, browser, catalogue) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    url = f"{live_server.url}{catalogue['no'].get_absolute_url()}"
    page.goto(url)
    toggle = page.locator(".theme-toggle")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == DARK_PAPER
    page.goto(f"{live_server.url}/")  # another page, same device: still dark, before any click
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert page.locator(".theme-toggle").get_attribute("aria-pressed") == "true"
    # Choosing what the system says forgets the choice: the page follows the system again.
    page.locator(".theme-toggle").click()
    assert page.evaluate("localStorage.getItem('wa-theme')") is None
    page.emulate_media(color_scheme="dark")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == DARK_PAPER
    context.close()


def test_cinema_mode_counts_down_to_each_scene_and_to_leaving(live_server, page, catalogue) -> None:  # type: ignore[no-untyped-def]
    buzzes = []
    page.expose_function("recordVibration", lambda pattern: buzzes.append(pattern))
    # The phone's vibration motor is outside the machine: record calls instead.
    page.add_init_script("navigator.vibrate = (p) => { window.recordVibration(p); return true; };")
    page.clock.install()
    page.goto(f"{live_server.url}{catalogue['yes'].get_absolute_url()}")
    page.get_by_role("link", name="Cinema mode").click()
    page.wait_for_url("**/long-yes-2012/cinema/")
    assert page.locator(".stay-until").inner_text() == "6 min 40 s"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    vibrate = page.get_by_label("Vibrate 10 seconds before each scene")
    assert not vibrate.is_checked()
    vibrate.check()
    cues = page.locator(".cue .cue-countdown")
    page.get_by_role("button", name="The credits have started").click()
    assert [cues.nth(i).inner_text() for i in range(4)] == [
        "in 1:00",
        "in 3:00",
        "in 6:00",
        "in 6:40",
    ]
    assert page.locator("[data-wake]").inner_text()  # says whether the screen stays on
    page.clock.run_for(49_000)
    assert buzzes == []
    page.clock.run_for(2_000)  # 51 s: scene 1 is 9 s away
    assert len(buzzes) == 1
    page.clock.run_for(14_000)  # 1:05
    assert cues.nth(0).inner_text() == "now"
    assert cues.nth(2).inner_text() == "in 4:55"
    assert page.locator("[data-elapsed]").inner_text() == "The credits started 1:05 ago."
    page.screenshot(path=str(SHOTS / "cinema_phone.png"))
    page.reload()  # the count survives a reload
    assert page.locator("[data-elapsed]").inner_text() == "The credits started 1:05 ago."
    page.clock.run_for(336_000)  # 6:41
    assert cues.nth(0).inner_text() == "over"
    assert cues.nth(3).inner_text() == "you can go"
    page.get_by_role("button", name="Start the count again").click()
    assert page.get_by_role("button", name="The credits have started").is_visible()


def test_cinema_mode_without_javascript_shows_the_answer_and_the_times(
    live_server, browser, catalogue
) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/movies/long-yes-2012/cinema/")
    assert page.locator(".cinema-word").inner_text() == "Yes — 3 scenes"
    assert page.get_by_text("3 min into the credits").is_visible()
    assert not page.get_by_role("button", name="The credits have started").is_visible()
    context.close()


def test_opened_film_and_cinema_pages_read_offline_and_search_says_it_needs_signal(
    live_server, page, catalogue
) -> None:  # type: ignore[no-untyped-def]
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    film = catalogue["yes"].get_absolute_url()
    saved = "async (path) => !!(await (await caches.open('wa-pages-v1')).match(path))"
    for path in (film, f"{film}cinema/"):
        page.goto(f"{live_server.url}{path}")
        _wait_until(page, saved, path)
    # Posters from an unreachable host were asked for through the worker: placeholders, no errors.
    page.goto(f"{live_server.url}{film}")
    _wait_until(page, "() => !document.querySelector('img[data-src]')")
    page.wait_for_load_state("networkidle")
    assert page.locator(".movie-poster svg.placeholder").is_visible()
    assert errors == []

    page.context.set_offline(True)
    page.reload()
    note = page.locator(".offline-note")
    assert re.match(
        r"You are offline: this copy was saved on .+\. The answer may have changed since\.",
        note.inner_text(),
    )
    assert page.locator("time").get_attribute("datetime")
    assert page.locator(".answer-word").inner_text() == "Yes — 3 scenes"
    page.goto(f"{live_server.url}{film}cinema/")
    assert page.locator(".stay-until").inner_text() == "6 min 40 s"
    assert page.locator(".offline-note").is_visible()
    page.goto(f"{live_server.url}/search/?q=drama")
    assert page.get_by_text(
        "Search, and pages you have not opened on this device, need a connection."
    ).is_visible()
    saved_list = page.locator("[data-saved-pages] li")
    saved_list.first.wait_for()
    assert saved_list.count() == 2
    page.goto(f"{live_server.url}{catalogue['no'].get_absolute_url()}")  # never opened
    assert page.locator("h1").inner_text() == "No connection"
