"""Guard rails in a real browser: leaving a form with unsaved edits asks first; an edit
conflict shows both texts side by side; image uploads report the server's message and
insert the image on its own line.

Set SCREENSHOT_DIR to keep screenshots of each state (phone 390 px, laptop 1280 px)."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from articles.models import Section
from exosite.editorial.page_urls import admin_url

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def screenshot(page: Page, name: str) -> None:
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def logged_in(open_page, width: int = 1280) -> Page:
    page = open_page(width=width, height=900)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a-long-editor-password")
    page.get_by_role("button", name="Log in").click()
    expect(
        page.get_by_role("link", name="Log out").or_(page.locator("#logout-form"))
    ).to_have_count(1)
    return page


def test_leaving_a_form_with_unsaved_edits_asks_first(open_page, site_content, editor):
    section = Section.objects.get(slug="results")
    page = logged_in(open_page)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))

    # Nothing typed yet: the History link just opens the history.
    page.goto(admin_url(section))
    page.get_by_role("link", name="History").click()
    expect(page.get_by_role("table", name="Revisions, newest first")).to_be_visible()
    assert dialogs == []

    # Typed but not saved: the browser asks, and staying keeps the typing.
    page.goto(admin_url(section))
    page.locator("#id_title").fill("A title nobody saved")
    page.get_by_role("link", name="History").click(no_wait_after=True)
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.url.endswith("/change/")
    assert page.locator("#id_title").input_value() == "A title nobody saved"

    # Saving never asks.
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert dialogs == ["beforeunload"]
    section.refresh_from_db()
    assert section.title == "A title nobody saved"


@pytest.mark.parametrize("width", [1280, 390])
def test_an_edit_conflict_shows_both_texts_and_can_take_theirs(
    open_page, site_content, editor, width
):
    section = Section.objects.get(slug="results")
    page = logged_in(open_page, width)
    page.goto(admin_url(section))
    # A colleague saves while this editor types.
    colleague = Section.objects.get(pk=section.pk)
    colleague.summary = "A colleague's better summary."
    colleague.save()
    page.locator("#id_summary").fill("My hasty summary.")
    page.get_by_role("button", name="Save", exact=True).click()

    box = page.locator(".revision-conflict")
    expect(box).to_contain_text("Their version (saved, what readers see)")
    expect(box.locator(".conflict-sides__side--theirs")).to_contain_text(
        "A colleague's better summary."
    )
    expect(box.locator(".conflict-sides__side--yours")).to_contain_text("My hasty summary.")
    screenshot(page, f"conflict-side-by-side-{width}")

    box.get_by_role("button", name="Use their text").click()
    assert page.locator("#id_summary").input_value() == "A colleague's better summary."
