"""Film, person and section pages (URL namespace "catalog"): parse, call a selector,
render."""

from __future__ import annotations

import re

from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render

from whatsafter.catalog.forms import page_number
from whatsafter.web import sections, selectors, seo, stamps
from whatsafter.web.pagecache import shared_page
from whatsafter.web.report_views import form_thanks

# ASCII digits only: str.isdigit() also takes "²" and other scripts' digits.
IMDB_TITLE_ID = re.compile(r"tt[0-9]{7,10}")


def _base(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


@shared_page(lambda slug: [stamps.film(slug)])
def movie_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = selectors.movie_page(slug=slug)
    context = {"page": page, "ld": seo.movie_jsonld(page, _base(request))}
    context.update(form_thanks(request))
    return render(request, "catalog/movie_detail.html", context)


def movie_by_tmdb_id(request: HttpRequest, tmdb_id: int) -> HttpResponsePermanentRedirect:
    slug = selectors.movie_slug_by_tmdb_id(tmdb_id=tmdb_id)
    return redirect("catalog:movie", slug=slug, permanent=True)


def movie_by_imdb_id(request: HttpRequest, imdb_id: str) -> HttpResponsePermanentRedirect:
    if not IMDB_TITLE_ID.fullmatch(imdb_id):
        raise Http404("Not an IMDb title id.")
    slug = selectors.movie_slug_by_imdb_id(imdb_id=imdb_id)
    return redirect("catalog:movie", slug=slug, permanent=True)


@shared_page()
def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = selectors.person_page(slug=slug)
    context = {"page": page, "ld": seo.person_jsonld(page, _base(request))}
    return render(request, "catalog/person_detail.html", context)


@shared_page()
def actors(request: HttpRequest) -> HttpResponse:
    order = "az" if request.GET.get("order") == "az" else "popular"
    page = sections.actors_page(order=order, page=page_number(request))
    return render(request, "catalog/actors.html", {"page_obj": page, "order": order})


@shared_page()
def companies(request: HttpRequest) -> HttpResponse:
    page = sections.companies_page(page=page_number(request))
    return render(request, "catalog/companies.html", {"page_obj": page})


@shared_page()
def company_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = sections.company_page(slug=slug)
    ld = seo.company_jsonld(page, _base(request), request.path)
    return render(request, "catalog/company_detail.html", {"page": page, "ld": ld})


@shared_page()
def latest(request: HttpRequest) -> HttpResponse:
    only_with_scenes = request.GET.get("scenes") == "1"
    genre = request.GET.get("genre", "")[:64]
    region = sections.region_code(request.GET.get("region", "")[:8])
    page = sections.latest_page(only_with_scenes=only_with_scenes, genre=genre, region=region)
    context = {"page": page, "only_with_scenes": only_with_scenes, "genre": genre, "region": region}
    return render(request, "catalog/latest.html", context)
