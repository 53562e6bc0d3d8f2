"""What the privacy tests look at: every row in the database, every entry in the cache,
every log record and the access log line, for a request that carries health data."""

from __future__ import annotations

import datetime
import logging
from contextlib import contextmanager
from types import SimpleNamespace

from django.apps import apps
from django.core.cache import cache
from django.db import connection


def row_counts() -> dict[str, int]:
    """Rows in every table Django knows, revision records and sessions included."""
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


def cache_keys() -> set[str]:
    """Every key in the test run's in-memory cache."""
    return set(cache._cache)  # LocMemCache: the tests run without Redis


@contextmanager
def every_log_record():
    """All log records while the block runs, SQL included (so an answer that reached a
    query would be seen)."""
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep(level=logging.DEBUG)
    root = logging.getLogger()
    old_level, old_debug = root.level, connection.force_debug_cursor
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    logging.getLogger("django.db.backends").setLevel(logging.DEBUG)
    connection.force_debug_cursor = True
    logging.getLogger("tests.privacy").debug("capturing every log record")
    assert records, "the log capture is not working, so it could miss an answer"
    try:
        yield records
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        connection.force_debug_cursor = old_debug


def access_log_line(method: str, path: str, environ_extra: dict) -> str:
    """The line gunicorn, configured by exosite/gunicorn.conf.py, writes for a request."""
    from pathlib import Path

    from django.conf import settings
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    config = Config()
    namespace: dict = {}
    exec(Path(settings.BASE_DIR, "exosite", "gunicorn.conf.py").read_text(), namespace)
    for name, value in namespace.items():
        if name in config.settings and value is not None:
            config.set(name, value)
    logger = Logger(config)
    environ = {
        "REQUEST_METHOD": method,
        "RAW_URI": path,
        "PATH_INFO": path.split("?")[0],
        "QUERY_STRING": path.partition("?")[2],
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.9",
        **environ_extra,
    }
    response = SimpleNamespace(status="200 OK", sent=1234, headers=[])
    request = SimpleNamespace(headers=[])
    atoms = logger.atoms_wrapper_class(
        logger.atoms(response, request, environ, datetime.timedelta(milliseconds=5))
    )
    return config.access_log_format % atoms
