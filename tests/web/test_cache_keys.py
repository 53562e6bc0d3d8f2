"""What a page is cached under: the canonical origin, the script prefix, the path the router
sees and the query parameters its view declares. Nothing else a client sends can poison a
page for other readers or fill the cache."""

import random
import string

import pytest
from django.test import Client

from exosite.web import page_cache
from tests.web.test_caching import shared_redis  # noqa: F401  (a fixture)


def random_query(rng: random.Random) -> str:
    name = "x" + "".join(rng.choices(string.ascii_lowercase, k=rng.randint(0, 8)))
    value = "".join(rng.choices(string.ascii_letters + string.digits, k=rng.randint(0, 12)))
    return f"{name}={value}"


def test_a_forged_script_name_cannot_replace_a_page_for_other_readers(client, guide):
    """gunicorn used to take SCRIPT_NAME from a request header and strip it from the path:
    /guide/safety/ with 'SCRIPT_NAME: /guide/safety' was routed as the home page but
    cached under the safety page's address."""
    attacker = Client()
    for _ in range(3):
        attacker.get("/", SCRIPT_NAME="/guide/safety")
    victim = client.get("/guide/safety/")
    assert victim.status_code == 200
    assert "Safety and side effects" in victim.content.decode()
    assert "<title>Safety" in victim.content.decode()


def test_a_request_under_another_script_prefix_is_never_stored_or_served_from_the_cache(
    client, guide
):
    home = client.get("/")
    prefixed = client.get("/", SCRIPT_NAME="/elsewhere")
    assert prefixed.status_code == 200
    assert "X-Page-Cache" not in prefixed
    assert client.get("/")["X-Page-Cache"] == "hit"
    assert client.get("/").content == home.content


def test_query_parameters_a_view_does_not_read_get_the_canonical_page(client, guide):
    canonical = client.get("/guide/cost/")
    tracked = client.get("/guide/cost/?utm_source=newsletter&a=1")
    assert tracked["X-Page-Cache"] == "hit"
    assert tracked.content == canonical.content
    assert tracked["ETag"] == canonical["ETag"]


def test_a_view_sees_only_the_query_parameters_it_declares(client, site_content):
    response = client.get("/search/?q=cost&page=2&evil=1")
    assert set(response.wsgi_request.GET) == {"q"}
    assert response.wsgi_request.GET["q"] == "cost"


def test_declared_parameters_are_part_of_the_key_in_a_fixed_order(client, site_content):
    first = client.get("/search/?q=cost&utm=1")
    again = client.get("/search/?utm=2&q=cost")
    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content
    other = client.get("/search/?q=swelling")
    assert other["X-Page-Cache"] == "miss"


def test_the_key_depends_on_the_canonical_origin_not_on_the_host_a_client_sends(
    client, guide, settings
):
    settings.SITE_URL = "https://exosite.example"
    settings.ALLOWED_HOSTS = ["exosite.example", "testserver"]
    first = client.get("/guide/cost/", HTTP_HOST="exosite.example")
    for host in ("exosite.example:1", "EXOSITE.example", "exosite.example.", "testserver:99"):
        response = client.get("/guide/cost/", HTTP_HOST=host)
        assert response["X-Page-Cache"] == "hit", host
        assert response.content == first.content
    assert page_cache.stored_page_count() == 1


def test_without_site_url_default_ports_and_case_do_not_make_new_entries(client, guide):
    client.get("/guide/cost/", HTTP_HOST="testserver")
    for host in ("TESTSERVER", "testserver:80", "testserver."):
        assert client.get("/guide/cost/", HTTP_HOST=host)["X-Page-Cache"] == "hit", host


FLOOD = 5000


def flood_with_random_parameters(paths: list[str]) -> None:
    rng = random.Random(16)
    reader = Client()
    for number in range(FLOOD):
        path = paths[number % len(paths)]
        query = "&".join(random_query(rng) for _ in range(rng.randint(1, 3)))
        assert reader.get(f"{path}?{query}").status_code == 200


PAGES = ["/", "/guide/cost/", "/faq/", "/glossary/", "/feed/", "/sitemap.xml"]


@pytest.mark.parametrize("backend", ["memory", "redis"])
def test_five_thousand_requests_with_random_parameters_store_no_new_page(
    client, site_content, backend, request
):
    if backend == "redis":
        request.getfixturevalue("shared_redis")
    for path in PAGES:
        client.get(path)
    before = page_cache.stored_page_count()
    assert before == len(PAGES)
    flood_with_random_parameters(PAGES)
    assert page_cache.stored_page_count() == before


@pytest.mark.parametrize("backend", ["memory", "redis"])
def test_pages_that_differ_by_a_declared_parameter_are_stored_only_so_many_at_a_time(
    client, site_content, settings, backend, request
):
    """A flood of different searches: each is answered, but only PAGE_CACHE_QUERY_VARIANTS
    of them are stored in each period, so the cache holds a bounded number."""
    if backend == "redis":
        request.getfixturevalue("shared_redis")
    settings.PAGE_CACHE_QUERY_VARIANTS = 20
    for number in range(120):
        response = client.get(f"/search/?q=flood{number}")
        assert response.status_code == 200
        assert f"flood{number}" in response.content.decode()
    # 20 in this period; a run that crosses into the next period may store 20 more.
    assert 20 <= page_cache.stored_page_count() <= 40
    # A popular search stored early on is still served from the cache.
    assert client.get("/search/?q=flood3")["X-Page-Cache"] == "hit"
