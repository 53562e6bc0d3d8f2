"""The editor sees the reading grade and word count change as they type, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HARD = (
    "\n\nExtracellular vesicles facilitate intercellular communication through heterogeneous "
    "macromolecular cargo, modulating inflammatory signalling and regenerative processes.\n"
)


def test_the_reading_grade_under_the_editor_follows_the_text_as_it_is_typed(
    open_page, editor, make_question
):
    question = make_question(answer="The cat sat on the mat. It was warm.")
    page = open_page(width=1280, height=900)
    page.goto("/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a-long-editor-password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    page.goto(f"/admin/faq/question/{question.pk}/change/")

    status = page.get_by_role("status").filter(has_text="Reading grade")
    expect(status).to_have_text(
        re.compile(
            r"^Reading grade [\d.]+ \(aim for 8 or lower\) · SMOG [\d.]+ \(aim for 9 or lower\)"
            r" · 9 words$"
        )
    )
    answer = page.locator("textarea.markdownx-editor")
    assert status.get_attribute("id") in (answer.get_attribute("aria-describedby") or "")

    answer.focus()
    page.keyboard.press("Control+End")
    answer.press_sequentially(" We had tea.", delay=10)
    expect(status).to_contain_text("· 12 words")

    answer.fill(answer.input_value() + HARD)
    expect(status).to_contain_text("above 8, simplify")
    expect(status).to_have_class(re.compile("editor-status--above-target"))
    # The statistics move into the status line; the preview shows only the page.
    expect(page.locator(".markdownx-preview .editor-stats")).to_have_count(0)
    expect(page.locator(".markdownx-preview")).to_contain_text("Extracellular vesicles")
