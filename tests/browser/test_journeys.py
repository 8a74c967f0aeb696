"""The main journeys in Debian's chromium against a real server process.

Each page walked must raise no console error, no uncaught script error and no
Content-Security-Policy violation; screenshots land in test-artefacts/browser/ (or
$WHATSAFTER_ARTEFACTS) for a person to look at; button texts are read, not just found.
The server runs with production settings (DEBUG off) on a copy of the test's data.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.factories import (
    CompanyFactory,
    CreditSceneFactory,
    EvidenceFactory,
    GenreFactory,
    MovieFactory,
    add_company,
    with_verdict,
)
from tests.live import database_env, server_process, server_rows
from whatsafter.aftercredits.list_counts import list_counts_refresh
from whatsafter.aftercredits.models import Evidence
from whatsafter.catalog.models import Company, Release

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
ARTEFACTS = Path(os.environ.get("WHATSAFTER_ARTEFACTS", ROOT / "test-artefacts")) / "browser"
NOW = dt.date(2016, 6, 1)
# A poster on TMDb's image server, which is outside the machine (and unreachable in CI):
# the journeys get it from a stand-in; one test leaves it unreachable on purpose.
TMDB_IMAGES = "https://image.tmdb.org/"
POSTER = f"{TMDB_IMAGES}t/p/w342/never-let-me-go.jpg"
STAND_IN_POSTER = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 300">'
    '<rect width="200" height="300" fill="#335"/>'
    '<text x="20" y="150" fill="#fff">Poster</text></svg>'
)
# "Take the The Avengers quiz": an article written before a title that has its own.
DOUBLED_ARTICLE = re.compile(r"\b(the|a|an) (the|a|an)\b", re.IGNORECASE)
# Reports every CSP violation to the console, where the listener below picks it up.
CSP_PROBE = """
document.addEventListener('securitypolicyviolation', (e) => {
  console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline'));
});
"""


def build_catalogue() -> None:
    from tests.quizzes.test_quiz import rich_film

    film = rich_film()  # Never Let Me Go, with cast, plot, genres and a company: a quiz
    Evidence.objects.filter(movie=film).delete()
    EvidenceFactory(movie=film, claim="after")
    CreditSceneFactory(
        movie=film, position="after", order=1, description="Kathy drives away from the field."
    )
    film.poster_url = POSTER
    film.save()
    with_verdict(film)
    studio = Company.objects.get(name="DNA Films")
    studio.slug = "dna-films"
    studio.save()
    for year, claim in ((2002, "after"), (2005, "none_recorded"), (2007, "after")):
        movie = EvidenceFactory(
            claim=claim, movie__year=year, movie__release_date=dt.date(year, 3, 1)
        ).movie
        add_company(with_verdict(movie), studio)
    horror = GenreFactory(name="Horror", slug="horror")
    for title, released, claim in (
        ("Now Showing", NOW - dt.timedelta(days=10), "after"),
        ("Quiet Release", NOW - dt.timedelta(days=12), "none_recorded"),
        ("Coming Next", NOW + dt.timedelta(days=20), "after"),
    ):
        movie = EvidenceFactory(
            claim=claim, movie__title=title, movie__release_date=released, movie__year=2016
        ).movie
        movie.genres.add(horror)
        Release.objects.create(
            movie=movie, region="GB", kind=3, release_date=released, source="tmdb"
        )
        with_verdict(movie)
    MovieFactory(title="Other Genre Now", release_date=NOW - dt.timedelta(days=5), year=2016)
    CompanyFactory(name="No Films Yet")
    list_counts_refresh()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    build_catalogue()
    env = {**database_env(tmp_path), "WHATSAFTER_NOW": NOW.isoformat()}
    with server_process(env, tmp_path) as url:
        yield url, env


@pytest.fixture
def site(server: tuple[str, dict[str, str]]) -> str:
    return server[0]


class Watched:
    """A browser tab that records what a visitor never should see go wrong."""

    def __init__(self, browser, name: str, *, tmdb_online: bool = True) -> None:  # type: ignore[no-untyped-def]
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.add_init_script(CSP_PROBE)
        if tmdb_online:
            self.context.route(
                f"{TMDB_IMAGES}**",
                lambda route: route.fulfill(content_type="image/svg+xml", body=STAND_IN_POSTER),
            )
        self.page = self.context.new_page()
        self.name = name
        self.problems: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        self.shots = 0

    def _console(self, message) -> None:  # type: ignore[no-untyped-def]
        if message.type in ("error", "assert"):
            self.problems.append(f"console {message.type}: {message.text} at {message.location}")

    def check(self, step: str) -> None:
        """No problem so far; a screenshot of this step; readable button texts."""
        self.shots += 1
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTEFACTS / f"{self.name}-{self.shots:02d}-{step}.png"
        self.page.screenshot(path=str(path), full_page=True)
        texts = self.page.locator("button:visible, a.button:visible").all_inner_texts()
        for text in texts:
            assert text.strip(), f"{step}: a button without text"
            assert not DOUBLED_ARTICLE.search(text), f"{step}: button reads {text!r}"
        assert self.problems == [], f"{step}: {self.problems}"

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def tab(browser, request) -> Iterator[Watched]:  # type: ignore[no-untyped-def]
    watched = Watched(browser, request.node.name.removeprefix("test_"))
    yield watched
    watched.close()


def test_from_home_to_a_finished_quiz(
    server: tuple[str, dict[str, str]], tab: Watched, browser
) -> None:  # type: ignore[no-untyped-def]
    site, env = server
    page = tab.page
    page.goto(f"{site}/")
    tab.check("home")

    page.fill("#site-search", "nevr let me go")  # a typo
    page.press("#site-search", "Enter")
    page.wait_for_url("**/search/?q=nevr+let+me+go")
    tab.check("search")
    page.get_by_role("link", name="Never Let Me Go").first.click()
    page.wait_for_url("**/movies/never-let-me-go-2010/")
    assert "Yes" in page.locator(".answer-word").inner_text()
    tab.check("film")

    scene = page.get_by_text("Kathy drives away from the field.")
    assert not scene.is_visible()
    page.get_by_text("Show what happens (spoiler)").click()
    assert scene.is_visible()
    tab.check("spoiler")

    report = page.locator("#report")
    report.get_by_role("button", name="A scene after the credits").click()
    report.get_by_text("Thank you! Your report counts").wait_for()
    stored = "SELECT count(*) FROM aftercredits_report WHERE saw_after"
    assert server_rows(env, stored) == [(1,)]
    tab.check("reported")

    page.get_by_role("link", name="Take the quiz on Never Let Me Go").click()
    page.wait_for_url("**/quiz/")
    for number in range(1, 12):
        if page.locator(".quiz-score").count():
            break
        page.locator(".quiz-progress", has_text=f"Question {number} of").wait_for()
        if number == 1:
            tab.check("quiz")
        page.locator(".quiz-options button").first.click()
        page.locator(f".quiz-progress:has-text('Question {number + 1} of'), .quiz-score").wait_for()
    assert re.fullmatch(r"You scored \d+ out of \d+\.", page.locator(".quiz-score").inner_text())
    share = page.locator("input.share").input_value()
    assert not DOUBLED_ARTICLE.search(share), share
    tab.check("quiz-end")
    check_an_unreachable_poster(site, browser)


def visit_a_person_page(site: str, tab: Watched) -> None:
    page = tab.page
    page.goto(f"{site}/movies/never-let-me-go-2010/")
    page.get_by_role("link", name="Carey Mulligan").first.click()
    page.wait_for_url("**/people/**")
    assert page.locator("h1").inner_text() == "Carey Mulligan"
    assert page.get_by_role("link", name="Never Let Me Go").count() >= 1
    tab.check("person")


def visit_a_company_page_with_its_chart(site: str, tab: Watched) -> None:
    page = tab.page
    page.goto(f"{site}/companies/")
    rows = page.locator("table tr", has_text="DNA Films")
    assert rows.count() == 1 and "4" in rows.inner_text()  # its four films, counted
    tab.check("companies")
    page.get_by_role("link", name="DNA Films").click()
    page.wait_for_url("**/companies/dna-films/")
    chart = page.locator("figure.chart svg")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 50
    # 2002 to 2010: one bar per year, empty years included; three films with a scene.
    assert page.locator("rect.bar-all").count() == 9
    assert page.locator("rect.bar-scenes").count() == 3
    tab.check("company")


def filter_latest(site: str, tab: Watched) -> None:
    page = tab.page
    page.goto(f"{site}/latest/")
    now = page.locator("section[aria-labelledby='now-h']")
    assert {"Now Showing", "Quiet Release", "Other Genre Now"} <= set(
        now.locator(".card-title, h3").all_inner_texts()
    ) or "Other Genre Now" in now.inner_text()
    tab.check("latest")
    page.check("input[name='scenes']")
    page.select_option("select[name='genre']", "horror")
    page.select_option("select[name='region']", "GB")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/latest/?scenes=1&genre=horror&region=GB")
    text = now.inner_text()
    assert "Now Showing" in text and "Quiet Release" not in text and "Other Genre" not in text
    assert "Coming Next" in page.locator("section[aria-labelledby='soon-h']").inner_text()
    assert page.locator("input[name='scenes']").is_checked()
    tab.check("latest-filtered")


def test_people_companies_and_latest(site: str, tab: Watched) -> None:
    """The other sections, on the same server (each journey starts a server process)."""
    visit_a_person_page(site, tab)
    visit_a_company_page_with_its_chart(site, tab)
    filter_latest(site, tab)


def check_an_unreachable_poster(site: str, browser) -> None:  # type: ignore[no-untyped-def]
    """Offline (as in CI), TMDb's image server cannot be reached: still no console error."""
    tab = Watched(browser, "offline-poster", tmdb_online=False)
    try:
        film = f"{site}/movies/never-let-me-go-2010/"
        tab.page.goto(film)
        # Posters are requested once the service worker controls the page, so that a
        # failed one can be answered without an error: the second visit loads them.
        tab.page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        tab.page.goto(film)
        tab.page.wait_for_load_state("networkidle")
        poster = tab.page.locator(".movie-poster")
        assert poster.locator("img.poster-real[src]").count() == 1  # it was tried
        assert poster.locator("svg.placeholder").is_visible()
        tab.check("offline-poster")
    finally:
        tab.close()
