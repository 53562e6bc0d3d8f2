"""With JavaScript turned off, every page still works: JavaScript is only an enhancement."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_faq_answers_open_by_clicking_the_question_without_javascript(open_page, site_content):
    page = open_page(javascript=False)
    page.goto("/faq/")
    first = page.locator(".faq-item").first
    answer = first.locator(".faq-item__answer")
    assert not answer.is_visible()
    first.locator("summary").click()
    assert answer.is_visible()
    assert answer.locator(".prose p").first.inner_text().strip()


def test_a_link_to_one_answer_opens_it_without_javascript(open_page, site_content):
    page = open_page(javascript=False)
    page.goto("/faq/")
    href = page.locator(".faq-item__permalink a").first.get_attribute("href")
    page.goto(href)
    assert page.locator("h1").inner_text().strip().endswith("?")
    assert page.locator("main .prose p").first.is_visible()


def test_the_guide_sections_menu_opens_without_javascript(open_page, site_content):
    page = open_page(width=375, height=740, javascript=False)
    page.goto("/")
    link = page.locator(".site-nav__list a", has_text="Aftercare")
    assert not link.is_visible()
    page.locator(".site-nav__menu > summary").click()
    assert link.is_visible()
    link.click()
    page.wait_for_url("**/guide/aftercare/")


def test_a_guide_section_shows_all_its_parts_without_javascript(open_page, site_content):
    page = open_page(javascript=False)
    page.goto("/guide/safety/")
    for selector in [
        ".toc",
        ".prose",
        ".callout--emergency",
        ".trust-block",
        ".pager",
        ".disclaimer",
    ]:
        assert page.locator(selector).first.is_visible(), selector
    page.locator(".toc a").nth(1).click()
    assert "#" in page.url
