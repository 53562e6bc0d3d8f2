"""When the database is down, visitors get a calm page that says so, not a crash."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader

from exosite.web.health import record_database_failure
from exosite.web.security import csp_nonce

logger = logging.getLogger(__name__)


def database_unavailable_response(request: HttpRequest) -> HttpResponse:
    """The 503 page, rendered without a request context: nothing on it may touch the
    database. The nonce lets the page's inline styles through the Content-Security-Policy."""
    html = loader.get_template("503.html").render({"csp_nonce": csp_nonce(request)})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = "60"
    response["Cache-Control"] = "no-store"
    # The page cache serves its last copy of the page instead, where it has one.
    response.database_unavailable = True
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable for %s: %s", request.path, exception)
        record_database_failure(exception)
        return database_unavailable_response(request)
