"""An editor at work in a real browser: log in, edit a section with the live preview, publish."""

import pytest
from playwright.sync_api import expect

from articles.models import Section

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_an_editor_edits_a_section_with_the_live_preview_and_visitors_see_the_change(
    open_page, site_content, editor
):
    page = open_page(width=1280, height=900)
    page.goto("/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a-long-editor-password")
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("link", name="Sections").first.click()
    page.get_by_role("link", name="What results to expect").click()

    body = page.locator("textarea.markdownx-editor")
    preview = page.locator(".markdownx-preview")
    added = (
        "\n\n## Questions to take to your appointment\n\n"
        "Write them down **before** you go.\n\n"
        '!!! doctor "When to see a doctor"\n    If the skin stays red for more than a week.\n'
    )
    with page.expect_response("**/markdownx/markdownify/") as preview_response:
        body.fill(body.input_value() + added)
    assert preview_response.value.status == 200

    # The preview shows the new text rendered by the site's own pipeline.
    heading = preview.locator("h2#questions-to-take-to-your-appointment")
    heading.wait_for()
    assert preview.locator("strong", has_text="before").is_visible()
    assert preview.locator(".callout--doctor .callout__title").inner_text() == (
        "When to see a doctor"
    )

    page.get_by_role("button", name="Save and publish…").click()
    expect(page.locator(".messagelist")).to_contain_text("Saved as a pending change")
    assert "Questions to take" not in Section.objects.get(slug="results").body  # not live yet
    page.get_by_role("button", name="Publish now").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Published the pending change")
    assert "Questions to take to your appointment" in Section.objects.get(slug="results").body

    page.goto("/guide/results/")
    assert page.locator("h2#questions-to-take-to-your-appointment").is_visible()
    assert page.locator(".toc a", has_text="Questions to take to your appointment").is_visible()
    assert page.locator(".prose strong", has_text="before").is_visible()
