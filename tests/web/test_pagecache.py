"""The whole-page cache through the WSGI application the production server runs: hits skip
Django entirely, every kind of write shows on the page at once, per-visitor state stays right."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client, override_settings

from tests.factories import EvidenceFactory, MovieFactory, PersonFactory, billed, with_verdict
from whatsafter.aftercredits import community
from whatsafter.catalog.models import Movie
from whatsafter.quizzes.services import quiz_availability_refresh, quiz_record
from whatsafter.web import stamps
from whatsafter.web.pagecache import PageCacheApp, code_version
from whatsafter.wsgi import django_application

pytestmark = pytest.mark.django_db


class Page:
    def __init__(self, status: str, headers: list[tuple[str, str]], body: bytes):
        self.status, self.body = status, body
        self.headers = {name.lower(): value for name, value in headers}

    @property
    def text(self) -> str:
        return self.body.decode()


@pytest.fixture
def app(tmp_path: Path) -> Iterator[PageCacheApp]:
    """The production WSGI stack with the page cache on, its stamps in a fresh file."""
    with override_settings(PAGE_CACHE=True, PAGE_STAMPS_FILE=tmp_path / "stamps"):
        stamps.reset_store()
        stamps.Importing.active = False
        try:
            yield PageCacheApp(django_application)
        finally:
            stamps.reset_store()


def get(app: PageCacheApp, path: str, method: str = "GET", **headers: str) -> Page:
    environ: dict[str, Any] = {}
    setup_testing_defaults(environ)
    route, _, query = path.partition("?")
    environ |= {"PATH_INFO": route, "QUERY_STRING": query, "REQUEST_METHOD": method}
    environ |= {"HTTP_HOST": "testserver", **headers}
    started: list[Any] = []
    # As Django's test client does, around each request (a test client request in between
    # connects the handlers again): the test's transaction must survive the request, and on
    # PostgreSQL close_old_connections would close the connection under it.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        result = app(environ, lambda status, hdrs, exc=None: started.extend([status, hdrs]))
        body = b"".join(result)
        if hasattr(result, "close"):
            result.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return Page(started[0], started[1], body)


def test_a_cached_page_is_answered_without_django(
    app: PageCacheApp, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    movie = MovieFactory(title="Cached Film")
    first = get(app, movie.get_absolute_url())
    assert first.status == "200 OK" and "Cached Film" in first.text
    with django_assert_num_queries(0):
        second = get(app, movie.get_absolute_url())
    assert second.body == first.body
    assert second.headers["cache-control"] == "public, max-age=0, s-maxage=5"
    assert second.headers["etag"] and second.headers["last-modified"]
    assert "set-cookie" not in second.headers
    assert "content-security-policy" not in second.headers or (
        second.headers["content-security-policy"] == first.headers["content-security-policy"]
    )


def test_conditional_gets_answer_304(app: PageCacheApp) -> None:
    movie = MovieFactory()
    first = get(app, movie.get_absolute_url())
    by_etag = get(app, movie.get_absolute_url(), HTTP_IF_NONE_MATCH=first.headers["etag"])
    by_date = get(
        app, movie.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=first.headers["last-modified"]
    )
    assert (by_etag.status, by_etag.body) == ("304 Not Modified", b"")
    assert (by_date.status, by_date.body) == ("304 Not Modified", b"")
    assert get(app, movie.get_absolute_url(), HTTP_IF_NONE_MATCH='"other"').status == "200 OK"


def test_an_editor_save_in_the_admin_shows_at_once(app: PageCacheApp, admin_client: Client) -> None:
    movie = EvidenceFactory(claim="none_recorded").movie
    with_verdict(movie)
    assert 'answer-word">Probably not' in get(app, movie.get_absolute_url()).text
    response = admin_client.post(
        "/admin/aftercredits/evidence/add/",
        {
            "movie": movie.pk, "source": "editor", "claim": "after",
            "asserted_at_0": "2026-11-24", "asserted_at_1": "12:00:00", "detail": "watched it",
        },
    )  # fmt: skip
    assert response.status_code == 302
    page = get(app, movie.get_absolute_url()).text
    assert 'answer-word">Yes' in page


def test_a_renamed_film_changes_its_page_and_the_lists(app: PageCacheApp) -> None:
    movie = MovieFactory(title="Old Name")
    EvidenceFactory(movie=movie, claim="after")
    with_verdict(movie)
    assert (
        "Old Name" in get(app, "/").text and "Old Name" in get(app, movie.get_absolute_url()).text
    )
    movie.title = "New Name"
    movie.save()
    assert (
        "New Name" in get(app, "/").text and "New Name" in get(app, movie.get_absolute_url()).text
    )


def test_a_report_that_changes_the_verdict_shows_on_the_film_and_the_lists(
    app: PageCacheApp,
) -> None:
    movie = MovieFactory(title="Reported Film")
    with_verdict(movie)
    home, film = get(app, "/").text, get(app, movie.get_absolute_url()).text
    for n in range(12):
        visitor = community.Visitor(f"visitor-{n}", f"address-{n}")
        community.report_submit(movie=movie, visitor=visitor, choice="after")
    film_after = get(app, movie.get_absolute_url()).text
    assert "12 of 12 viewers agree" in film_after and film_after != film
    assert get(app, "/").text != home  # now among the films with a scene after the credits


def test_a_report_that_leaves_the_verdict_changes_only_its_film(app: PageCacheApp) -> None:
    movie, other = MovieFactory(), MovieFactory()
    with_verdict(movie)
    home = get(app, "/")
    other_page = get(app, other.get_absolute_url())
    community.report_submit(
        movie=movie, visitor=community.Visitor("v", "a"), choice="after", note="Stay for it"
    )
    assert "1 report so far" in get(app, movie.get_absolute_url()).text
    # Untouched pages keep being answered from the cache: the same Last-Modified.
    assert get(app, "/").headers["last-modified"] == home.headers["last-modified"]
    again = get(app, other.get_absolute_url())
    assert again.headers["last-modified"] == other_page.headers["last-modified"]


def test_a_verdict_change_reaches_the_cached_pages_of_films_sharing_its_cast(
    app: PageCacheApp, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    cast = [PersonFactory() for _ in range(3)]
    film, sequel, stranger = MovieFactory(), MovieFactory(title="The Sequel"), MovieFactory()
    billed(film, cast), billed(sequel, cast)
    billed(stranger, cast[:1])  # one shared actor: no relative
    for movie in (film, sequel, stranger):
        with_verdict(movie)
    before = get(app, film.get_absolute_url())
    get(app, stranger.get_absolute_url())
    assert "The Sequel</a>" in before.text and "Credits scene: yes" not in before.text

    EvidenceFactory(movie=sequel, claim="after")
    with_verdict(sequel)

    assert "Credits scene: yes" in get(app, film.get_absolute_url()).text
    with django_assert_num_queries(0):  # a film sharing one actor is still served cached
        get(app, stranger.get_absolute_url())


def test_a_quiz_game_moves_the_average_on_the_film_page(app: PageCacheApp) -> None:
    movie = MovieFactory()
    assert "on average" not in get(app, movie.get_absolute_url()).text
    quiz_record(movie=movie, points=7, questions=10)
    assert "Players get 70% of the answers right" in get(app, movie.get_absolute_url()).text


def test_a_refresh_that_finds_no_quiz_takes_the_link_off_the_cached_page(
    app: PageCacheApp,
) -> None:
    movie = MovieFactory(year=None, runtime_minutes=None, overview="")
    quiz_link = f'href="/movies/{movie.slug}/quiz/"'
    assert quiz_link in get(app, movie.get_absolute_url()).text  # not known yet: offered
    quiz_availability_refresh(movie_ids=[movie.pk])
    page = get(app, movie.get_absolute_url()).text
    assert quiz_link not in page and "No quiz for this film yet" in page


def test_an_import_shows_on_every_page(app: PageCacheApp, subset_dir: Path) -> None:
    before = get(app, "/search/?q=never+let+me+go").text, get(app, "/latest/").text
    call_command("build_sample", "--dir", str(subset_dir), verbosity=0)
    after = get(app, "/search/?q=never+let+me+go").text, get(app, "/latest/").text
    film_link = 'href="/movies/never-let-me-go-2010/"'
    assert film_link not in before[0] and film_link in after[0]
    assert before[1] != after[1]


def test_a_visitor_with_a_pending_message_or_a_session_gets_their_own_page(
    app: PageCacheApp, client: Client
) -> None:
    movie = MovieFactory()
    get(app, movie.get_absolute_url())  # cached for everyone
    response = client.post(f"/movies/{movie.slug}/report/", {"saw": "after"})
    cookies = "; ".join(f"{c.key}={c.value}" for c in response.cookies.values())
    assert "messages=" in cookies
    own = get(app, movie.get_absolute_url(), HTTP_COOKIE=cookies)
    assert "Thank you! Your report counts" in own.text
    assert "Thank you" not in get(app, movie.get_absolute_url()).text
    logged_in = get(app, movie.get_absolute_url(), HTTP_COOKIE="sessionid=abc")
    assert "public" not in logged_in.headers.get("cache-control", "")


def test_hosts_schemes_and_htmx_fragments_are_cached_apart(app: PageCacheApp) -> None:
    MovieFactory(title="Keyed Film")
    full = get(app, "/search/?q=keyed")
    fragment = get(app, "/search/?q=keyed&suggest=1", HTTP_HX_REQUEST="true")
    assert "<html" in full.text and "<html" not in fragment.text
    assert "http://localhost/" in get(app, "/search/?q=keyed", HTTP_HOST="localhost").text
    assert "http://localhost/" not in get(app, "/search/?q=keyed").text


def test_a_deploy_does_not_serve_pages_the_previous_code_rendered(app: PageCacheApp) -> None:
    """Pages outlive a deploy in Redis: the new templates must not find the old pages."""
    movie = MovieFactory(title="Before The Deploy")
    assert "Before The Deploy" in get(app, movie.get_absolute_url()).text
    # A change no write signal reports, so only the key can tell the two renders apart.
    Movie.objects.filter(pk=movie.pk).update(title="After The Deploy")
    assert "Before The Deploy" in get(app, movie.get_absolute_url()).text  # same code: cached
    redeployed = PageCacheApp(django_application)
    redeployed.pages, redeployed.version = app.pages, "new code"  # one store, as in Redis
    assert "After The Deploy" in get(redeployed, movie.get_absolute_url()).text


def test_a_changed_template_changes_the_code_version(tmp_path: Path) -> None:
    template = tmp_path / "web" / "templates" / "page.html"
    template.parent.mkdir(parents=True)
    template.write_text("<h3>{{ region }}</h3>")
    before = code_version(tmp_path)
    assert code_version(tmp_path) == before  # the same files, the same version
    template.write_text("<h3>{{ region|country }}</h3>")
    assert code_version(tmp_path) != before


def test_pages_outside_the_cache_stay_uncached(app: PageCacheApp) -> None:
    movie = MovieFactory()
    quiz = get(app, f"/movies/{movie.slug}/quiz/")
    assert "public" not in quiz.headers.get("cache-control", "")
    missing = get(app, "/movies/no-such-film-1999/")
    assert missing.status.startswith("404") and "public" not in missing.headers.get(
        "cache-control", ""
    )


def test_two_processes_share_one_stamp_file(tmp_path: Path) -> None:
    """What one worker (or an import command) bumps, every other worker's map sees."""
    one, other = stamps.FileStamps(tmp_path / "s"), stamps.FileStamps(tmp_path / "s")
    slot = (stamps.slot_of(stamps.film("x")),)
    seen = other.read(slot)
    one.bump(slot)
    assert other.read(slot) != seen
