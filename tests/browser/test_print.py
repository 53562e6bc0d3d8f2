"""Printing a section or the FAQ gives clean pages: content only, link addresses, answers open."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_printed_guide_section_has_no_navigation_and_shows_where_links_go(
    open_page, site_content, live_server
):
    page = open_page()
    page.goto("/guide/safety/")
    page.emulate_media(media="print")
    for chrome in [".site-header", ".skip-link", ".breadcrumbs", ".toc", ".pager"]:
        assert not page.locator(chrome).first.is_visible(), chrome
    for content in ["h1", ".prose", ".callout--emergency", ".trust-block", ".disclaimer"]:
        assert page.locator(content).first.is_visible(), content

    after = "el => getComputedStyle(el, '::after').content"
    fda = page.locator('.prose a[href^="https://www.fda.gov"]').first
    assert fda.evaluate(after) == f'" ({fda.get_attribute("href")})"'

    # Links within the site print their path, and their full address where JavaScript runs.
    internal = page.locator('.prose a[href="/guide/aftercare/"]').first
    assert internal.evaluate(after) == '" (/guide/aftercare/)"'
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert internal.evaluate(after) == f'" ({live_server.url}/guide/aftercare/)"'


def test_the_printed_faq_shows_every_answer(open_page, site_content):
    page = open_page()
    page.goto("/faq/")
    answers = page.locator(".faq-item__answer")
    assert answers.count() > 20
    assert not answers.first.is_visible(), "on screen the answers start closed"

    page.emulate_media(media="print")
    hidden = [i for i in range(answers.count()) if not answers.nth(i).is_visible()]
    assert not hidden, f"answers {hidden} would not be printed"
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".jump-list").is_visible()


def test_print_is_black_on_white_in_the_dark_colour_scheme_too(open_page, site_content):
    page = open_page(color_scheme="dark")
    page.goto("/faq/")
    page.emulate_media(media="print")
    colours = page.evaluate(
        "[getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor]"
    )
    assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]
