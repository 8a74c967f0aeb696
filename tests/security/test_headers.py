"""Security headers on every page type, the API and static files; markup that a strict
Content-Security-Policy can run (no inline script, handler or style)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.quizzes.test_quiz import rich_film
from whatsafter.catalog.models import Company, Person

pytestmark = pytest.mark.django_db

PAGES = [
    "/", "/search/?q=never", "/about/", "/latest/", "/actors/", "/companies/",
    "/movies/never-let-me-go-2010/", "/movies/never-let-me-go-2010/quiz/",
    "/people/carey-mulligan/", "/companies/dna-films/", "/no-such-page/",
]  # fmt: skip
API = ["/api/v1/movies/never-let-me-go-2010", "/api/v1/nothing-here", "/api/v1/docs"]
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
# JSON data blocks (JSON-LD, Swagger's settings) are not run, so the policy allows them.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.I)


@pytest.fixture
def site(client: Client) -> Client:
    rich_film()
    Person.objects.filter(name="Carey Mulligan").update(slug="carey-mulligan")
    Company.objects.filter(name="DNA Films").update(slug="dna-films")
    return client  # with the slugs PAGES names


def assert_security_headers(response) -> None:  # type: ignore[no-untyped-def]
    csp = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert "unsafe" not in csp
    hsts = response["Strict-Transport-Security"]
    assert int(re.search(r"max-age=(\d+)", hsts).group(1)) >= 15552000  # type: ignore[union-attr]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize("path", [*PAGES, *API])
def test_every_page_and_api_response_carries_the_security_headers(site: Client, path: str) -> None:
    response = site.get(path, secure=True)
    assert response.status_code in (200, 404), path
    assert_security_headers(response)


def test_static_files_carry_them_too(client: Client) -> None:
    response = client.get("/static/whatsafter/site.js", secure=True)
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.parametrize("path", [*PAGES, "/api/v1/docs"])
def test_pages_have_no_inline_script_handler_or_style(site: Client, path: str) -> None:
    html = site.get(path).content.decode()
    assert not INLINE_HANDLER.search(html), INLINE_HANDLER.search(html)
    assert not INLINE_SCRIPT.search(html), INLINE_SCRIPT.search(html)
    assert not STYLE_ATTRIBUTE.search(html), STYLE_ATTRIBUTE.search(html)


def test_the_visitor_cookie_is_secure_httponly_and_samesite(site: Client, settings) -> None:
    settings.SESSION_COOKIE_SECURE = True
    response = site.post("/movies/never-let-me-go-2010/report/", {"saw": "after"})
    cookie = response.cookies["wa_visitor"]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"
