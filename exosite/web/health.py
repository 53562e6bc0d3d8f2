"""A health check for load balancers and uptime monitors, and the memory of a database
that stopped answering.

``/healthz`` answers 200 while the database answers, since pages can be served without a
cache (the status is then "degraded"), and 503 when it does not. Only the status is
public: which part failed is told to the machines the site trusts (the proxies in
``FORWARDED_ALLOW_IPS`` and this host), not to anyone who asks.

When the database fails (refuses, times out, is locked for longer than the lock timeout),
``record_database_failure()`` remembers it for a few seconds. Meanwhile the page cache
serves what it holds without asking the database again, and ``/healthz`` reports the
failure at once, so a hung database costs one timeout per process every few seconds, not
one per request.
"""

from __future__ import annotations

import time
import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from exosite.web.security import client_address, is_trusted_proxy

# After a failure, the database is left alone for this many seconds, then tried again.
DATABASE_RETRY_SECONDS = 5.0
_database_down_until = 0.0


def record_database_failure(error: Exception | None = None) -> None:
    """Remember that the database did not answer. A query that merely ran out of time
    (a lock held too long, a statement timeout) does not count: the database answered."""
    global _database_down_until
    if error is None or is_connection_failure(error):
        _database_down_until = time.monotonic() + DATABASE_RETRY_SECONDS


def is_connection_failure(error: Exception) -> bool:
    cause = error.__cause__ or error
    if getattr(cause, "pgcode", None):  # PostgreSQL answered with an error of its own
        return False
    return "locked" not in str(cause).lower()  # SQLite's "database is locked" answered too


def forget_database_failure() -> None:
    global _database_down_until
    _database_down_until = 0.0


def database_recently_failed() -> bool:
    return time.monotonic() < _database_down_until


def database_status() -> str:
    if database_recently_failed():
        return "unavailable"
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        record_database_failure(error)
        return "unavailable"
    return "ok"


def cache_status() -> str:
    """Write a value and read it back: a cache that has stopped answering reads nothing."""
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    answered = cache.get(key) == "ok"
    cache.delete(key)
    return "ok" if answered else "unavailable"


@never_cache
def check(request: HttpRequest) -> JsonResponse:
    report = {"database": database_status(), "cache": cache_status()}
    if report["database"] != "ok":
        status, code = "error", 503
    else:
        status, code = ("ok" if report["cache"] == "ok" else "degraded"), 200
    details = report if is_trusted_proxy(client_address(request)) else {}
    return JsonResponse({"status": status, **details}, status=code)
