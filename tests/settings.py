"""Test settings: the real settings, with a key so they start without DEBUG.

DATABASE_URL still decides the database, so the same suite runs on SQLite and PostgreSQL.
"""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from exosite import settings as base
from exosite.settings import *  # noqa: F403

MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="exosite-test-media-"))
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="exosite-test-static-"))
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The manifest needs collectstatic first; CI builds it separately.
STORAGES = {
    **base.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# One process: every save drops the cached content state itself, so the state may be
# kept for as long as a test runs (tests of the cross-process delay set it themselves).
PAGE_CACHE_STATE_SECONDS = 600
# Tests read the page cache's status (hit, miss, stale) from its header.
PAGE_CACHE_STATUS_HEADER = True
