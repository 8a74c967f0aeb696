"""One settings module. Production differs only by the env vars listed in .env.example."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

from whatsafter import secret_key

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


# Off unless asked for: a forgotten variable must not serve tracebacks. `make dev` and the
# tests turn it on.
DEBUG = env_bool("DEBUG", default=False)
# From the environment, else from this untracked file (`manage.py ensure_secret_key` writes a
# random one). With DEBUG off a missing, published or short key stops wsgi.py and the system
# checks (whatsafter.E001); with DEBUG on a published development key stands in.
SECRET_KEY_FILE = Path(env_str("SECRET_KEY_FILE", str(BASE_DIR / "var" / "secret_key")))
SECRET_KEY = secret_key.key_read(environ_value=os.environ.get("SECRET_KEY"), path=SECRET_KEY_FILE)
if not SECRET_KEY and DEBUG:
    SECRET_KEY = secret_key.DEVELOPMENT_KEY
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_htmx",
    "template_partials",
    "ninja",  # serves Swagger UI from its own static files, not a CDN
    "axes",  # admin login lockout
    "whatsafter.catalog",
    "whatsafter.aftercredits",
    "whatsafter.ratings",
    "whatsafter.watch",
    "whatsafter.ingest",
    "whatsafter.web",
    "whatsafter.api",
    "whatsafter.search",
    "whatsafter.quizzes",
    "whatsafter.subtitles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whatsafter.web.headers.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETag on every GET and 304 for a matching If-None-Match, pages and API alike.
    "django.middleware.http.ConditionalGetMiddleware",
    "whatsafter.api.middleware.ApiHeadersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: answers a locked-out admin login with 429.
    "axes.middleware.AxesMiddleware",
    # Innermost, so a view's database fault is a 503 before any other middleware sees it.
    "whatsafter.web.faults.DatabaseFaultMiddleware",
]

ROOT_URLCONF = "whatsafter.urls"
WSGI_APPLICATION = "whatsafter.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite by default so a fresh machine needs no server; DATABASE_URL switches to PostgreSQL.
SQLITE_PATH = Path(env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")))
DATABASE_URL = env_str("DATABASE_URL")
# Database faults: how long a write waits for SQLite's lock, and for a PostgreSQL
# connection, before the visitor gets a 503 with Retry-After (whatsafter/web/faults.py).
DB_LOCK_WAIT_SECONDS = float(env_str("DB_LOCK_WAIT_SECONDS", "1"))
DB_CONNECT_TIMEOUT = int(env_str("DB_CONNECT_TIMEOUT", "2"))
if DATABASE_URL:
    # Health checks: a connection kept across requests is tested before reuse, so the
    # first request after a database restart is served, not failed.
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", DB_CONNECT_TIMEOUT)
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(SQLITE_PATH),
            "OPTIONS": {
                # WAL lets readers keep serving pages while an import writes.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
                # A write waits this long for another writer's lock, then fails as a 503.
                "timeout": DB_LOCK_WAIT_SECONDS,
                "transaction_mode": "IMMEDIATE",
            },
        }
    }

# Caches (docs/DECISIONS.md, "Serving"). "default": per-process local memory, or Redis when
# REDIS_URL is set. "shared": counters every worker process and server must agree on (rate
# limits): Redis when set, else a table in the database, which all local workers share.
# Redis errors never fail a request: the backend logs an outage once and the caller sees a miss.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    _redis = {
        "BACKEND": "whatsafter.web.rediscache.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.25, "SOCKET_TIMEOUT": 0.5},
    }
    CACHES = {"default": _redis, "shared": {**_redis, "KEY_PREFIX": "shared"}}
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "shared": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "whatsafter_shared_cache",
        },
    }
# Whole anonymous pages (whatsafter/web/pagecache.py): how long an entry may live at most
# (it is invalidated on every write under it long before), how long nginx or any shared cache
# may reuse a page without asking (the micro-cache's staleness bound), the per-process memory
# budget without Redis, and the file of generation stamps the local workers share.
PAGE_CACHE = env_bool("PAGE_CACHE", default=not DEBUG)
PAGE_CACHE_SECONDS = int(env_str("PAGE_CACHE_SECONDS", "300"))
PAGE_SHARED_MAX_AGE = int(env_str("PAGE_SHARED_MAX_AGE", "5"))
PAGE_CACHE_MAX_BYTES = int(env_str("PAGE_CACHE_MAX_BYTES", str(64 * 1024 * 1024)))
PAGE_STAMPS_FILE = Path(env_str("PAGE_STAMPS_FILE", str(BASE_DIR / "var" / "page-stamps")))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# After `collectstatic` (make run, whatsafter serve) static files are served under hashed
# names, pre-compressed, with a one-year immutable Cache-Control (WhiteNoise).
STATIC_HASHED = env_bool("STATIC_HASHED", default=(STATIC_ROOT / "staticfiles.json").exists())
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whatsafter.web.storage.HashedStaticFiles"
        if STATIC_HASHED
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Security. Cookies are Secure unless DEBUG (browsers keep Secure cookies on
# http://127.0.0.1, so `make run` works); SecurityMiddleware sends HSTS on HTTPS requests,
# nosniff, Referrer-Policy and COOP; whatsafter.web.headers adds the Content-Security-Policy.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = int(env_str("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind nginx (deploy/), which terminates TLS: trust its X-Forwarded-Proto and redirect
# plain HTTP. Off by default so `make run` serves http://127.0.0.1:8000.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
if env_bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Addresses of reverse proxies (nginx) whose X-Forwarded-For names the real client; rate
# limits and the admin lockout count that client, not the proxy. Empty: REMOTE_ADDR.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
# Admin login: after ADMIN_LOGIN_FAILURES wrong passwords from one address, that address is
# locked out for ADMIN_LOCKOUT_MINUTES (django-axes, counted in the database so every worker
# and app server sees the same count).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(env_str("ADMIN_LOGIN_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env_str("ADMIN_LOCKOUT_MINUTES", "60")))
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "whatsafter.aftercredits.ratelimit.client_address"
AXES_VERBOSE = False
# Hosts the Content-Security-Policy lets posters and photos load from (TMDb, Wikimedia).
CSP_IMAGE_HOSTS = env_list("CSP_IMAGE_HOSTS", "https://image.tmdb.org,https://upload.wikimedia.org")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# What's After's own settings.
SAMPLE_DATA_DIR = Path(env_str("SAMPLE_DATA_DIR", str(BASE_DIR / "data" / "sample")))
# "Recently released" is relative to this date; the sample data ends years ago, so tests
# and demos can pin it. Empty means today.
WHATSAFTER_NOW = env_str("WHATSAFTER_NOW")

# Importers. Base URLs are settings so an operator can use a mirror and tests a local server.
TMDB_API_URL = env_str("TMDB_API_URL", "https://api.themoviedb.org/3")
TMDB_API_KEY = env_str("TMDB_API_KEY")
OMDB_API_URL = env_str("OMDB_API_URL", "https://www.omdbapi.com/")
OMDB_API_KEY = env_str("OMDB_API_KEY")
# Raw API responses are cached here so a re-run does not refetch and a killed run resumes.
IMPORT_CACHE_DIR = Path(env_str("IMPORT_CACHE_DIR", str(BASE_DIR / "var" / "import-cache")))
# Per request to TMDb and OMDb: seconds before giving up, and retries after a 5xx,
# a timeout or a dropped connection (with exponential backoff from 1 s).
IMPORT_HTTP_TIMEOUT = float(env_str("IMPORT_HTTP_TIMEOUT", "10"))
IMPORT_HTTP_RETRIES = int(env_str("IMPORT_HTTP_RETRIES", "4"))
# OMDb answers older than this many days are fetched again by `import omdb`.
OMDB_STALE_DAYS = int(env_str("OMDB_STALE_DAYS", "30"))
# IMDb's tvMovie titles become films too when set.
IMPORT_TV_MOVIES = env_bool("IMPORT_TV_MOVIES", default=False)
# Staged rows per IMDb merge transaction: bigger is faster, smaller holds SQLite's write
# lock for less time while the site serves.
IMDB_MERGE_BATCH = int(env_str("IMDB_MERGE_BATCH", "200000"))
WHITENOISE_USE_FINDERS = True  # serve app static files without a collectstatic step

# Community reports and corrections: writes per address per hour before 429.
REPORTS_PER_HOUR = int(env_str("REPORTS_PER_HOUR", "20"))

# Anonymous JSON API reads per address per minute before 429.
API_READS_PER_MINUTE = int(env_str("API_READS_PER_MINUTE", "120"))
