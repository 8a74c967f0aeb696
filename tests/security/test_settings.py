"""Production settings: DEBUG off by default, no serving on a missing or published key,
a random key written once, and Django's deploy checks clean."""

from __future__ import annotations

import os
import secrets
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from whatsafter.web.checks import production_key_require

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = secrets.token_urlsafe(64)


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a fresh production install: no DEBUG, no key, unless given."""
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE is the test process's, not production's.
    dropped = ("DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env |= {"SECRET_KEY_FILE": str(tmp_path / "secret_key"), "SQLITE_PATH": str(tmp_path / "db")}
    return env | extra


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603  (our own interpreter and manage.py)
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603  (our own interpreter and manage.py)
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=120, check=False,
    )  # fmt: skip


def test_debug_is_off_and_the_site_refuses_to_start_without_a_key(tmp_path: Path) -> None:
    started = run_python(
        "from django.conf import settings; import os;"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'whatsafter.settings';"
        "print('DEBUG', settings.DEBUG, settings.SESSION_COOKIE_SECURE,"
        " settings.CSRF_COOKIE_SECURE, settings.SESSION_COOKIE_SAMESITE);"
        "import whatsafter.wsgi",
        production_env(tmp_path),
    )
    assert "DEBUG False True True Lax" in started.stdout
    assert started.returncode != 0
    assert "ImproperlyConfigured" in started.stderr
    assert "ensure_secret_key" in started.stderr


@pytest.mark.parametrize(
    "key",
    [
        "",
        "dev-only-insecure-key-set-SECRET_KEY-in-production",  # the key settings.py shipped
        "django-insecure-" + "x1y2z3" * 10,
        "too-short-a-key",
        "a" * 80,
    ],
)
def test_production_refuses_missing_published_or_weak_keys(settings, key: str) -> None:
    settings.DEBUG = False
    settings.SECRET_KEY = key
    with pytest.raises(ImproperlyConfigured):
        production_key_require()


def test_production_accepts_a_random_key(settings) -> None:
    settings.DEBUG = False
    settings.SECRET_KEY = GOOD_KEY
    production_key_require()


def test_ensure_secret_key_writes_a_private_random_key_once(settings, tmp_path: Path) -> None:
    path = tmp_path / "var" / "secret_key"
    settings.SECRET_KEY_FILE = path
    os.environ.pop("SECRET_KEY", None)
    call_command("ensure_secret_key")
    first = path.read_text().strip()
    assert len(first) >= 50
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    call_command("ensure_secret_key")
    assert path.read_text().strip() == first


def test_the_written_key_lets_production_start(tmp_path: Path) -> None:
    env = production_env(tmp_path)
    made = manage("ensure_secret_key", env=env)
    assert made.returncode == 0, made.stderr
    started = run_python("import whatsafter.wsgi; print('served')", env)
    assert started.returncode == 0, started.stderr
    assert "served" in started.stdout


def test_check_deploy_is_clean_with_the_production_env(tmp_path: Path) -> None:
    env = production_env(
        tmp_path, SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="whatsafter.example",
        SECURE_SSL_REDIRECT="true", BEHIND_TLS_PROXY="true",
    )  # fmt: skip
    checked = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_check_deploy_flags_the_published_key(tmp_path: Path) -> None:
    env = production_env(
        tmp_path, SECRET_KEY="dev-only-insecure-key-set-SECRET_KEY-in-production",
        ALLOWED_HOSTS="whatsafter.example", SECURE_SSL_REDIRECT="true",
    )  # fmt: skip
    checked = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert checked.returncode != 0
    assert "whatsafter.E001" in checked.stderr
