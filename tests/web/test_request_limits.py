"""What a client can make the site do before it is known: large bodies are refused before
they are read, only GET and HEAD render public pages, a made-up session cookie does not
get past the page cache, forwarded headers count only from our proxies, and the site
tells strangers no more than they need."""

import io

from django.core.files.storage import default_storage
from django.test import Client

from tests.web.test_security import LOGIN

HUGE = str(300 * 1024 * 1024)


def test_a_huge_anonymous_body_is_refused_before_it_is_read(client, guide):
    """The review's 300 MB post with a self-chosen CSRF pair was spooled to disk in full,
    then answered with the page."""
    token = "A" * 32
    client.cookies["csrftoken"] = token
    response = client.generic(
        "POST",
        "/guide/cost/",
        data=f"csrfmiddlewaretoken={token}&x=1".encode(),
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=HUGE,
    )
    assert response.status_code == 413
    assert "too large" in response.content.decode()
    assert not hasattr(response.wsgi_request, "_post")  # the body was never parsed


def upload_claiming(client: Client, length: int):
    """An upload whose Content-Length says ``length`` bytes (only a few are sent)."""
    return client.generic(
        "POST",
        "/markdownx/upload/",
        data=b"--x\r\n",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(length),
    )


def test_an_anonymous_upload_is_refused_before_the_file_is_read(client, db):
    assert upload_claiming(client, 6 * 1024 * 1024).status_code == 413


def test_a_small_sign_in_form_is_not_affected(client, editor):
    response = client.post(
        LOGIN, {"username": "editor", "password": "a-long-editor-password"}, secure=True
    )
    assert response.status_code == 302


def test_an_editor_may_send_a_long_page_and_an_image_but_not_more(editor_client, db):
    long_form = editor_client.post("/markdownx/markdownify/", {"content": "x" * 1_000_000})
    assert long_form.status_code == 400
    assert "too long" in long_form.json()["error"]
    assert upload_claiming(editor_client, 20 * 1024 * 1024).status_code == 413


def test_options_and_trace_do_not_render_pages(client, guide):
    for method in ("OPTIONS", "TRACE", "PUT", "DELETE"):
        response = Client(enforce_csrf_checks=False).generic(method, "/guide/cost/")
        assert response.status_code == 405, method
        assert "How much it costs" not in response.content.decode()
        assert set(response["Allow"].split(", ")) == {"GET", "HEAD"}


def test_a_made_up_session_cookie_does_not_get_past_the_page_cache(client, guide):
    """Any cookie named sessionid used to make a request 'signed in', 22 times slower."""
    client.get("/guide/cost/")
    for value in ("nope", "a" * 32, "x" * 500, "<script>"):
        reader = Client()
        reader.cookies["sessionid"] = value
        response = reader.get("/guide/cost/")
        assert response["X-Page-Cache"] == "hit", value
        assert "private" not in response["Cache-Control"]


def test_a_real_editors_session_still_skips_the_cache(editor_client, guide):
    response = editor_client.get("/guide/cost/")
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]


def test_forwarded_headers_from_a_client_that_is_not_our_proxy_are_ignored(client, guide, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 3600
    direct = client.get("/guide/cost/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_PROTO="https")
    assert "Strict-Transport-Security" not in direct
    proxied = client.get("/guide/cost/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    assert "Strict-Transport-Security" in proxied


def test_a_direct_client_cannot_rotate_x_forwarded_for_past_the_address_limit(
    client, editor, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(20):
        client.post(
            LOGIN,
            {"username": f"someone-{number}", "password": "guess"},
            REMOTE_ADDR="203.0.113.99",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{number}",
            secure=True,
        )
    refused = client.post(
        LOGIN,
        {"username": "editor", "password": "a-long-editor-password"},
        REMOTE_ADDR="203.0.113.99",
        HTTP_X_FORWARDED_FOR="198.51.100.200",
        secure=True,
    )
    assert refused.status_code == 429


def test_the_page_cache_status_is_not_sent_unless_asked_for(client, guide, settings):
    settings.PAGE_CACHE_STATUS_HEADER = False
    client.get("/guide/cost/")
    assert "X-Page-Cache" not in client.get("/guide/cost/")


def test_the_health_check_tells_strangers_only_its_status(client, db):
    stranger = client.get("/healthz", REMOTE_ADDR="203.0.113.9")
    assert stranger.status_code == 200
    assert stranger.json() == {"status": "ok"}
    local = client.get("/healthz", REMOTE_ADDR="127.0.0.1")
    assert local.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_uploaded_images_may_be_cached_for_a_year(client, db):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format="PNG")
    name = default_storage.save("uploads/cache-test.png", io.BytesIO(buffer.getvalue()))
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
