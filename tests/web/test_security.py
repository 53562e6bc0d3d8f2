"""Security headers on every response, production settings that pass Django's deployment
checks, cookies only for editors, and a sign-in that slows down guessing."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from exosite.devtools.crawl import crawl
from tests.web.test_faults import database_down

ROOT = Path(settings.BASE_DIR)
LOGIN = "/admin/login/?next=/admin/"


def directives(policy: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())


@pytest.fixture
def responses(client, guide, editor):
    """One response of each kind: a page rendered, the same page from the cache, a missing
    page, the admin sign-in, the health check, robots.txt and a signed-in editor's page."""
    editor_client = Client()
    editor_client.force_login(editor)
    return {
        "page": client.get("/guide/cost/", secure=True),
        "cached page": client.get("/guide/cost/", secure=True),
        "404": client.get("/no-such-page/", secure=True),
        "admin sign-in": client.get(LOGIN, secure=True),
        "health check": client.get("/healthz", secure=True),
        "robots.txt": client.get("/robots.txt", secure=True),
        "editor's page": editor_client.get("/admin/", secure=True),
    }


def test_every_kind_of_response_carries_the_security_headers(responses):
    assert responses["cached page"]["X-Page-Cache"] == "hit"
    for kind, response in responses.items():
        assert response["X-Content-Type-Options"] == "nosniff", kind
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", kind
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", kind
        assert response["Strict-Transport-Security"] == (
            "max-age=63072000; includeSubDomains; preload"
        ), kind
        assert "camera=()" in response["Permissions-Policy"], kind
        assert "geolocation=()" in response["Permissions-Policy"], kind
        assert "Content-Security-Policy" in response, kind


def test_the_content_security_policy_is_strict(responses):
    for kind, response in responses.items():
        policy = directives(response["Content-Security-Policy"])
        assert policy["default-src"] == "'self'", kind
        assert policy["script-src"] == "'self'", kind
        assert "unsafe-inline" not in response["Content-Security-Policy"], kind
        assert "unsafe-eval" not in response["Content-Security-Policy"], kind
        assert policy["object-src"] == "'none'", kind
        assert policy["base-uri"] == "'none'", kind
        assert policy["frame-ancestors"] == "'none'", kind
        assert policy["form-action"] == "'self'", kind


def test_public_pages_use_no_nonce_so_a_cached_copy_stays_valid(responses):
    for kind in ("page", "cached page", "robots.txt"):
        assert "nonce-" not in responses[kind]["Content-Security-Policy"]
        assert "nonce=" not in responses[kind].content.decode()


def test_public_pages_have_no_inline_script_or_style(site_content):
    client = Client()
    for path in crawl(client).pages:
        html = client.get(path, secure=True).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)", html), path
        assert "<style" not in html, path
        assert not re.search(r"\sstyle=", html), path
        assert not re.search(r"\son[a-z]+=", html), path


def test_the_error_pages_styles_pass_the_policy_with_a_nonce(client, db, monkeypatch):
    database_down(monkeypatch)
    response = client.get("/")
    assert response.status_code == 503
    nonce = re.search(
        r"'nonce-([^']+)'", directives(response["Content-Security-Policy"])["style-src"]
    )
    assert nonce, response["Content-Security-Policy"]
    assert f'<style nonce="{nonce.group(1)}">' in response.content.decode()


def test_the_500_page_carries_a_matching_nonce(db):
    client = Client(raise_request_exception=False)
    from django.urls import path

    import exosite.urls

    def broken(request):
        raise RuntimeError("boom")

    # Before the standing pages' catch-all address, which would answer 404 first.
    exosite.urls.urlpatterns.insert(0, path("broken-for-test/", broken))
    try:
        response = client.get("/broken-for-test/")
    finally:
        exosite.urls.urlpatterns.pop(0)
        from django.urls import clear_url_caches

        clear_url_caches()
    assert response.status_code == 500
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<style nonce="{nonce}">' in response.content.decode()
    assert "Something went wrong" in response.content.decode()


