"""The Content-Security-Policy on every response, pages, API and static files alike.

Only our own scripts and styles run: no inline script, no inline event handler, no style
attribute, no eval (site.js binds the few behaviours; htmx is told not to inject styles).
SecurityMiddleware sends the other headers (HSTS, nosniff, Referrer-Policy, COOP); frame
denial goes out twice, as frame-ancestors and as X-Frame-Options for older browsers.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def content_security_policy() -> str:
    images = " ".join(["'self'", "data:", *settings.CSP_IMAGE_HOSTS])
    directives = [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        f"img-src {images}",
        "font-src 'self'",
        # htmx's requests, the API docs fetching openapi.json, and the service worker (sw.js
        # runs under this policy too) fetching posters and photos.
        f"connect-src 'self' {' '.join(settings.CSP_IMAGE_HOSTS)}".strip(),
        "manifest-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
    return "; ".join(directives)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.policy = content_security_policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        # Static files leave through WhiteNoise before XFrameOptionsMiddleware sees them.
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response
