"""When the database or the cache fails, readers get a page or a calm 503, never a crash,
and the health check tells a load balancer what is wrong."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import OperationalError

from articles.models import Section
from exosite.web import health, page_cache

ROOT = Path(settings.BASE_DIR)


def database_down(monkeypatch) -> None:
    """Every way a page reads the database now fails as a lost connection does."""

    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(page_cache, "state_from_database", refuse)
    monkeypatch.setattr(Section.objects, "visible_to", refuse)
    monkeypatch.setattr(Section.objects, "published", refuse)


def test_with_the_database_down_a_cached_page_is_still_served(client, guide, monkeypatch):
    fresh = client.get("/guide/cost/")
    database_down(monkeypatch)
    response = client.get("/guide/cost/")
    assert response.status_code == 200
    assert response.content == fresh.content


def test_with_the_database_down_an_out_of_date_copy_beats_an_error(client, guide, monkeypatch):
    client.get("/guide/cost/")
    Section.objects.filter(slug="cost").get().save()  # the copy is now out of date
    database_down(monkeypatch)
    response = client.get("/guide/cost/")
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "stale"
    assert "How much it costs" in response.content.decode()
    assert "max-age=0" in response["Cache-Control"]


def test_with_the_database_down_an_uncached_page_is_a_calm_503(client, guide, monkeypatch):
    database_down(monkeypatch)
    response = client.get("/guide/safety/")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "briefly unavailable" in page
    assert "Traceback" not in page and "OperationalError" not in page


def test_the_health_check_reports_a_database_that_does_not_answer(client, db, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connection", Unreachable())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_a_site_started_with_no_reachable_database_answers_503_and_reports_it(tmp_path):
    """A real failure, not a simulated one: the database address points at a closed port."""
    script = """
import json
import django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
answers = {}
for path in ("/", "/guide/cost/", "/faq/", "/search/?q=cost", "/healthz"):
    response = client.get(path)
    answers[path] = [response.status_code, response.get("Retry-After"), response.content.decode()]
print(json.dumps(answers))
"""
    closed = (
        "postgres://postgres@127.0.0.1:1/nowhere"
        if os.environ.get("DATABASE_URL", "").startswith("postgres")
        else f"sqlite:///{tmp_path}/missing-folder/db.sqlite3"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "DATABASE_URL": closed},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    for path in ("/", "/guide/cost/", "/faq/", "/search/?q=cost"):
        status, retry_after, page = answers[path]
        assert status == 503, (path, status)
        assert retry_after == "60"
        assert "briefly unavailable" in page
    status, _, report = answers["/healthz"]
    assert status == 503
    assert json.loads(report) == {"status": "error", "database": "unavailable", "cache": "ok"}
