"""Every request has an id that comes back in the response and is on every log line it
causes, in Django's log and in gunicorn's access log, as one JSON object a line."""

import datetime
import io
import json
import logging
import re
import sys

import pytest
from django.conf import settings
from gunicorn.config import Config

from exosite.web import logs

GENERATED_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def site_log():
    """What the site's own log handler writes during the test, line by line."""
    handler = next(
        h for h in logging.getLogger().handlers if isinstance(h.formatter, logs.JsonFormatter)
    )
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    handler.setStream(previous)


def test_a_request_id_from_the_proxy_in_front_comes_back_in_the_response(client, site_content):
    response = client.get("/guide/cost/", HTTP_X_REQUEST_ID="3f2a9c0e7b1d4e6a8c5b2d1e0f9a8b7c")
    assert response.status_code == 200
    assert response["X-Request-ID"] == "3f2a9c0e7b1d4e6a8c5b2d1e0f9a8b7c"


def test_a_request_without_an_id_gets_a_new_one(client, site_content):
    first = client.get("/guide/cost/")["X-Request-ID"]
    second = client.get("/guide/cost/")["X-Request-ID"]
    assert GENERATED_ID.fullmatch(first) and GENERATED_ID.fullmatch(second)
    assert first != second


@pytest.mark.parametrize(
    "sent",
    ["short", "x" * 65, 'abc"def{ghi}jkl', "line-one\nline-two-injected", "-starts-with-a-dash"],
)
def test_an_implausible_request_id_is_replaced_not_logged(client, site_content, sent):
    response = client.get("/guide/cost/", HTTP_X_REQUEST_ID=sent)
    assert GENERATED_ID.fullmatch(response["X-Request-ID"])


def test_a_page_from_the_cache_carries_the_id_of_the_request_that_read_it(client, site_content):
    client.get("/faq/", HTTP_X_REQUEST_ID="first-request-0001")
    again = client.get("/faq/", HTTP_X_REQUEST_ID="second-request-0002")
    assert again["X-Page-Cache"] == "hit"
    assert again["X-Request-ID"] == "second-request-0002"


def test_a_log_line_caused_by_a_request_is_json_with_its_id_and_node(client, db, site_log):
    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="reader-request-1234")
    assert response.status_code == 404
    # Django logs "Not Found" after the last middleware has returned: the id still holds.
    (line,) = [entry for entry in site_log() if entry["logger"] == "django.request"]
    assert line["message"] == "Not Found: /no-such-page/"
    assert line["level"] == "warning"
    assert line["request_id"] == "reader-request-1234"
    assert line["node"] == settings.NODE_NAME
    assert line["status_code"] == 404
    datetime.datetime.fromisoformat(line["time"])


def test_what_is_logged_between_requests_belongs_to_none(client, db, site_log):
    client.get("/no-such-page/", HTTP_X_REQUEST_ID="reader-request-1234")
    logging.getLogger("exosite.test").warning("after the request")
    assert site_log()[-1]["request_id"] is None


def test_an_error_is_logged_with_its_traceback_on_the_same_line():
    try:
        raise ValueError("the reason")
    except ValueError:
        record = logging.getLogger("exosite").makeRecord(
            "exosite", logging.ERROR, __file__, 1, "it failed", None, sys.exc_info()
        )
    line = logs.JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "it failed"
    assert "ValueError: the reason" in entry["exception"]
    assert "Traceback" in entry["exception"]


def test_the_text_format_shows_the_request_id_for_a_person_reading_a_terminal():
    record = logging.makeLogRecord(
        {"name": "exosite", "levelname": "WARNING", "msg": "slow page", "request_id": "abc12345"}
    )
    assert logs.TextFormatter().format(record).endswith("WARNING exosite [abc12345] slow page")
    bare = logging.makeLogRecord({"name": "exosite", "levelname": "INFO", "msg": "started"})
    assert logs.TextFormatter().format(bare).endswith("INFO exosite [-] started")


class GunicornResponse:
    status = "200 OK"
    headers = [("Content-Type", "text/html"), ("X-Request-ID", "3f2a9c0e7b1d4e6a")]
    sent = 5120


def test_gunicorns_access_line_is_json_with_the_id_the_site_answered_with(capsys):
    config = Config()
    config.set("accesslog", "-")
    logger = logs.GunicornLogger(config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/guide/cost/?page=2",
        "PATH_INFO": "/guide/cost/",
        "QUERY_STRING": "page=2",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.5",
        "HTTP_X_FORWARDED_FOR": "203.0.113.7",
        "HTTP_USER_AGENT": "Mozilla/5.0",
        "wsgi.url_scheme": "https",
    }
    logger.access(GunicornResponse(), None, environ, datetime.timedelta(milliseconds=12.5))
    (line,) = capsys.readouterr().out.splitlines()
    entry = json.loads(line)
    assert entry["logger"] == "gunicorn.access"
    assert entry["request_id"] == "3f2a9c0e7b1d4e6a"
    assert entry["node"] == settings.NODE_NAME
    assert entry["status"] == 200
    assert entry["path"] == "/guide/cost/" and entry["query"] == "page=2"
    assert entry["duration_ms"] == 12.5
    assert entry["bytes"] == 5120
    assert entry["forwarded_for"] == "203.0.113.7"
    assert entry["scheme"] == "https"
    assert entry["message"] == "10.0.0.5 GET /guide/cost/?page=2 200 12.5 ms"