def test_public_pages_load_nothing_from_other_sites(site_content):
    client = Client()
    for path in crawl(client).pages:
        html = client.get(path, secure=True).content.decode()
        for url in re.findall(
            r'<(?:script|link|img|iframe|source)[^>]+(?:src|href)="([^"]+)"', html
        ):
            same_site = url.startswith("https://testserver/") or (
                url.startswith("/") and not url.startswith("//")
            )
            assert same_site, (path, url)


def test_production_settings_pass_djangos_deployment_checks():
    env = {
        # Production has none of the test run's switches (the browser tests allow
        # Django's async-unsafe calls, which the deployment check rightly refuses).
        **{
            name: value
            for name, value in os.environ.items()
            if name not in {"DEBUG", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        },
        "DJANGO_SETTINGS_MODULE": "exosite.settings",
        "SECRET_KEY": "k3-" + "Zq8vLm2Xw9Rt4Yp7Nb1Hc6Jd5Fg0Ks3Ae8Ui2Oo7Pl4Mn9Bv1Cx6Dz5Eh0",
        "ALLOWED_HOSTS": "exosite.example",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_readers_get_no_cookie_but_editors_cookies_are_secure_httponly_and_samesite(
    client, db, editor
):
    sign_in = client.get(LOGIN, secure=True)
    csrf = sign_in.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
    response = client.post(
        LOGIN,
        {"username": "editor", "password": "a-long-editor-password"},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


def sign_in(client: Client, username: str, password: str, address: str = "203.0.113.7"):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, secure=True
    )


def test_an_account_is_paused_after_five_failed_sign_ins_and_the_editor_is_told_why(client, editor):
    for _ in range(5):
        failed = sign_in(client, "editor", "wrong password")
        assert failed.status_code == 200
        assert "Please enter the correct username and password" in failed.content.decode()
    refused = sign_in(client, "editor", "a-long-editor-password")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "900"
    page = refused.content.decode()
    assert "Too many failed sign-in attempts" in page
    assert "paused for 15 minutes" in page
    assert "_auth_user_id" not in client.session
    # The same account is paused from another address too: guessing is per account.
    assert (
        "Too many failed" in sign_in(client, "Editor", "x", address="198.51.100.2").content.decode()
    )


def test_a_client_address_is_paused_after_twenty_failures_across_accounts(client, editor):
    for number in range(20):
        sign_in(client, f"someone-{number}", "guess", address="192.0.2.50")
    refused = sign_in(client, "editor", "a-long-editor-password", address="192.0.2.50")
    assert "Too many failed sign-in attempts" in refused.content.decode()
    allowed = sign_in(Client(), "editor", "a-long-editor-password", address="192.0.2.51")
    assert allowed.status_code == 302


def test_a_successful_sign_in_clears_the_accounts_failures(client, editor):
    for _ in range(4):
        sign_in(client, "editor", "wrong password")
    assert sign_in(client, "editor", "a-long-editor-password").status_code == 302
    client.logout()
    for _ in range(4):
        sign_in(client, "editor", "wrong password")
    assert sign_in(client, "editor", "a-long-editor-password").status_code == 302


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_one_throttled(
    client, editor, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.FORWARDED_ALLOW_IPS = ["10.0.0.0/24"]
    for number in range(20):
        client.post(
            LOGIN,
            {"username": f"someone-{number}", "password": "guess"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="1.2.3.4, 192.0.2.60",
            secure=True,
        )
    blocked = client.post(
        LOGIN,
        {"username": "editor", "password": "a-long-editor-password"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="5.6.7.8, 192.0.2.60",
        secure=True,
    )
    assert "Too many failed" in blocked.content.decode()
    other_reader = Client().post(
        LOGIN,
        {"username": "editor", "password": "a-long-editor-password"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="192.0.2.61",
        secure=True,
    )
    assert other_reader.status_code == 302


def test_sign_in_failures_are_counted_even_for_accounts_that_do_not_exist(client, db):
    User.objects.create_user("admin2", password="a-long-admin-password", is_staff=True)
    for _ in range(5):
        sign_in(client, "nobody-here", "guess")
    assert "Too many failed" in sign_in(client, "nobody-here", "guess").content.decode()
    assert sign_in(Client(), "admin2", "a-long-admin-password").status_code == 302


def test_pages_carry_a_content_security_policy_that_allows_only_our_own_scripts(client, db):
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-eval" not in policy
