"""Settings for exosite, read top to bottom.

Every value that differs between a laptop and production comes from an
environment variable with the same name. The defaults are the safe ones:
DEBUG is off, and without DEBUG the site refuses to start until it has a
SECRET_KEY. With nothing set but DEBUG=1 it runs on a SQLite file in the
project folder.
"""

import os
import socket
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1/true/yes/on or 0/false/no/off, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Core -------------------------------------------------------------------

DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. In production, set the SECRET_KEY environment variable to "
            'a long random string (for example the output of: python -c "import secrets; '
            'print(secrets.token_urlsafe(50))"). For local development, set DEBUG=1 instead.'
        )
    SECRET_KEY = "insecure-development-key-only-used-when-DEBUG-is-on"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Public address of the site, used where a full URL is needed (canonical links, sitemaps).
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",  # full-text search on PostgreSQL; harmless on SQLite
    "django.contrib.sitemaps",
]
THIRD_PARTY_APPS = ["markdownx", "simple_history"]
# exosite: the project and its shared machinery; then the apps, one job each.
LOCAL_APPS = ["exosite", "articles", "faq", "tools", "feedback"]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    # X-Forwarded-* count only from the proxies in FORWARDED_ALLOW_IPS, before anything reads them.
    "exosite.web.security.ForwardedHeadersMiddleware",
    # Every response and log line carries the request's id (exosite.web.logs).
    "exosite.web.logs.RequestIdMiddleware",
    # Security headers go on every response, static files and cached pages included.
    "django.middleware.security.SecurityMiddleware",
    "exosite.web.security.SecurityHeadersMiddleware",
    # Django's Content-Security-Policy, the policy written once for pages without a nonce.
    "exosite.web.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag and Last-Modified, and 304 Not Modified, for cached pages as for fresh ones.
    "django.middleware.http.ConditionalGetMiddleware",
    # Anonymous readers get rendered pages from the cache, before sessions are touched.
    "exosite.web.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Too large a body is refused from its Content-Length, before the CSRF check reads it.
    "exosite.web.security.RequestBodyLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "exosite.web.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "exosite.urls"
WSGI_APPLICATION = "exosite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "exosite.context_processors.site",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
# DATABASE_URL absent: a SQLite file in the project. postgres://user@host:5432/name: PostgreSQL.

DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
if DATABASE_URL:
    try:
        DATABASES = {
            "default": dj_database_url.parse(
                DATABASE_URL, conn_max_age=600, conn_health_checks=True
            )
        }
    except (ValueError, KeyError) as error:
        raise ImproperlyConfigured(
            f"DATABASE_URL could not be understood ({error}). Use postgres://USER:PASSWORD@HOST:PORT/"
            "NAME for PostgreSQL, or leave it unset for the local SQLite file."
        ) from None
    if DATABASES["default"]["ENGINE"] not in {
        "django.db.backends.postgresql",
        "django.db.backends.sqlite3",
    }:
        raise ImproperlyConfigured(
            "DATABASE_URL must point at PostgreSQL (postgres://...) or SQLite (sqlite:///path)."
        )
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            # One connection per worker thread, kept between requests.
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
        }
    }

# A database that hangs must not hang the site: connecting, waiting for a lock and running
# one statement each give up after these many seconds (0: wait for ever), and the request
# gets the 503 page or a cached copy. Long one-off commands can set them to 0.
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 3)
DATABASE_LOCK_TIMEOUT = env_int("DATABASE_LOCK_TIMEOUT", 3)
DATABASE_STATEMENT_TIMEOUT = env_int("DATABASE_STATEMENT_TIMEOUT", 10)
_options = DATABASES["default"].setdefault("OPTIONS", {})
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    if DATABASE_CONNECT_TIMEOUT:
        # libpq waits at least 2 seconds, whatever is asked.
        _options["connect_timeout"] = max(2, DATABASE_CONNECT_TIMEOUT)
    _options["options"] = (
        f"-c lock_timeout={DATABASE_LOCK_TIMEOUT * 1000} "
        f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT * 1000}"
    )
else:
    # SQLite's busy timeout: how long a query waits for another process's write. Writing
    # transactions take the write lock when they begin, so two of them wait their turn
    # instead of one failing at once ("database is locked").
    _options["timeout"] = DATABASE_LOCK_TIMEOUT or 3600
    _options["transaction_mode"] = "IMMEDIATE"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Passwords and sessions -------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "admin:login"
# Where the sign-in leads when it has no (safe) page to return to: the admin's home.
LOGIN_REDIRECT_URL = "admin:index"

# --- Language and time ------------------------------------------------------

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
# The site is written in English only. With translation off, Django skips looking up the
# active language on every date, URL and template variable it renders.
USE_I18N = False
USE_TZ = True
# One way to write dates, in the admin's lists as on the pages and in exosite.editorial.wording:
# "1 December 2026", "1 December 2026, 09:30" (exosite/formats/en/formats.py).
FORMAT_MODULE_PATH = ["exosite.formats"]

