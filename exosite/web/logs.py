"""Logs that one reader's request can be followed through, across machines.

Every request carries a request id: the one nginx (or another proxy in front) sends in
``X-Request-ID``, when it is a plausible id, or else a new one. The site returns it in the
response's ``X-Request-ID`` and puts it on every log line written while the request is
handled, and gunicorn's access log line for the request carries it too. An operator who
finds a request in nginx's log can then find it on whichever node served it (and on the
node nginx tried first, if it retried).

``LOG_FORMAT=json`` (the default in production) writes one JSON object a line, for a log
collector; ``LOG_FORMAT=text`` writes lines for people, with the id in brackets.
"""

from __future__ import annotations

import contextvars
import datetime
import json
import logging
import logging.config
import re
import uuid

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from gunicorn.glogging import Logger as BaseGunicornLogger

REQUEST_ID_HEADER = "X-Request-ID"
# nginx's $request_id is 32 hexadecimal digits; other proxies send UUIDs or the like.
# Anything else (too long, odd characters) is replaced rather than written to the logs.
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,63}")

current_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "current_request_id", default=None
)

# The attributes every LogRecord has; anything else on a record was passed as ``extra``.
STANDARD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def request_id_from(header: str | None) -> str:
    """The id a proxy in front sent, if it looks like one, or a new one."""
    if header and VALID_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Outermost middleware: the request id is known to everything that logs, and goes back
    on every response, cached pages and error pages included.

    The id stays current until the response is closed (``forget_request_id``), not just
    until the middleware returns: Django logs a 4xx or 5xx response after the last
    middleware has run."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id
        current_request_id.set(request_id)
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response


def forget_request_id(**kwargs) -> None:
    """Receiver of ``request_finished``: what is logged between requests belongs to none."""
    current_request_id.set(None)


class RequestIdFilter(logging.Filter):
    """Adds the request being handled (or None) and the node's name to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = current_request_id.get()
        record.node = settings.NODE_NAME
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request id, node, any
    ``extra`` fields, and the traceback of an exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
            "node": getattr(record, "node", None),
        }
        entry.update(
            (name, value)
            for name, value in vars(record).items()
            if name not in STANDARD_ATTRIBUTES and name not in entry
        )
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """Lines for people at a terminal: time, level, logger, [request id], message."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if getattr(record, "request_id", None) is None:
            record.request_id = "-"
        return super().format(record)


def configure(config: dict) -> None:
    """LOGGING_CONFIG: the settings' LOGGING, and Python's warnings logged like everything
    else rather than printed as bare text among the JSON lines."""
    logging.config.dictConfig(config)
    logging.captureWarnings(True)


def formatter() -> logging.Formatter:
    return JsonFormatter() if settings.LOG_FORMAT == "json" else TextFormatter()


class GunicornLogger(BaseGunicornLogger):
    """gunicorn's own log and its access log in the site's LOG_FORMAT, the access line
    carrying the request id the site answered with (``logger_class`` in gunicorn.conf.py)."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                if getattr(handler, "_gunicorn", False):
                    handler.setFormatter(formatter())
                    handler.addFilter(RequestIdFilter())

    def access(self, resp, req, environ, request_time) -> None:
        if not self.access_log_enabled:
            return
        headers = {name.lower(): value for name, value in resp.headers}
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        duration_ms = round(request_time.total_seconds() * 1000, 1)
        fields = {
            "request_id": headers.get(REQUEST_ID_HEADER.lower()),
            "method": environ.get("REQUEST_METHOD"),
            "path": environ.get("PATH_INFO"),
            "query": environ.get("QUERY_STRING") or None,
            "status": int(status),
            "bytes": getattr(resp, "sent", None),
            "duration_ms": duration_ms,
            "scheme": environ.get("wsgi.url_scheme"),
            "remote_addr": environ.get("REMOTE_ADDR"),
            "forwarded_for": environ.get("HTTP_X_FORWARDED_FOR"),
            "user_agent": environ.get("HTTP_USER_AGENT"),
            "referer": environ.get("HTTP_REFERER"),
        }
        try:
            self.access_log.info(
                "%s %s %s %s %.1f ms",
                fields["remote_addr"],
                fields["method"],
                environ.get("RAW_URI") or fields["path"],
                fields["status"],
                duration_ms,
                extra=fields,
            )
        except Exception:
            self.exception("Could not write the access log line")
