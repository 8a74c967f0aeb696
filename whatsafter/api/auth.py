"""X-API-Key through ninja's own security scheme, so the key shows in the OpenAPI."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import APIKeyHeader

from whatsafter.api.models import ApiClient, hash_key

ANONYMOUS = "anonymous"


class ApiKey(APIKeyHeader):
    """An app's key: its reports speak for its users. A wrong key is refused outright
    rather than treated as anonymous, so an app learns its key stopped working."""

    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> ApiClient | None:
        if key is None:
            return None  # no key: the next scheme (anonymous) decides
        client = ApiClient.objects.filter(key_hash=hash_key(key), active=True).first()
        if client is None:
            raise HttpError(401, "That API key is not valid.")
        return client


def anonymous(request: HttpRequest) -> str:
    """Callers without a key are welcome too; they report as their address."""
    return ANONYMOUS


# For endpoints open to everyone where a key, when sent, identifies the app.
KEY_OPTIONAL = [ApiKey(), anonymous]


def client_of(request: HttpRequest) -> ApiClient | None:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiClient) else None
