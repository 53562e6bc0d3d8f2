"""No lost updates: when two editors open the same page and both save, the second save is
refused with what the first one changed, and keeps everything the second editor typed."""

import re
import threading

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client

from articles.models import Section
from exosite.editorial.concurrency import StaleEdit, VersionedAdminForm
from exosite.editorial.groups import EDITORS_GROUP
from exosite.editorial.workflow import PageWorkflow
from tests.editorial.admin_forms import change_form_data


def editor_session(username: str, full_name: str) -> Client:
    first, last = full_name.split()
    user = User.objects.create_user(username, is_staff=True, first_name=first, last_name=last)
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    client = Client()
    client.force_login(user)
    return client


def open_form(client: Client, section: Section) -> dict:
    """What the browser holds after opening the change form: the page's fields and the
    hidden version it was opened at."""
    data = change_form_data(client, section)
    assert data["version"] == str(section.version)
    return data


@pytest.fixture
def two_editors(db):
    return editor_session("alice", "Alice Able"), editor_session("bob", "Bob Baker")


def test_the_second_of_two_concurrent_saves_is_refused_and_keeps_the_typed_text(
    two_editors, make_section
):
    alice, bob = two_editors
    section = make_section(body="## Costs\n\nPrices vary.\n")
    url = f"/admin/articles/section/{section.pk}/change/"
    alices_form = open_form(alice, section)
    bobs_form = open_form(bob, section)

    alices_form["body"] = "## Costs\n\nPrices vary a lot between clinics.\n"
    assert alice.post(url, alices_form).status_code == 302

    bobs_form["body"] = "## Costs\n\nPrices vary. Ask for a written quote.\n"
    response = bob.post(url, bobs_form)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Not saved: Alice Able saved this page" in html
    assert "Someone else saved this page while you were editing" in html
    # What Alice changed, compared with the page as Bob opened it.
    assert (
        '<ins><span class="revision-diff__said">added: </span> a lot between clinics</ins>' in html
    )
    # Bob's text is still in the form; Alice's change is the one waiting to be published.
    assert "Prices vary. Ask for a written quote." in html
    pending = PageWorkflow.of(section).pending["fields"]
    assert pending["body"] == "## Costs\n\nPrices vary a lot between clinics.\n"


def test_after_a_conflict_both_texts_are_shown_side_by_side(two_editors, make_section):
    alice, bob = two_editors
    section = make_section(body="## Costs\n\nPrices vary.\n")
    url = f"/admin/articles/section/{section.pk}/change/"
    alices_form, bobs_form = open_form(alice, section), open_form(bob, section)
    alice.post(url, {**alices_form, "body": "## Costs\n\nAlice's careful wording.\n"})
    html = bob.post(url, {**bobs_form, "body": "## Costs\n\nBob's quick wording.\n"})
    html = html.content.decode()
    pair = html.split('class="conflict-sides__pair"', 1)[1].split("</section>", 1)[0]
    theirs, yours = pair.split("conflict-sides__side--yours", 1)
    assert "Their version (saved, what readers see)" in theirs
    assert "Alice&#x27;s careful wording." in theirs
    assert "Your version (not saved)" in yours and "Bob&#x27;s quick wording." in yours
    assert 'data-use-theirs="body"' in theirs


def test_saving_again_after_a_conflict_needs_the_editor_to_say_they_compared_both(
    two_editors, make_section
):
    alice, bob = two_editors
    section = make_section()
    url = f"/admin/articles/section/{section.pk}/change/"
    alices_form, bobs_form = open_form(alice, section), open_form(bob, section)
    alice.post(url, {**alices_form, "title": "Alice's title"})
    refused = bob.post(url, {**bobs_form, "title": "Bob's title"}).content.decode()

    # Pressing Save again, without looking, is refused again: Alice's change stays.
    again = bob.post(url, {**bobs_form, "title": "Bob's title"})
    assert "Not saved: Alice Able saved this page" in again.content.decode()
    assert PageWorkflow.of(section).pending["fields"]["title"] == "Alice's title"

    # Ticking "I have compared both versions" (it names the version Bob saw) saves his,
    # as the change waiting to be published; readers still see the live title.
    seen = re.search(r'name="_overwrite_version" value="(\d+)"', refused).group(1)
    response = bob.post(url, {**bobs_form, "title": "Bob's title", "_overwrite_version": seen})
    assert response.status_code == 302
    assert PageWorkflow.of(section).pending["fields"]["title"] == "Bob's title"
    live_title = section.title
    section.refresh_from_db()
    assert section.title == live_title