# --- Cache -------------------------------------------------------------------
# Rendered pages for anonymous readers and the admin login's failure counts live here.
# Without REDIS_URL each process keeps its own cache in memory; with REDIS_URL
# (redis://host:6379/0) every process and machine shares one, so a change an editor saves
# shows at once everywhere. If Redis stops answering, the site carries on without a cache.

REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "exosite.web.redis_cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "exosite"),
            "TIMEOUT": 3600,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "exosite",
            "TIMEOUT": 3600,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# How long a rendered page is kept on the server (an editor's save replaces it at once);
# 0 renders every page afresh (the benchmark measures the site that way too).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 3600)
# Pages that differ by a query parameter their view declares (search results, say): each
# is kept this long, and at most PAGE_CACHE_QUERY_VARIANTS new ones per view are stored
# in that time, so however many different queries arrive the cache stays bounded.
PAGE_CACHE_QUERY_SECONDS = env_int("PAGE_CACHE_QUERY_SECONDS", 600)
PAGE_CACHE_QUERY_VARIANTS = env_int("PAGE_CACHE_QUERY_VARIANTS", 200)
# After an edit one worker renders a page again while readers get the previous copy; if
# it has not stored the new copy within this many seconds, another worker tries.
PAGE_RENDER_LOCK_SECONDS = env_int("PAGE_RENDER_LOCK_SECONDS", 10)
# How long the page cache waits for the database to say whether pages are current before
# it serves what it has (seconds; PostgreSQL).
PAGE_CACHE_STATE_TIMEOUT = 0.5
# X-Page-Cache (hit, miss, stale) on public pages: for developers and the benchmark, not
# for everyone (it would tell an attacker when a page was rendered for them).
PAGE_CACHE_STATUS_HEADER = env_bool("PAGE_CACHE_STATUS_HEADER", default=DEBUG)
# How long browsers and shared caches (a CDN, a caching proxy) may reuse a page before
# asking again; they then get 304 Not Modified when nothing has changed. A shared cache
# may serve a page PAGE_STALE_WHILE_REVALIDATE seconds longer while it fetches a new
# copy, and PAGE_STALE_IF_ERROR seconds longer while the site answers with errors.
PAGE_MAX_AGE = env_int("PAGE_MAX_AGE", 60)
PAGE_STALE_WHILE_REVALIDATE = env_int("PAGE_STALE_WHILE_REVALIDATE", 30)
PAGE_STALE_IF_ERROR = env_int("PAGE_STALE_IF_ERROR", 3600)
# How often each process checks the database for changes made by other processes. With a
# shared Redis cache they learn at once; with the in-memory cache this is the longest a
# page can lag behind an edit made through another process.
PAGE_CACHE_STATE_SECONDS = env_int("PAGE_CACHE_STATE_SECONDS", 300 if REDIS_URL else 2)

# --- Static and uploaded files ----------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed files with content-hashed names, so they can be cached forever.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Content and the Markdown pipeline --------------------------------------

# Revision history (django-simple-history): a revision's summary of what changed can be
# longer than the default 100 characters.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

CONTENT_DIR = Path(os.environ.get("CONTENT_DIR", BASE_DIR / "content"))
# The apps whose rows appear on public pages: saving or deleting any of them changes pages
# (exosite.web.page_cache). The glossary the Markdown pipeline links on first use, and the
# content blocks a page includes with a line {{ slug }}. The estimator's price figures
# (tools) appear on pages too.
CONTENT_APPS = ["articles", "faq", "tools"]
GLOSSARY_MODEL = "articles.GlossaryTerm"
CONTENT_BLOCK_MODEL = "articles.ContentBlock"

# The editorial workflow's sign-off policy: pages about these topics (a page's slug, or an
# FAQ answer's category) go live only once a medical reviewer approved their exact text.
# Editors may publish changes to other pages (typo fixes) without it; those pages then say
# "changed since its medical review". "*" means every page; an empty value, none.
SIGN_OFF_REQUIRED_FOR = env_list(
    "SIGN_OFF_REQUIRED_FOR", "safety,cost,candidates,candidacy,aftercare"
)

MARKDOWNX_MARKDOWNIFY_FUNCTION = "exosite.markdown.pages.render_markdown"
MARKDOWNX_URLS_PATH = "/markdownx/markdownify/"
MARKDOWNX_UPLOAD_URLS_PATH = "/markdownx/upload/"
MARKDOWNX_MEDIA_PATH = "uploads/"
MARKDOWNX_UPLOAD_MAX_SIZE = 5 * 1024 * 1024
# Uploaded images above this many pixels (about 7,000 x 5,700) are refused before they
# are decoded: a small file can unpack into gigabytes of pixels.
MARKDOWNX_UPLOAD_MAX_PIXELS = 40_000_000
MARKDOWNX_UPLOAD_CONTENT_TYPES = ("image/png", "image/jpeg", "image/webp", "image/gif")
# The text box keeps a fixed height and scrolls, so the preview beside it stays in view.
MARKDOWNX_EDITOR_RESIZABLE = False

