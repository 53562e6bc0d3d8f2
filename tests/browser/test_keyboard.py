"""Everything works from the keyboard, and the keyboard focus is always visible."""

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ACTIVE = "document.activeElement"


def tab_until(page: Page, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches the selector."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"{ACTIVE}.matches({selector!r})"):
            return
    raise AssertionError(f"{limit} presses of Tab never reached {selector}")


def test_the_first_tab_reaches_the_skip_link_which_moves_focus_to_the_main_content(
    open_page, site_content
):
    page = open_page()
    page.goto("/guide/results/")
    page.keyboard.press("Tab")
    assert page.evaluate(f"{ACTIVE}.textContent") == "Skip to main content"
    skip_link = page.locator(".skip-link").bounding_box()
    assert skip_link["y"] >= 0 and skip_link["height"] > 20, "the focused skip link is on screen"

    page.keyboard.press("Enter")
    assert page.evaluate(f"{ACTIVE}.id") == "main-content"
    page.keyboard.press("Tab")
    assert page.evaluate(f"document.querySelector('main').contains({ACTIVE})"), (
        "the next Tab stays in the main content, past the header"
    )


def test_faq_answers_open_and_close_with_the_keyboard(open_page, site_content):
    page = open_page()
    page.goto("/faq/")
    first = page.locator(".faq-item").first
    answer = first.locator(".faq-item__answer")
    assert not answer.is_visible()

    tab_until(page, ".faq-item__question")
    page.keyboard.press("Enter")
    assert first.evaluate("el => el.open") and answer.is_visible()
    page.keyboard.press("Space")
    assert not first.evaluate("el => el.open")


def test_the_guide_sections_menu_opens_with_the_keyboard_and_escape_closes_it(
    open_page, site_content
):
    page = open_page(width=375, height=740)
    page.goto("/")
    menu = page.locator(".site-nav__menu")
    item = page.locator(".site-nav__list a", has_text="Safety and side effects")
    assert not item.is_visible()
    tab_until(page, ".site-nav__menu > summary")
    page.keyboard.press("Enter")
    assert item.is_visible()

    page.keyboard.press("Tab")
    assert page.evaluate(f"{ACTIVE}.closest('.site-nav__list') !== null")
    page.keyboard.press("Escape")
    assert not menu.evaluate("el => el.open")
    assert page.evaluate(f"{ACTIVE}.matches('.site-nav__menu > summary')"), "focus returns"


def test_keyboard_focus_is_clearly_visible(open_page, site_content):
    page = open_page()
    page.goto("/guide/results/")
    link = page.locator(".breadcrumbs a").first
    look = "el => { const s = getComputedStyle(el); return [s.backgroundColor, s.boxShadow, s.outlineStyle]; }"
    before = link.evaluate(look)
    tab_until(page, ".breadcrumbs a")
    after = link.evaluate(look)
    assert after != before
    assert after[0] == "rgb(255, 191, 71)", "the focused link gets the yellow focus colour"
