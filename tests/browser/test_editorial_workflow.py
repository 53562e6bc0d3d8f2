"""Two editors and a medical reviewer take a change to a live page from edit to pending
to reviewed to published, entirely in the admin of a real browser; readers see the old
text until it is published. Screenshots go to SCREENSHOTS_DIR when it is set."""

import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from articles.models import Section
from exosite.editorial.groups import EDITORS_GROUP

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NEW_SENTENCE = "Keep the treated skin out of strong sun for two weeks."


def shoot(page, name: str) -> None:
    folder = os.environ.get("SCREENSHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def log_in(open_page, username: str, password: str, width: int = 1280):
    page = open_page(width=width, height=900)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Open the editorial dashboard")).to_be_visible()
    return page


def test_two_editors_and_a_reviewer_publish_a_reviewed_change(
    open_page, site_content, editor, reviewer
):
    bob = User.objects.create_user("bob", password="a-long-editor-password", is_staff=True)
    bob.groups.add(Group.objects.get(name=EDITORS_GROUP))
    section = Section.objects.get(slug="aftercare")
    change_url = f"/admin/articles/section/{section.pk}/change/"

    # Alice (the editor) changes the live aftercare page: it waits as a pending change.
    alice = log_in(open_page, "editor", "a-long-editor-password")
    alice.goto(change_url)
    body = alice.locator("#id_body")
    body.fill(body.input_value().replace("\n", f"\n\n{NEW_SENTENCE}\n", 1))
    alice.get_by_role("button", name="Save", exact=True).click()
    expect(alice.locator(".messagelist")).to_contain_text("Saved as a pending change")
    alice.goto(change_url)
    expect(alice.get_by_role("heading", name="A change is waiting to be published")).to_be_visible()
    shoot(alice, "01-form-with-pending-change-laptop")

    reader = open_page(width=390, height=844)
    reader.goto("/guide/aftercare/")
    expect(reader.locator("main")).not_to_contain_text(NEW_SENTENCE)

    # Bob previews the change, then submits it for medical review with a note.
    bob_page = log_in(open_page, "bob", "a-long-editor-password")
    bob_page.goto(change_url)
    bob_page.get_by_role("button", name="Save and preview").click()
    frame = bob_page.frame_locator("iframe")
    expect(frame.locator("main")).to_contain_text(NEW_SENTENCE)
    expect(frame.locator(".editorial-preview")).to_contain_text("Preview, not public")
    shoot(bob_page, "02-preview-laptop")
    bob_page.get_by_role("link", name="Phone (390 px)").click()
    expect(bob_page.locator("iframe")).to_have_attribute("width", "390")
    expect(frame.locator("main")).to_contain_text(NEW_SENTENCE)
    shoot(bob_page, "03-preview-phone-frame")
    bob_page.goto(change_url)
    bob_page.get_by_label("Note to the medical reviewer (optional)").fill(
        "New sun advice: please check two weeks is right."
    )
    bob_page.get_by_role("button", name="Save and submit for medical review").click()
    expect(bob_page.locator(".messagelist")).to_contain_text("Submitted for medical review")

    # Publishing is refused until a reviewer approves (aftercare needs a sign-off).
    alice.goto(f"/admin/articles/section/{section.pk}/publish/")
    expect(alice.locator(".errornote")).to_contain_text("must approve its text")
    shoot(alice, "04-publish-refused-laptop")

    # The reviewer finds it in the queue, reads what changed, and approves it.
    rita = log_in(open_page, "reviewer", "a-long-reviewer-password")
    rita.get_by_role("link", name="Open the editorial dashboard").click()
    queue = rita.locator("#waiting-for-review")
    expect(queue).to_contain_text("please check two weeks is right")
    shoot(rita, "05-dashboard-reviewer-laptop")
    queue.get_by_role("link", name="Review").click()
    expect(rita.locator("ins").filter(has_text="strong sun").first).to_be_visible()
    shoot(rita, "06-review-laptop")
    rita.get_by_label("Comment for the editor (required to send back)").fill("Correct.")
    rita.get_by_role("button", name="Approve as medically reviewed").click()
    expect(rita.locator(".messagelist")).to_contain_text("Approved as medically reviewed")

    expect(reader.locator("main")).not_to_contain_text(NEW_SENTENCE)
    reader.reload()
    expect(reader.locator("main")).not_to_contain_text(NEW_SENTENCE)

    # Alice publishes it; readers see it with the reviewer's name.
    alice.goto(f"/admin/articles/section/{section.pk}/publish/")
    expect(alice.locator(".workflow-publish__approved")).to_contain_text("Dr Rita Example")
    shoot(alice, "07-publish-approved-laptop")
    alice.get_by_role("button", name="Publish now").click()
    expect(alice.locator(".messagelist")).to_contain_text("Published the pending change")

    reader.reload()
    expect(reader.locator("main")).to_contain_text(NEW_SENTENCE)
    expect(reader.locator("main")).to_contain_text("Dr Rita Example")
    shoot(reader, "08-published-phone")

    phone = log_in(open_page, "editor", "a-long-editor-password", width=390)
    phone.goto("/admin/editorial/")
    shoot(phone, "09-dashboard-phone")
