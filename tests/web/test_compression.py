"""Public pages travel compressed (brotli or gzip, as the reader accepts), compressed once
per page version and served from the cache; nothing with a secret in it is compressed."""

import gzip

import brotli
import pytest

from exosite.web import compression


def test_a_page_is_sent_with_brotli_to_a_reader_who_accepts_it(client, site_content):
    plain = client.get("/faq/")
    packed = client.get("/faq/", HTTP_ACCEPT_ENCODING="gzip, deflate, br, zstd")
    assert packed["Content-Encoding"] == "br"
    assert brotli.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 4
    assert packed["Content-Length"] == str(len(packed.content))
    assert "Accept-Encoding" in packed["Vary"]
    assert "Accept-Encoding" in plain["Vary"]


def test_a_page_is_sent_with_gzip_to_a_reader_who_accepts_only_gzip(client, guide):
    plain = client.get("/guide/cost/")
    packed = client.get("/guide/cost/", HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content


def test_a_reader_who_accepts_no_compression_gets_the_plain_page(client, guide):
    for header in ("", "identity", "br;q=0, gzip;q=0", "compress"):
        response = client.get("/guide/cost/", HTTP_ACCEPT_ENCODING=header)
        assert "Content-Encoding" not in response, header
        assert b"</html>" in response.content


def test_each_encoding_has_its_own_etag_and_answers_304_to_it(client, guide):
    plain = client.get("/guide/cost/")
    packed = client.get("/guide/cost/", HTTP_ACCEPT_ENCODING="br")
    assert packed["ETag"] != plain["ETag"]
    again = client.get("/guide/cost/", HTTP_ACCEPT_ENCODING="br", HTTP_IF_NONE_MATCH=packed["ETag"])
    assert again.status_code == 304


def test_a_page_is_compressed_once_per_version_and_served_compressed_from_the_cache(
    client, guide, monkeypatch
):
    calls = []
    original = compression.compress

    def counting(content, encoding):
        calls.append(encoding)
        return original(content, encoding)

    monkeypatch.setattr(compression, "compress", counting)
    for _ in range(5):
        response = client.get("/guide/safety/", HTTP_ACCEPT_ENCODING="br")
        assert response["Content-Encoding"] == "br"
    for _ in range(5):
        assert client.get("/guide/safety/", HTTP_ACCEPT_ENCODING="gzip")["X-Page-Cache"] == "hit"
    assert sorted(calls) == ["br", "gzip"]


def test_an_editors_pages_are_never_compressed(editor_client, guide):
    """They carry a CSRF token and what only editors see: compressing them beside text an
    attacker can inject would leak the secret through the compressed length (BREACH)."""
    for path in ("/guide/cost/", "/admin/", "/admin/articles/section/"):
        response = editor_client.get(path, HTTP_ACCEPT_ENCODING="gzip, br")
        assert response.status_code == 200, path
        assert "Content-Encoding" not in response, path


def test_the_sign_in_page_with_its_csrf_token_is_never_compressed(client, db):
    response = client.get("/admin/login/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert "Content-Encoding" not in response


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("gzip, deflate, br", "br"),
        ("gzip;q=1.0, br;q=0.5", "gzip"),
        ("*", "br"),
        ("br;q=0, *;q=0.1", "gzip"),
        ("GZIP", "gzip"),
        ("br;q=nonsense, gzip", "gzip"),
        ("", "identity"),
    ],
)
def test_the_preferred_encoding_follows_the_readers_weights(header, expected):
    assert compression.preferred_encoding(header) == expected
