"""Home, search results and About: parse, call selectors, render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from whatsafter.catalog import selectors


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/home.html",
        {
            "recent": selectors.recent_releases(),
            "with_scenes": selectors.popular_with_scenes(),
        },
    )


def search(request: HttpRequest) -> HttpResponse:
    query = selectors.normalised_query(request.GET.get("q", ""))
    results = selectors.title_search(query=query) if query else []
    return render(request, "web/search.html", {"query": query, "results": results})


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "web/about.html")
