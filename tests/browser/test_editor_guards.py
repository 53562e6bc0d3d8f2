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
from exosite.editorial.workflow import PageWorkflow
from tests.browser.axe import WCAG_TAGS, report, violations_on_pages

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
    # (A live page's save waits as its pending change.)
    assert PageWorkflow.of(section).pending["fields"]["title"] == "A title nobody saved"


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


def png_bytes() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 80, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("width", [1280, 390])
def test_an_uploaded_image_goes_on_its_own_line_and_a_refused_file_says_why(
    open_page, site_content, editor, width
):
    section = Section.objects.get(slug="results")
    page = logged_in(open_page, width)
    page.goto(admin_url(section))
    body = page.locator("textarea.markdownx-editor")
    original = body.input_value()
    heading = "## Changes some people may see"
    assert heading in original

    # A PDF dropped on the editor: the server's reason is shown, nothing is inserted.
    page.evaluate(
        """() => {
            const editor = document.querySelector("textarea.markdownx-editor");
            const data = new DataTransfer();
            data.items.add(new File(["%PDF-1.4 not an image"], "notes.pdf",
                                    {type: "application/pdf"}));
            editor.dispatchEvent(new DragEvent("drop", {dataTransfer: data, bubbles: true,
                                                         cancelable: true}));
        }"""
    )
    message = page.locator(".image-tools__message")
    expect(message).to_contain_text("Not uploaded: This file is not an image we can use.")
    expect(message).to_contain_text("Nothing was added to the text.")
    assert body.input_value() == original
    assert "Invalid response" not in body.input_value()
    screenshot(page.locator(".image-tools").page, f"upload-refused-{width}")

    # A PNG chosen with the caret at the start of a heading: the image gets its own line
    # and the heading stays a heading.
    start = original.index(heading)
    body.evaluate(f"(editor) => {{ editor.focus(); editor.setSelectionRange({start}, {start}); }}")
    page.locator(".image-tools__file").set_input_files(
        {"name": "cheek.png", "mimeType": "image/png", "buffer": png_bytes()}
    )
    expect(message).to_contain_text("Image added on line")
    text = body.input_value()
    image_line = next(line for line in text.splitlines() if line.startswith("![Describe"))
    assert image_line.endswith(".png)")
    assert f"{image_line}\n\n{heading}" in text
    assert text.split(image_line)[0].endswith("\n\n")
    # The placeholder is selected, ready to be typed over.
    selected = body.evaluate("(e) => e.value.slice(e.selectionStart, e.selectionEnd)")
    assert selected == "Describe this image for people who cannot see it"
    expect(
        page.locator(".markdownx-preview h2", has_text="Changes some people may see")
    ).to_be_visible()
    screenshot(page, f"upload-inserted-{width}")

    # Saving with the placeholder is refused, and says so.
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".errorlist")).to_contain_text("still has the placeholder alt text")


def test_an_image_from_the_library_is_inserted_with_its_alt_text(open_page, site_content, editor):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from exosite.editorial.models import UploadedImage

    name = default_storage.save("uploads/library-example.png", ContentFile(png_bytes()))
    UploadedImage.objects.create(file=name, alt_text="A cheek after treatment", width=40, height=30)
    page = logged_in(open_page)
    page.goto(admin_url(Section.objects.get(slug="results")))
    page.get_by_role("button", name="Choose from the image library").click()
    library = page.locator(".image-library")
    expect(library).to_contain_text("A cheek after treatment")
    screenshot(page, "image-library-1280")
    library.get_by_role("button", name="Insert “A cheek after treatment”").click()
    # The caret was at the start of the text: the image comes first, on its own line.
    text = page.locator("textarea.markdownx-editor").input_value()
    assert text.startswith(f"![A cheek after treatment](/media/{name})\n\n")


@pytest.mark.parametrize("width", [1280, 390])
def test_archiving_asks_first_then_readers_are_sent_to_the_replacement(
    open_page, site_content, editor, width
):
    section = Section.objects.get(slug="safety")
    page = logged_in(open_page, width)
    page.goto(admin_url(section))
    page.locator("#id_status").select_option("archived")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_role("heading", name="Take this page off the site?")).to_be_visible()
    expect(page.locator(".takedown__links")).to_contain_text("published pages link here")
    page.get_by_label("Send readers on to").select_option(label="Is exosome therapy safe?")
    screenshot(page, f"archive-confirm-{width}")
    page.get_by_role("button", name="Yes, take it off the site").click()
    expect(page.locator(".messagelist .success").first).to_be_visible()

    visitor = open_page(width=width)
    visitor.goto("/guide/safety/")
    link = visitor.locator(".replacement a")
    expect(link).to_have_text("Is exosome therapy safe?")
    screenshot(visitor, f"archived-410-{width}")
    found = violations_on_pages(visitor, ["/guide/safety/"], tags=WCAG_TAGS)
    assert not found, report(found)

    page.goto("/admin/links/")
    expect(page.locator(".linkcheck-results").first).to_contain_text(
        "is archived: visitors are told it was removed. Link to the page that replaced it "
        "(“Is exosome therapy safe?”)"
    )
    screenshot(page, f"check-all-links-{width}")
