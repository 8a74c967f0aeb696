"""Film and person pages: parse, call a selector, render."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render

from whatsafter.catalog import selectors


def movie_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "catalog/movie_detail.html", {"page": selectors.movie_page(slug=slug)})


def movie_by_tmdb_id(request: HttpRequest, tmdb_id: int) -> HttpResponsePermanentRedirect:
    slug = selectors.movie_slug_by_tmdb_id(tmdb_id=tmdb_id)
    return redirect("catalog:movie", slug=slug, permanent=True)


def movie_by_imdb_id(request: HttpRequest, imdb_id: str) -> HttpResponsePermanentRedirect:
    if not imdb_id.startswith("tt") or not imdb_id[2:].isdigit():
        raise Http404("Not an IMDb title id.")
    slug = selectors.movie_slug_by_imdb_id(imdb_id=imdb_id)
    return redirect("catalog:movie", slug=slug, permanent=True)


def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "catalog/person_detail.html", {"page": selectors.person_page(slug=slug)})
