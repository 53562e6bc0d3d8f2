"""An editor in a real browser finds a bad edit in a section's history, compares it,
restores the earlier text and publishes it; visitors then see the restored text."""

import pytest
from playwright.sync_api import expect

from articles.models import Section

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_an_editor_restores_an_old_revision_and_visitors_see_it(open_page, site_content, editor):
    section = Section.objects.get(slug="results")
    original_body = section.body
    section.body = "## Oops\n\nThis edit deleted the whole section by mistake.\n"
    section.save()

    page = open_page(width=1280, height=900)
    page.goto("/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a-long-editor-password")
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("link", name="Sections").first.click()
    page.get_by_role("link", name="What results to expect").click()
    page.get_by_role("link", name="History").click()
    expect(page.get_by_role("table", name="Revisions, newest first")).to_be_visible()

    page.get_by_role("button", name="Compare selected revisions").click()
    expect(page.locator("ins", has_text="Oops").first).to_be_visible()

    page.get_by_role("link", name="Restore the older revision…").click()
    expect(page.get_by_role("heading", name="Restore the revision of")).to_be_visible()
    page.get_by_role("button", name="Yes, restore this revision").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Restored the revision of")
    # The page is live: the restored text waits as a pending change until it is published.
    page.get_by_role("link", name="Publish…").first.click()
    page.get_by_role("button", name="Publish now").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Published the pending change")

    section.refresh_from_db()
    assert section.body == original_body
    assert section.history.count() == 3

    page.goto("/guide/results/")
    expect(page.locator("h1")).to_have_text("What results to expect")
    assert page.locator("h2", has_text="Oops").count() == 0
