"""System checks that stop the site before it serves on settings that are not safe."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

from whatsafter import secret_key


def production_key_problem() -> str | None:
    """Why the configured SECRET_KEY must not be served with, None when fine or in DEBUG."""
    if settings.DEBUG:
        return None
    try:
        key = settings.SECRET_KEY
    except ImproperlyConfigured:  # Django refuses to hand out an empty key
        key = ""
    return secret_key.key_problem(key)


def production_key_require() -> None:
    """Refuse to start serving (wsgi.py) without a real key."""
    problem = production_key_problem()
    if problem:
        raise ImproperlyConfigured(_advice(problem))


def _advice(problem: str) -> str:
    return (
        f"{problem} and DEBUG is off: set SECRET_KEY in the environment, or run "
        f"`manage.py ensure_secret_key` to write a random one to {settings.SECRET_KEY_FILE}."
    )


# Deploy-only like Django's own key check, so migrate and makemigrations still run on a fresh
# clone; serving is refused by wsgi.py, which runserver and every WSGI server import.
@register(Tags.security, deploy=True)
def secret_key_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    problem = production_key_problem()
    if not problem:
        return []
    return [Error(_advice(problem), id="whatsafter.E001")]
