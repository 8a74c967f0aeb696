"""Home, search results and About: parse, call selectors, render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from whatsafter.catalog import selectors
from whatsafter.search import selectors as search_selectors
from whatsafter.web.pagecache import shared_page


@shared_page()
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/home.html",
        {
            "recent": selectors.recent_releases(),
            "with_scenes": selectors.popular_with_scenes(),
        },
    )


@shared_page()
def search(request: HttpRequest) -> HttpResponse:
    """The results page, or with htmx just the suggestions under the header box."""
    query = selectors.normalised_query(request.GET.get("q", ""))
    suggesting = bool(getattr(request, "htmx", False)) and request.GET.get("suggest") == "1"
    results = search_selectors.search(query, limit=5 if suggesting else 50, suggest=suggesting)
    template = "web/search.html#suggestions" if suggesting else "web/search.html"
    return render(request, template, {"query": query, "results": results})


@shared_page()
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "web/about.html")


def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawl everything but the admin, the API and search results; point at the sitemap."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
