"""A change to a live page waits as a pending change until someone publishes it: readers,
lists, search, the sitemap and the feed keep showing the live text."""

import datetime
import time

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import timezone

from articles.models import Section
from exosite.editorial.groups import EDITORS_GROUP
from exosite.editorial.models import Source
from exosite.editorial.page_urls import admin_url
from exosite.editorial.workflow import PageWorkflow
from exosite.search import parse_query, search
from tests.editorial.admin_forms import change_form_data
from tests.web.test_caching import shared_redis  # noqa: F401 (a fixture)


def public_text(page) -> str:
    """What an anonymous reader sees of the page and everywhere it is listed."""
    client = Client()
    paths = [page.get_absolute_url(), "/", "/sitemap.xml", "/feed/", "/faq/"]
    return "".join(client.get(path).content.decode() for path in paths)


def second_editor():
    user = User.objects.create_user("bob", password="a-long-editor-password", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    other = Client()
    other.force_login(user)
    return user, other


def test_saving_a_live_section_keeps_readers_on_the_live_text(editor_client, editor, make_section):
    section = make_section(body="## Part\n\nThe live words.\n")
    data = change_form_data(
        editor_client, section, body="## Part\n\nQuarantined xylophone words.\n"
    )
    response = editor_client.post(admin_url(section), data)
    assert response.status_code == 302, response.content.decode()[:3000]

    section.refresh_from_db()
    assert "The live words." in section.body
    assert "xylophone" not in public_text(section)
    assert not search(parse_query("xylophone"))
    workflow = PageWorkflow.of(section)
    assert workflow.has_pending and workflow.pending_by == editor
    assert "xylophone" in workflow.pending["fields"]["body"]


def test_the_form_shows_the_pending_text_who_saved_it_and_the_diff(editor_client, make_section):
    section = make_section(body="## Part\n\nThe live words.\n")
    data = change_form_data(editor_client, section, body="## Part\n\nThe pending words.\n")
    editor_client.post(admin_url(section), data)

    page = editor_client.get(admin_url(section)).content.decode()
    assert "A change is waiting to be published" in page
    assert "Readers still see the live version" in page
    assert "The pending words." in page  # in the form and the diff
    assert "<del" in page and "<ins" in page


def test_a_second_edit_builds_on_the_pending_change_not_the_live_text(editor_client, make_section):
    section = make_section(title="Live title", body="## Part\n\nThe live words.\n")
    editor_client.post(
        admin_url(section), change_form_data(editor_client, section, title="New title")
    )
    data = change_form_data(editor_client, section, body="## Part\n\nNew words too.\n")
    assert data["title"] == "New title"
    editor_client.post(admin_url(section), data)

    pending = PageWorkflow.of(section).pending["fields"]
    assert pending["title"] == "New title" and "New words too." in pending["body"]
    section.refresh_from_db()
    assert section.title == "Live title"


def test_pending_sources_wait_with_the_text_and_survive_another_edit(editor_client, make_section):
    section = make_section(body="## Part\n\nA claim.\n")
    data = change_form_data(
        editor_client,
        section,
        body="## Part\n\nA claim.[^who]\n",
        **{
            "exosite-source-content_type-object_id-TOTAL_FORMS": "1",
            "exosite-source-content_type-object_id-0-order": "1",
            "exosite-source-content_type-object_id-0-key": "who",
            "exosite-source-content_type-object_id-0-title": "A report",
            "exosite-source-content_type-object_id-0-url": "https://example.org/report",
        },
    )
    response = editor_client.post(admin_url(section), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert not Source.objects.filter(object_id=section.pk, key="who").exists()

    # Open the form again and save a change to the title only: the pending source stays.
    editor_client.post(admin_url(section), change_form_data(editor_client, section, title="T2"))
    pending = PageWorkflow.of(section).pending
    assert [source["key"] for source in pending["sources"]] == ["who"]
    assert pending["fields"]["title"] == "T2"


def test_publishing_makes_the_change_live_everywhere_and_records_who(
    editor_client, editor, make_section
):
    section = make_section(slug="acne-notes", body="## Part\n\nThe live words.\n")
    editor_client.post(
        admin_url(section),
        change_form_data(editor_client, section, body="## Part\n\nPublished xylophone words.\n"),
    )
    assert "xylophone" not in public_text(section)

    confirm = editor_client.get(admin_url(section, "publish")).content.decode()
    assert "Publish now" in confirm and "xylophone" in confirm
    response = editor_client.post(admin_url(section, "publish"))
    assert response.status_code == 302

    assert "xylophone" in Client().get(section.get_absolute_url()).content.decode()
    assert search(parse_query("xylophone"))
    latest = section.history.first()
    assert latest.history_user == editor
    assert latest.history_change_reason.startswith("Published the change saved by editor")
    assert PageWorkflow.of(section) is None


def test_a_faq_answer_and_its_guide_links_are_staged_too(
    editor_client, make_question, make_section
):
    linked = make_section(title="Linked section")
    question = make_question(answer="The live answer.")
    data = change_form_data(
        editor_client, question, answer="The pending answer.", sections=[str(linked.pk)]
    )
    assert editor_client.post(admin_url(question), data).status_code == 302
    question.refresh_from_db()
    assert question.answer.strip() == "The live answer."
    assert list(question.sections.all()) == []
    assert "pending answer" not in Client().get(question.get_absolute_url()).content.decode()

    editor_client.post(admin_url(question, "publish"))
    question.refresh_from_db()
    assert question.answer.strip() == "The pending answer."
    assert list(question.sections.all()) == [linked]


def test_a_draft_is_saved_directly_as_before(editor_client, make_section):
    section = make_section(status=Section.Status.DRAFT, body="## Part\n\nOld.\n")
    editor_client.post(
        admin_url(section), change_form_data(editor_client, section, body="## Part\n\nNew.\n")
    )
    section.refresh_from_db()
    assert "New." in section.body
    assert PageWorkflow.of(section) is None


def test_archiving_a_live_page_takes_effect_at_once(editor_client, make_section):
    section = make_section()
    data = change_form_data(editor_client, section, status="archived")
    editor_client.post(admin_url(section), {**data, "_takedown_confirmed": "Yes"})
    section.refresh_from_db()
    assert section.status == "archived"
    assert Client().get(section.get_absolute_url()).status_code == 410


def test_two_editors_saving_pending_changes_from_the_same_version_conflict(
    editor_client, make_section
):
    section = make_section(body="## Part\n\nLive.\n")
    _, bob = second_editor()
    alice_form = change_form_data(editor_client, section, body="## Part\n\nAlice's.\n")
    bob_form = change_form_data(bob, section, body="## Part\n\nBob's.\n")
    assert editor_client.post(admin_url(section), alice_form).status_code == 302
    response = bob.post(admin_url(section), bob_form)
    assert response.status_code == 200  # refused, form shown again with his text
    assert "Bob&#x27;s." in response.content.decode() or "Bob's." in response.content.decode()
    assert "Alice's." in PageWorkflow.of(section).pending["fields"]["body"]


def test_discarding_the_pending_change_leaves_the_live_page(editor_client, make_section):
    section = make_section(body="## Part\n\nLive.\n")
    editor_client.post(admin_url(section), change_form_data(editor_client, section, body="X"))
    editor_client.post(admin_url(section, "discard"))
    assert PageWorkflow.of(section) is None
    section.refresh_from_db()
    assert "Live." in section.body


def test_a_scheduled_change_goes_live_by_itself_at_its_time_even_from_the_page_cache(
    editor_client, editor, make_section
):
    section = make_section(body="## Part\n\nLive words.\n")
    reader = Client()
    editor_client.post(
        admin_url(section),
        change_form_data(editor_client, section, body="## Part\n\nScheduled walrus words.\n"),
    )
    soon = timezone.localtime() + datetime.timedelta(seconds=2)
    response = editor_client.post(
        admin_url(section, "publish"), {"publish_at": soon.strftime("%Y-%m-%dT%H:%M:%S")}
    )
    assert response.status_code == 302
    assert PageWorkflow.of(section).publish_at is not None
    for _ in range(2):  # rendered, then from the cache
        assert "walrus" not in reader.get(section.get_absolute_url()).content.decode()

    time.sleep(2.2)
    assert "walrus" in reader.get(section.get_absolute_url()).content.decode()
    latest = section.history.first()
    assert latest.history_user == editor
    assert PageWorkflow.of(section) is None


def test_a_change_cannot_be_scheduled_in_the_past(editor_client, make_section):
    section = make_section()
    editor_client.post(admin_url(section), change_form_data(editor_client, section, title="T"))
    response = editor_client.post(
        admin_url(section, "publish"), {"publish_at": "2020-01-01T09:00"}, follow=True
    )
    assert "That time has already passed" in response.content.decode()
    assert PageWorkflow.of(section).publish_at is None


def test_saving_another_change_cancels_the_schedule(editor_client, make_section):
    section = make_section()
    editor_client.post(admin_url(section), change_form_data(editor_client, section, title="A"))
    editor_client.post(admin_url(section, "publish"), {"publish_at": "2099-01-01T09:00"})
    assert PageWorkflow.of(section).publish_at is not None
    editor_client.post(admin_url(section), change_form_data(editor_client, section, title="B"))
    assert PageWorkflow.of(section).publish_at is None


@pytest.mark.usefixtures("shared_redis")
def test_with_redis_readers_never_see_a_pending_change_until_it_is_published(
    editor_client, make_section
):
    section = make_section(body="## Part\n\nLive words.\n")
    reader = Client()
    assert reader.get(section.get_absolute_url())["X-Page-Cache"] == "miss"
    editor_client.post(
        admin_url(section),
        change_form_data(editor_client, section, body="## Part\n\nPending narwhal words.\n"),
    )
    editor_client.get(admin_url(section, "preview") + "?frame=1")
    for _ in range(2):
        response = reader.get(section.get_absolute_url())
        assert "narwhal" not in response.content.decode()
    assert response["X-Page-Cache"] == "hit"  # the save changed nothing readers see
    editor_client.post(admin_url(section, "publish"))
    response = reader.get(section.get_absolute_url())
    assert "narwhal" in response.content.decode() and response["X-Page-Cache"] == "miss"


def test_restoring_an_old_revision_of_a_live_page_is_a_pending_change(editor_client, make_section):
    section = make_section(body="## Part\n\nOld words.\n")
    old = section.history.get()
    section.body = "## Part\n\nCurrent words.\n"
    section.save()
    response = editor_client.post(admin_url(section, "history") + f"{old.history_id}/restore/")
    assert response.status_code == 302
    section.refresh_from_db()
    assert "Current words." in section.body
    assert "Current words." in Client().get(section.get_absolute_url()).content.decode()
    assert "Old words." in PageWorkflow.of(section).pending["fields"]["body"]
    editor_client.post(admin_url(section, "publish"))
    assert "Old words." in Client().get(section.get_absolute_url()).content.decode()


def test_deleting_a_page_deletes_its_pending_change(editor_client, make_section):
    section = make_section()
    editor_client.post(admin_url(section), change_form_data(editor_client, section, title="T"))
    assert PageWorkflow.objects.count() == 1
    section.delete()
    assert PageWorkflow.objects.count() == 0
