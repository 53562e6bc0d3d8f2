"""axe-core checks every public page in real Chromium, in the light and the dark colour scheme."""

import pytest
from django.template import loader

from tests.browser import axe
from tests.conftest import GUIDE_SLUGS

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_crawl_finds_the_guide_the_faq_and_the_missing_page(public_pages):
    for slug in GUIDE_SLUGS:
        assert f"/guide/{slug}/" in public_pages
    assert "/" in public_pages and "/faq/" in public_pages
    assert any(path.startswith("/faq/basics/") for path in public_pages)
    assert "/no-such-page/" in public_pages and "/search/?q=xylophone" in public_pages
    assert any(path.startswith("/search/?q=") for path in public_pages[:-2])  # example searches


def test_the_missing_page_is_the_friendly_404_with_the_site_around_it(open_page, site_content):
    page = open_page()
    response = page.goto("/no-such-page/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "We can't find that page"
    assert page.locator(".site-header").is_visible() and page.locator(".disclaimer").is_visible()
    assert page.locator("main a", has_text="Safety and side effects").is_visible()


def test_every_page_has_no_axe_violations_in_light_mode(open_page, public_pages):
    page = open_page(color_scheme="light")
    found = axe.violations_on_pages(page, public_pages, tags=axe.WCAG_TAGS)
    assert not found, axe.report(found)


def test_every_page_has_no_axe_violations_in_dark_mode(open_page, public_pages):
    page = open_page(color_scheme="dark")
    found = axe.violations_on_pages(page, public_pages, tags=axe.WCAG_TAGS)
    assert not found, axe.report(found)


def test_every_page_has_no_axe_violations_on_a_phone(open_page, public_pages):
    """Tap target sizes, reflowed layout and contrast at 375 px, with the phone layout's
    stacked tables and wrapped header."""
    page = open_page(width=375, height=740)
    found = axe.violations_on_pages(page, public_pages, tags=axe.WCAG_TAGS)
    assert not found, axe.report(found)


def test_every_page_has_landmarks_one_h1_and_headings_in_order(open_page, public_pages):
    page = open_page()
    found = axe.violations_on_pages(page, public_pages, rules=axe.STRUCTURE_RULES)
    assert not found, axe.report(found)


@pytest.mark.parametrize("template", ["500.html", "503.html"])
@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_the_standalone_error_pages_have_no_axe_violations(open_page, template, color_scheme):
    page = open_page(width=375, height=740, color_scheme=color_scheme)
    page.set_content(loader.get_template(template).render())
    page.add_script_tag(path=str(axe.AXE_FILE_PATH))
    assert not axe.violations(page, tags=axe.WCAG_TAGS)
    assert not axe.violations(page, rules=axe.STRUCTURE_RULES)


def test_axe_does_report_a_real_problem(open_page, site_content):
    """The checks above would notice: an image without alt text and grey-on-grey text fail."""
    page = open_page()
    axe.inject(page)
    page.goto("/")
    page.evaluate(
        """() => {
            const main = document.querySelector("main");
            main.insertAdjacentHTML("afterbegin",
              '<img src="/static/none.png" width="20" height="20">' +
              '<p id="hard-to-read">Hard to read</p>');
            // Set from script: the CSP refuses inline style attributes in markup.
            const hard = document.getElementById("hard-to-read");
            hard.style.color = "#999";
            hard.style.background = "#aaa";
        }"""
    )
    ids = {violation["id"] for violation in axe.violations(page, tags=axe.WCAG_TAGS)}
    assert {"image-alt", "color-contrast"} <= ids
