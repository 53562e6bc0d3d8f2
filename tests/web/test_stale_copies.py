"""After an edit, each page is rendered once while readers keep getting the previous copy
(no stampede); a copy of a page that was withdrawn is never served again; and a draft's
save changes nothing readers see."""

import dataclasses
import threading

from django.core.cache import cache
from django.test import Client

from articles.models import Section
from exosite.editorial.models import Source
from exosite.web import page_cache
from tests.web import counting_urls
from tests.web.test_faults import database_down


def readers_at_once(path: str, count: int) -> list:
    """``count`` readers asking for ``path`` at the same moment, each with its own client."""
    start = threading.Barrier(count)
    responses = [None] * count

    def read(number: int) -> None:
        start.wait()
        responses[number] = Client().get(path)

    threads = [threading.Thread(target=read, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return responses


def an_edit_elsewhere() -> None:
    """What another process's save leaves behind: a newer content state."""
    state = page_cache.current_state()
    newer = dataclasses.replace(state, version=f"{state.number + 1}.0", number=state.number + 1)
    cache.set(page_cache.STATE_KEY, newer, timeout=600)


def test_after_an_edit_concurrent_readers_get_the_previous_copy_while_one_renders(db, settings):
    settings.ROOT_URLCONF = "tests.web.counting_urls"
    counting_urls.renders.clear()
    page_cache.current_state()
    first = Client().get("/counted/")
    assert first["X-Page-Cache"] == "miss"
    an_edit_elsewhere()
    responses = readers_at_once("/counted/", 12)
    assert len(counting_urls.renders) == 2  # the first visit, and once after the edit
    assert all(response.status_code == 200 for response in responses)
    statuses = sorted(response["X-Page-Cache"] for response in responses)
    assert statuses.count("miss") == 1
    assert set(statuses) <= {"miss", "stale", "hit"}
    stale = [r for r in responses if r["X-Page-Cache"] == "stale"]
    assert stale and all(r.content == first.content for r in stale)
    assert Client().get("/counted/")["X-Page-Cache"] == "hit"


def test_without_a_previous_copy_the_lock_is_not_needed_and_the_page_renders(db, settings):
    settings.ROOT_URLCONF = "tests.web.counting_urls"
    counting_urls.renders.clear()
    response = Client().get("/counted/")
    assert response.status_code == 200
    assert not cache.get(page_cache.LOCK_KEY_PREFIX + "x")


def test_the_lock_is_released_even_when_rendering_fails(client, guide, monkeypatch):
    client.get("/guide/cost/")
    an_edit_elsewhere()
    import articles.views

    def broken(*args, **kwargs):
        raise RuntimeError("template exploded")

    monkeypatch.setattr(articles.views, "render", broken)
    Client(raise_request_exception=False).get("/guide/cost/")
    monkeypatch.undo()
    assert client.get("/guide/cost/")["X-Page-Cache"] == "miss"


def test_shared_caches_are_told_they_may_serve_a_page_while_revalidating_or_on_error(client, guide):
    control = client.get("/guide/cost/")["Cache-Control"]
    assert "stale-while-revalidate=30" in control
    assert "stale-if-error=3600" in control


def test_an_archived_page_never_comes_back_from_a_stale_copy_when_the_database_fails(
    client, guide, monkeypatch
):
    assert "How much it costs" in client.get("/guide/cost/").content.decode()
    home = client.get("/")
    section = Section.objects.get(slug="cost")
    section.status = Section.Status.ARCHIVED
    section.save()
    database_down(monkeypatch)
    response = client.get("/guide/cost/")
    assert response.status_code == 503
    assert "How much it costs" not in response.content.decode()
    # The home page listed it: its old copy may not stand in either.
    assert client.get("/").status_code == 503
    assert home.status_code == 200


def test_a_withdrawn_page_is_not_served_stale_by_a_process_that_learns_of_it_later(
    client, guide, monkeypatch
):
    """Another process: it knows the state from the database, not from its own save."""
    client.get("/guide/cost/")
    Section.objects.filter(slug="cost").update(status=Section.Status.ARCHIVED)
    from exosite.models import ContentVersion

    version = ContentVersion.objects.get()
    ContentVersion.objects.update(number=version.number + 1, withdrawn_number=version.number + 1)
    cache.delete(page_cache.STATE_KEY)
    page_cache.forget_failures()
    page_cache.current_state()  # it reads the new state, then the database fails
    cache.delete(page_cache.STATE_KEY)
    database_down(monkeypatch)
    response = client.get("/guide/cost/")
    assert response.status_code == 503


def test_after_a_withdrawal_readers_wait_for_the_new_page_rather_than_get_the_old(client, guide):
    first = client.get("/guide/cost/")
    section = Section.objects.get(slug="cost")
    section.status = Section.Status.DRAFT
    section.save()
    # Another reader is rendering the page: this one would get the previous copy.
    key = page_cache.page_key(first.wsgi_request)
    cache.set(page_cache.LOCK_KEY_PREFIX + key.removeprefix(page_cache.PAGE_KEY_PREFIX), 1, 10)
    response = client.get("/guide/cost/")
    assert response.status_code == 404
    assert "How much it costs" not in response.content.decode()


def test_a_page_that_is_gone_leaves_no_copy_in_the_cache(client, guide):
    first = client.get("/guide/cost/")
    key = page_cache.page_key(first.wsgi_request)
    assert cache.get(key) is not None
    Section.objects.filter(slug="cost").update(status=Section.Status.ARCHIVED)
    an_edit_elsewhere()
    assert client.get("/guide/cost/").status_code == 410
    assert cache.get(key) is None


def test_saving_a_draft_changes_nothing_readers_see(client, guide, make_section):
    draft = make_section(status=Section.Status.DRAFT, title="Work in progress")
    first = client.get("/guide/cost/")
    draft.body = "A new paragraph nobody may read yet.\n"
    draft.save()
    Source.objects.create(
        page=draft, order=1, key="draft", title="A source for the draft", url="https://a.example"
    )
    again = client.get("/guide/cost/")
    assert again["X-Page-Cache"] == "hit"
    assert again["Last-Modified"] == first["Last-Modified"]
    assert again["ETag"] == first["ETag"]


def test_publishing_a_draft_shows_at_once(client, guide, make_section):
    draft = make_section(status=Section.Status.DRAFT, title="Brand new section")
    assert "Brand new section" not in client.get("/").content.decode()
    draft.status = Section.Status.PUBLISHED
    draft.save()
    assert "Brand new section" in client.get("/").content.decode()


def test_a_source_of_a_published_section_still_changes_its_page(client, guide):
    client.get("/guide/cost/")
    section = Section.objects.get(slug="cost")
    Source.objects.create(
        page=section, order=99, key="new", title="A newly added source", url="https://a.example"
    )
    section.after_sources_changed()
    assert "A newly added source" in client.get("/guide/cost/").content.decode()
