"""Pages for anonymous readers are cacheable, served from the cache, and never stale after
an editor saves."""

import datetime
import os
import time
import uuid

import pytest
from django.core.cache import caches
from django.test import Client
from django.utils.http import http_date

from articles.models import GlossaryTerm, Section
from exosite.devtools.crawl import crawl
from exosite.editorial.workflow import approve
from exosite.web import page_cache
from tests.editorial.admin_forms import change_form_data, publish
from tests.web.cache_headers import PUBLIC_PAGE

REDIS = "redis://127.0.0.1:6379/15"


def test_a_readers_page_sets_no_cookie_and_may_be_cached_by_anyone(client, guide):
    response = client.get("/guide/cost/")
    assert response.status_code == 200
    assert not response.cookies
    assert "cookie" not in response.get("Vary", "").lower()
    assert response["Cache-Control"] == PUBLIC_PAGE
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"]


def test_no_public_page_sets_a_cookie_or_varies_on_cookies(site_content):
    client = Client()
    pages = crawl(client).pages
    assert len(pages) > 40
    for path in pages:
        response = client.get(path, secure=True)
        assert not response.cookies, path
        assert "cookie" not in response.get("Vary", "").lower(), path
        assert "public" in response["Cache-Control"], path


def test_the_second_visit_is_served_from_the_cache_without_the_database(
    client, guide, django_assert_num_queries
):
    first = client.get("/guide/cost/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/guide/cost/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_an_unchanged_page_answers_304_to_a_conditional_get(client, guide):
    first = client.get("/guide/safety/")
    by_etag = client.get("/guide/safety/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert by_etag.status_code == 304
    assert by_etag.content == b""
    by_date = client.get("/guide/safety/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert by_date.status_code == 304
    earlier = http_date(time.time() - 10 * 365 * 86400)
    assert client.get("/guide/safety/", HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


def test_a_saved_edit_shows_at_once_and_changes_the_etag(client, guide):
    before = client.get("/guide/cost/")
    section = Section.objects.get(slug="cost")
    section.summary = "A brand new summary written by an editor."
    section.save()
    after = client.get("/guide/cost/")
    assert after["X-Page-Cache"] == "miss"
    assert "A brand new summary written by an editor." in after.content.decode()
    assert after["ETag"] != before["ETag"]
    assert client.get("/guide/cost/", HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200


def test_an_edit_published_in_the_admin_shows_at_once_on_every_page_that_shows_it(
    guide, editor_client, reviewer
):
    reader = Client()
    assert "New title for costs" not in reader.get("/").content.decode()
    reader.get("/guide/cost/")
    section = Section.objects.get(slug="cost")
    response = editor_client.post(
        f"/admin/articles/section/{section.pk}/change/",
        change_form_data(editor_client, section, title="New title for costs"),
    )
    assert response.status_code == 302
    # Saved as a pending change: readers, cached or not, still see the live page.
    assert "New title for costs" not in reader.get("/").content.decode()
    assert "New title for costs" not in reader.get("/guide/cost/").content.decode()

    approve(section, reviewer)  # the cost page needs a medical reviewer's approval
    publish(editor_client, section)
    assert "New title for costs" in reader.get("/").content.decode()
    assert "New title for costs" in reader.get("/guide/cost/").content.decode()


def test_unpublishing_a_section_removes_it_from_cached_pages_at_once(client, guide):
    assert client.get("/guide/aftercare/").status_code == 200
    assert "/guide/aftercare/" in client.get("/").content.decode()
    Section.objects.filter(slug="aftercare").get().delete()
    assert client.get("/guide/aftercare/").status_code == 404
    assert "/guide/aftercare/" not in client.get("/").content.decode()


def test_a_glossary_change_reaches_cached_pages(client, site_content):
    assert client.get("/glossary/").status_code == 200
    term = GlossaryTerm.objects.first()
    term.definition = "A freshly reworded definition."
    term.save()
    assert "A freshly reworded definition." in client.get("/glossary/").content.decode()


def test_each_search_is_cached_under_its_own_query(client, site_content):
    cost = client.get("/search/", {"q": "cost"}).content.decode()
    swelling = client.get("/search/", {"q": "swelling"}).content.decode()
    assert cost != swelling
    again = client.get("/search/", {"q": "cost"})
    assert again["X-Page-Cache"] == "hit"
    assert again.content.decode() == cost


def test_a_signed_in_editor_is_never_served_or_stored_in_the_cache(editor_client, make_section):
    draft = make_section(status=Section.Status.DRAFT, title="Draft only editors see")
    preview = editor_client.get(draft.get_absolute_url())
    assert preview.status_code == 200
    assert "X-Page-Cache" not in preview
    assert "private" in preview["Cache-Control"]
    assert "Cookie" in preview["Vary"]
    assert Client().get(draft.get_absolute_url()).status_code == 404


def test_error_and_non_public_responses_are_not_stored(client, guide):
    assert client.get("/guide/no-such-section/").status_code == 404
    assert "X-Page-Cache" not in client.get("/guide/no-such-section/")
    assert "public" not in client.get("/healthz").get("Cache-Control", "")


def test_a_content_state_expires_at_the_next_scheduled_publication():
    now = time.time()
    state = page_cache.ContentState("1.0", changed_at=now - 60, next_change_at=now + 30)
    assert state.is_current(now)
    assert not state.is_current(now + 31)
    unscheduled = page_cache.ContentState("1.0", changed_at=now - 60)
    assert unscheduled.is_current(now + 1)


def test_with_an_in_memory_cache_other_processes_catch_up_within_the_state_lifetime(
    client, guide, settings
):
    """Two processes each with their own memory: the one that did not save the change
    serves its copy until its content state expires, then re-reads the database."""
    settings.PAGE_CACHE_STATE_SECONDS = 1
    client.get("/guide/cost/")
    Section.objects.filter(slug="cost").update(summary="Changed by another process.")
    from exosite.models import ContentVersion

    ContentVersion.objects.update(number=999, changed_at=datetime.datetime.now(datetime.UTC))
    assert "Changed by another process." not in client.get("/guide/cost/").content.decode()
    time.sleep(1.1)
    assert "Changed by another process." in client.get("/guide/cost/").content.decode()


def redis_is_up() -> bool:
    import redis

    try:
        return redis.Redis.from_url(REDIS, socket_connect_timeout=0.5).ping()
    except redis.exceptions.RedisError:
        return False


@pytest.fixture
def shared_redis(settings):
    """The cache as production has it with REDIS_URL set, under a key prefix of its own."""
    if not redis_is_up():
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail(f"REQUIRE_REDIS is set but Redis does not answer at {REDIS}")
        pytest.skip(f"Redis does not answer at {REDIS}; set REQUIRE_REDIS=1 to fail instead")
    settings.CACHES = {
        "default": {
            "BACKEND": "exosite.web.redis_cache.ResilientRedisCache",
            "LOCATION": REDIS,
            "KEY_PREFIX": f"exosite-test-{uuid.uuid4().hex}",
        }
    }
    settings.PAGE_CACHE_STATE_SECONDS = 300
    yield caches["default"]
    caches["default"].clear()


def test_processes_sharing_redis_see_an_edit_at_once(client, guide, shared_redis, settings):
    """A second process is a second connection to the same Redis: a save made through it
    drops the state every process reads, so the first process renders afresh."""
    first = client.get("/guide/cost/")
    assert client.get("/guide/cost/")["X-Page-Cache"] == "hit"
    other_process = caches.create_connection("default")
    assert other_process is not shared_redis
    assert other_process.get(page_cache.page_key(first.wsgi_request)) is not None
    original_cache = page_cache.cache
    page_cache.cache = other_process
    try:
        section = Section.objects.get(slug="cost")
        section.summary = "Saved through another process."
        section.save()
    finally:
        page_cache.cache = original_cache
    response = client.get("/guide/cost/")
    assert response["X-Page-Cache"] == "miss"
    assert "Saved through another process." in response.content.decode()


# A Redis cache where nothing listens.
UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "exosite.web.redis_cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}


def test_when_redis_is_down_pages_are_served_from_the_database(client, guide, settings):
    settings.CACHES = UNREACHABLE_REDIS
    for _ in range(3):
        response = client.get("/guide/cost/")
        assert response.status_code == 200
        assert "How much it costs" in response.content.decode()
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}


def test_a_scheduled_section_appears_on_cached_pages_when_its_time_comes(client, guide):
    """No save and no job: the content state knows the next publication time, and pages
    rendered before it are not served after it."""
    from django.utils import timezone

    soon = timezone.now() + datetime.timedelta(seconds=1.5)
    section = Section.objects.get(slug="aftercare")
    section.status = Section.Status.SCHEDULED
    section.publish_at = soon
    section.save()
    home = client.get("/")
    assert "/guide/aftercare/" not in home.content.decode()
    assert client.get("/")["X-Page-Cache"] == "hit"
    assert client.get("/guide/aftercare/").status_code == 404
    time.sleep(max(0.0, (soon - timezone.now()).total_seconds()) + 0.2)
    after = client.get("/")
    assert after["X-Page-Cache"] == "miss"
    assert "/guide/aftercare/" in after.content.decode()
    assert client.get("/guide/aftercare/").status_code == 200
    assert after["Last-Modified"] != home["Last-Modified"]
