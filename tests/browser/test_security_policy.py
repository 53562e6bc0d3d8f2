"""The strict Content-Security-Policy holds in a real browser, and blocks nothing the site
or the admin needs: the pages, the admin and markdownx's live preview all work under it."""

import pytest
from playwright.sync_api import Page, expect

from faq.models import Question

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Chromium reports every blocked script, style, frame or connection as an event.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


def watched(page: Page) -> Page:
    page.add_init_script(RECORD_VIOLATIONS)
    return page


def violations(page: Page) -> list[str]:
    return page.evaluate("window.__cspViolations")


def sign_in(page: Page) -> None:
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a-long-editor-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Content")).to_be_visible()


def test_public_pages_run_under_the_policy_without_a_single_violation(open_page, public_pages):
    page = watched(open_page())
    for path in public_pages[:15]:
        page.goto(path)
        assert violations(page) == [], path
    # The site's own script still runs: it turns the cost table into cards for phones.
    page.goto("/guide/cost/")
    expect(page.locator(".table-scroll--stacked").first).to_be_attached()


def test_the_admin_and_the_live_preview_work_under_the_policy(open_page, site_content, editor):
    page = watched(open_page(width=1280, height=900))
    sign_in(page)
    assert violations(page) == []

    for path in (
        "/admin/articles/section/",
        "/admin/faq/question/",
        "/admin/articles/glossaryterm/",
        "/admin/faq/category/",
    ):
        page.goto(path)
        assert violations(page) == [], path

    page.goto("/admin/articles/section/")
    page.get_by_role("link", name="How much it costs").click()
    body = page.locator("textarea.markdownx-editor")
    with page.expect_response("**/markdownx/markdownify/") as preview:
        body.fill(body.input_value() + "\n\n## Checked under the policy\n\nStill **works**.\n")
    assert preview.value.status == 200
    expect(page.locator(".markdownx-preview h2#checked-under-the-policy")).to_be_visible()
    # The admin's own scripts (the date pickers, the inline forms) still run.
    expect(page.locator(".datetimeshortcuts").first).to_be_visible()
    assert violations(page) == []

    question = Question.objects.first()
    page.goto(f"/admin/faq/question/{question.pk}/change/")
    with page.expect_response("**/markdownx/markdownify/"):
        page.locator("textarea.markdownx-editor").fill("A **new** answer.")
    expect(page.locator(".markdownx-preview strong")).to_have_text("new")
    assert violations(page) == []


def test_the_policy_really_blocks_an_injected_inline_script(open_page, site_content):
    """Proof the policy is enforced: markup smuggled into a page cannot run script."""
    page = watched(open_page())
    page.goto("/")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.__injected = true";
            document.body.append(script);
        }"""
    )
    assert page.evaluate("window.__injected === undefined")
    assert any("script-src" in violation for violation in violations(page))