# --- Security ---------------------------------------------------------------

# The site loads nothing from other hosts and runs no inline script or style. The error
# pages, which must work without static files, carry their styles in a <style> element
# with a per-response nonce; public pages never use the nonce, so they stay cacheable.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "media-src": [CSP.SELF],
    "worker-src": [CSP.NONE],
    "frame-src": [CSP.NONE],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Sent by exosite.web.security.SecurityHeadersMiddleware: no page may use these features.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), "
    "fullscreen=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), "
    "payment=(), picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), "
    "sync-xhr=(), usb=(), xr-spatial-tracking=()"
)
X_FRAME_OPTIONS = "DENY"

# Cookies are only ever set for editors: readers get none. Both are Secure in production,
# SameSite=Lax, and HttpOnly (the editor's scripts read the CSRF token from the form).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12  # an editing day

# The admin login: after this many failures within LOGIN_FAILURE_WINDOW seconds, an
# account (or a client address, which may try several accounts) must wait.
LOGIN_FAILURES_PER_ACCOUNT = env_int("LOGIN_FAILURES_PER_ACCOUNT", 5)
LOGIN_FAILURES_PER_ADDRESS = env_int("LOGIN_FAILURES_PER_ADDRESS", 20)
LOGIN_FAILURE_WINDOW = env_int("LOGIN_FAILURE_WINDOW", 900)
# How many proxies in front of gunicorn append to X-Forwarded-For (0: trust none and use
# the connection's own address).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# The addresses of those proxies (addresses or networks, "*" for any), the same variable
# gunicorn reads: X-Forwarded-For and X-Forwarded-Proto from anyone else are dropped.
FORWARDED_ALLOW_IPS = env_list("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
try:
    from ipaddress import ip_network

    for _item in FORWARDED_ALLOW_IPS:
        if _item != "*":
            ip_network(_item, strict=False)
except ValueError as _error:
    raise ImproperlyConfigured(
        f"FORWARDED_ALLOW_IPS must list addresses or networks (or *): {_error}."
    ) from None

# Request bodies: a reader never sends more than a small form (refused with 413 from the
# Content-Length, before anything reads it); signed-in editors send pages and images.
REQUEST_BODY_LIMIT_ANONYMOUS = env_int("REQUEST_BODY_LIMIT_ANONYMOUS", 64 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 5
# An upload the size limit allows stays in memory: nothing is spooled to disk.
FILE_UPLOAD_MAX_MEMORY_SIZE = MARKDOWNX_UPLOAD_MAX_SIZE + 64 * 1024

if not DEBUG:
    # Behind a TLS-terminating proxy (the usual gunicorn deployment) these keep cookies
    # and redirects on HTTPS. SECURE_SSL_REDIRECT=0 turns the redirect off where the proxy does it.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # Browsers then refuse plain HTTP to this host for two years. Set SECURE_HSTS_SECONDS=0
    # while first trying HTTPS out, and SECURE_HSTS_PRELOAD=0 for a domain that must not
    # be on the browsers' preload list.
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 2 * 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)

# "Was this page helpful?" (feedback/protection.py): at most FEEDBACK_PER_WINDOW answers
# from one sender every FEEDBACK_WINDOW seconds (counted in the cache under a keyed hash,
# never the address); a form is refused if sent sooner than FEEDBACK_MIN_SECONDS after its
# page was made, or later than FEEDBACK_FORM_MAX_AGE.
FEEDBACK_PER_WINDOW = env_int("FEEDBACK_PER_WINDOW", 5)
FEEDBACK_WINDOW = env_int("FEEDBACK_WINDOW", 600)
FEEDBACK_MIN_SECONDS = env_int("FEEDBACK_MIN_SECONDS", 2)
FEEDBACK_FORM_MAX_AGE = env_int("FEEDBACK_FORM_MAX_AGE", 7 * 24 * 3600)

# The benchmark's reference view (exosite.views.benchmark_floor): a fixed string through
# the full middleware stack. Off unless the benchmark script turns it on.
BENCHMARK_ENDPOINTS = env_bool("BENCHMARK_ENDPOINTS")

# --- Logging ----------------------------------------------------------------
# One line per event on standard error (gunicorn's access log goes to standard output),
# each with the id of the request it belongs to and the node that wrote it
# (exosite.web.logs). json: one JSON object a line, for a log collector (the default in
# production); text: for reading at a terminal (the default with DEBUG on).

LOG_FORMAT = os.environ.get("LOG_FORMAT", "").strip().lower() or ("text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}.")
# Which machine or instance wrote a log line (default: the machine's host name).
NODE_NAME = os.environ.get("NODE_NAME", "").strip() or socket.gethostname()

LOGGING_CONFIG = "exosite.web.logs.configure"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"site": {"()": "exosite.web.logs.formatter"}},
    "filters": {"request": {"()": "exosite.web.logs.RequestIdFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "site",
            "filters": ["request"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO").upper()},
}
