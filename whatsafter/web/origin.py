"""Cross-site request forgery protection that needs no per-visitor token in the page.

The film page is cached whole and shared by every anonymous visitor, so its forms cannot
carry a token tied to one visitor's cookie (a token everyone can read protects nothing).
Instead the receiving view refuses a POST that a browser says came from another site:
`Sec-Fetch-Site` (every current browser), else `Origin`, else `Referer`. A request with none of
them did not come from a browser page, so it cannot be a forgery riding a visitor's browser.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt


def from_this_site(request: HttpRequest) -> bool:
    site = request.META.get("HTTP_SEC_FETCH_SITE")
    if site is not None:
        return site in ("same-origin", "none")
    here = f"{request.scheme}://{request.get_host()}"
    trusted = {here, *settings.CSRF_TRUSTED_ORIGINS}
    origin = request.META.get("HTTP_ORIGIN")
    if origin is not None:
        return origin in trusted
    referer = request.META.get("HTTP_REFERER")
    if referer:
        parts = urlsplit(referer)
        return f"{parts.scheme}://{parts.netloc}" in trusted
    return True


def same_origin_post(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Use instead of the CSRF token on forms that live in shared, cached pages."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD", "OPTIONS") and not from_this_site(request):
            return HttpResponseForbidden("This form can only be sent from this site's pages.")
        return view(request, *args, **kwargs)

    return csrf_exempt(wrapper)
