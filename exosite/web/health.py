"""A health check for load balancers and uptime monitors: are the database and the cache
answering?

200 while the database answers, since pages can be served without a cache (the status is
then "degraded"); 503 when the database does not.
"""

import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
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
        return JsonResponse({"status": "error", **report}, status=503)
    status = "ok" if report["cache"] == "ok" else "degraded"
    return JsonResponse({"status": status, **report})
