"""One-tap reports and corrections from the film page. htmx gets the form's fragment back;
without JS the browser posts the form and lands on the film page again."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods
from django_htmx.middleware import HtmxDetails

from whatsafter.aftercredits import community, ratelimit
from whatsafter.aftercredits import selectors as answers
from whatsafter.aftercredits.forms import report_minute
from whatsafter.catalog.models import Movie
from whatsafter.subtitles import selectors as subtitle_scenes
from whatsafter.web import selectors
from whatsafter.web.origin import same_origin_post

VISITOR_COOKIE = "wa_visitor"
ONE_YEAR = 365 * 24 * 3600


def _visitor(request: HttpRequest) -> tuple[community.Visitor, bool]:
    """The visitor's random id from the signed cookie (a new one if absent or forged)."""
    visitor_id = request.get_signed_cookie(VISITOR_COOKIE, default=None, salt="visitor")
    fresh = visitor_id is None
    if fresh:
        visitor_id = secrets.token_hex(16)
    address = ratelimit.client_address(request)
    return community.Visitor(str(visitor_id), community.address_hash(address)), fresh


def _minute(request: HttpRequest) -> int | None:
    try:
        return report_minute(request.POST)
    except ValueError as unreadable:
        raise community.Refused(str(unreadable)) from None


def _respond(
    request: HttpRequest, movie: Movie, partial: str, message: str, *, ok: bool, status: int = 200
) -> HttpResponse:
    htmx: HtmxDetails | None = getattr(request, "htmx", None)
    # A refused form comes back as it was sent (escaped by the template), so nothing typed
    # is lost and the field the refusal names is in view.
    posted = {} if ok else request.POST
    if htmx:
        context = {
            "movie": movie, f"{partial}_message": message, f"{partial}_ok": ok, "posted": posted,
        }  # fmt: skip
        # htmx swaps only 2xx responses, so a refusal is shown with 200 and its message.
        return render(request, f"catalog/movie_detail.html#{partial}", context)
    if ok:
        # The tag names the box the redirect lands on; the film page shows the thanks there.
        messages.success(request, message, extra_tags=partial)
        return redirect(f"{movie.get_absolute_url()}#{partial}", permanent=False)
    page = selectors.movie_page(slug=movie.slug)
    context = {
        "page": page, f"{partial}_message": message, f"{partial}_ok": False, "posted": posted,
    }  # fmt: skip
    return render(request, "catalog/movie_detail.html", context, status=status)


Submit = Callable[[HttpRequest, Movie, community.Visitor], str]


def _visitor_submission(partial: str) -> Callable[[Submit], Callable[..., HttpResponse]]:
    """A form a visitor posts from a film page. The decorated function only reads the form
    and calls the service, returning its thanks; this answers with the form's fragment or
    the page, shows a refusal with its status (and Retry-After when a limit was hit), and
    gives a new visitor their cookie."""

    def decorate(submit: Submit) -> Callable[..., HttpResponse]:
        @same_origin_post
        @require_http_methods(["GET", "HEAD", "POST"])
        @wraps(submit)
        def view(request: HttpRequest, slug: str) -> HttpResponse:
            movie = get_object_or_404(Movie, slug=slug)
            if request.method != "POST":
                # A refused post without JS leaves this address in the address bar; opened
                # again it leads to the form on the film page rather than a blank 405.
                return redirect(f"{movie.get_absolute_url()}#{partial}", permanent=False)
            visitor, fresh = _visitor(request)
            try:
                thanks = submit(request, movie, visitor)
                response = _respond(request, movie, partial, thanks, ok=True)
            except community.Refused as refused:
                response = _respond(
                    request, movie, partial, refused.message, ok=False, status=refused.status
                )
                if refused.retry_after:
                    response["Retry-After"] = str(refused.retry_after)
            if fresh:
                response.set_signed_cookie(
                    VISITOR_COOKIE, visitor.visitor_id, salt="visitor", max_age=ONE_YEAR,
                    httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE,
                )  # fmt: skip
            return response

        return view

    return decorate


@_visitor_submission("report")
def report(request: HttpRequest, movie: Movie, visitor: community.Visitor) -> str:
    community.report_submit(
        movie=movie,
        visitor=visitor,
        choice=request.POST.get("saw", ""),
        note=request.POST.get("note", ""),
        at_minute=_minute(request),
    )
    return "Thank you! Your report counts toward the answer."


@_visitor_submission("correction")
def correction(request: HttpRequest, movie: Movie, visitor: community.Visitor) -> str:
    community.correction_submit(
        movie=movie,
        visitor=visitor,
        field=request.POST.get("field", ""),
        proposal=request.POST.get("proposal", ""),
    )
    return "Thank you. An editor will look at it."


FORM_BOXES = ("report", "correction")


def form_thanks(request: HttpRequest) -> dict[str, object]:
    """The thanks a form's post left for the film page (without JS), as the context its box
    shows, the same as htmx's fragment: the message in place of the form."""
    context: dict[str, object] = {}
    for message in messages.get_messages(request):
        if message.extra_tags in FORM_BOXES:
            context[f"{message.extra_tags}_message"] = message.message
            context[f"{message.extra_tags}_ok"] = True
    return context


def cinema(request: HttpRequest, slug: str) -> HttpResponse:
    """Cinema mode: the answer and its times on a black screen, for the seat as the credits roll."""
    page = answers.cinema_page(slug=slug, timed=subtitle_scenes.scenes_after_credits_start)
    return render(request, "aftercredits/cinema.html", {"page": page})
