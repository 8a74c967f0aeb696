"""Home, search results and About: parse, call selectors, render."""

from __future__ import annotations

from pathlib import Path

from django.contrib.sitemaps.views import x_robots_tag
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control

from whatsafter.normalise import normalised_query
from whatsafter.search import selectors as search_selectors
from whatsafter.web import selectors
from whatsafter.web.pagecache import shared_page
from whatsafter.web.sitemaps import sitemap_index_entries


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
    query = normalised_query(request.GET.get("q", ""))
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


def offline(request: HttpRequest) -> HttpResponse:
    """What the service worker shows for a page it has no copy of while there is no signal."""
    return render(request, "web/offline.html")


@cache_control(public=True, max_age=24 * 3600)
def web_app_manifest(request: HttpRequest) -> JsonResponse:
    """The installable app's manifest; a view so the icons' URLs carry their content hash."""
    icons = [
        {"src": static(f"whatsafter/icons/icon-{size}.png"), "sizes": f"{size}x{size}",
         "type": "image/png", "purpose": "any"}
        for size in (192, 512)
    ]  # fmt: skip
    icons.append(
        {"src": static("whatsafter/icons/maskable-512.png"), "sizes": "512x512",
         "type": "image/png", "purpose": "maskable"}
    )  # fmt: skip
    manifest = {
        "name": "What's After",
        "short_name": "What's After",
        "description": "Does this movie have a scene during or after the credits?",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#17141f",
        "theme_color": "#17141f",
        "icons": icons,
    }
    return JsonResponse(manifest, content_type="application/manifest+json")


SERVICE_WORKER = Path(__file__).parent / "static" / "whatsafter" / "sw.js"


@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    """The static sw.js served at the site's root, the only place whose scope covers every page."""
    response = HttpResponse(SERVICE_WORKER.read_bytes(), content_type="text/javascript")
    # The worker's own policy: it fetches the posters pages ask for (their img-src already
    # vetted the host), and a worker's fetch answers to connect-src, not img-src.
    response.headers["Content-Security-Policy"] = "default-src 'none'; connect-src 'self' https:"
    return response


@x_robots_tag
def sitemap_index(request: HttpRequest) -> HttpResponse:
    """Every sitemap page with its own lastmod (Django's index reads every film for one)."""
    base = f"{request.scheme}://{get_current_site(request).domain}"
    entries = sitemap_index_entries(base=base)
    return render(request, "sitemap_index.xml", {"sitemaps": entries}, "application/xml")
