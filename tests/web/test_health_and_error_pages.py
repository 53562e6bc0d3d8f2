"""The health check, the error pages, and the addresses browsers ask for by habit."""

import pytest
from django.db import OperationalError


def test_health_check_reports_the_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_when_the_database_is_down_visitors_get_a_calm_503_page(client, db, monkeypatch):
    from articles import views

    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(views.Section.objects, "published", down)
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "briefly unavailable" in response.content.decode()


@pytest.mark.django_db
def test_the_500_page_renders_without_any_context():
    from django.template import loader

    html = loader.get_template("500.html").render()
    assert "Something went wrong" in html and "not medical advice" in html


def test_the_favicon_address_leads_to_the_site_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")
    assert '<link rel="icon" href="/static/img/favicon.svg"' in client.get("/").content.decode()