def test_a_tick_for_an_older_version_does_not_overwrite_a_newer_save(two_editors, make_section):
    alice, bob = two_editors
    section = make_section()
    url = f"/admin/articles/section/{section.pk}/change/"
    alices_form, bobs_form = open_form(alice, section), open_form(bob, section)
    alice.post(url, {**alices_form, "title": "Alice's title"})
    refused = bob.post(url, {**bobs_form, "title": "Bob's title"}).content.decode()
    seen = re.search(r'name="_overwrite_version" value="(\d+)"', refused).group(1)
    # Alice saves once more while Bob reads: what Bob compared is no longer current.
    alice.post(url, change_form_data(alice, section, title="Alice's second title"))
    response = bob.post(url, {**bobs_form, "title": "Bob's title", "_overwrite_version": seen})
    assert response.status_code == 200
    assert PageWorkflow.of(section).pending["fields"]["title"] == "Alice's second title"


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite lets no second connection commit while the editor's save transaction is "
    "open, so this race cannot happen there (the colleague's save waits or fails instead).",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_save_racing_past_the_form_check_is_still_refused(make_section, monkeypatch):
    """A colleague's save commits, from another connection, between the form's check and
    the database write: the write's own atomic version check refuses to overwrite it, and
    the editor sees the conflict with their text kept."""
    _, bob = editor_session("alice", "Alice Able"), editor_session("bob", "Bob Baker")
    section = make_section(title="Original")
    url = f"/admin/articles/section/{section.pk}/change/"
    bobs_form = open_form(bob, section)
    original_clean = VersionedAdminForm.clean
    raced = []

    def colleague_saves() -> None:
        try:
            other_copy = Section.objects.get(pk=section.pk)
            other_copy.title = "Saved in between"
            other_copy.save()
        finally:
            connection.close()

    def clean_then_a_colleague_saves(form):
        cleaned = original_clean(form)
        if not raced:
            raced.append(True)
            colleague = threading.Thread(target=colleague_saves)
            colleague.start()
            colleague.join()
        return cleaned

    monkeypatch.setattr(VersionedAdminForm, "clean", clean_then_a_colleague_saves)
    response = bob.post(url, {**bobs_form, "title": "Bob's title"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Not saved:" in html and "Bob&#x27;s title" in html
    section.refresh_from_db()
    assert section.title == "Saved in between"


def test_saving_a_stale_copy_of_a_page_raises_instead_of_overwriting(make_section):
    section = make_section(title="Original")
    first, second = Section.objects.get(pk=section.pk), Section.objects.get(pk=section.pk)
    first.title = "First"
    first.save()
    second.title = "Second"
    with pytest.raises(StaleEdit):
        second.save()
    assert Section.objects.get(pk=section.pk).title == "First"
    assert Section.objects.get(pk=section.pk).version == section.version + 1


def test_questions_are_protected_from_lost_updates_too(two_editors, make_question):
    alice, bob = two_editors
    question = make_question(answer="Short answer.")
    url = f"/admin/faq/question/{question.pk}/change/"

    alices, bobs = change_form_data(alice, question), change_form_data(bob, question)
    assert alice.post(url, {**alices, "answer": "Alice's answer."}).status_code == 302
    response = bob.post(url, {**bobs, "answer": "Bob's answer."})
    assert response.status_code == 200 and "Not saved: Alice Able" in response.content.decode()
    assert PageWorkflow.of(question).pending["fields"]["answer"] == "Alice's answer.\n"
