"""The layout in real Chromium: phones from 320 px up, wide screens, motion, nothing from elsewhere."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCROLLS_SIDEWAYS = "document.documentElement.scrollWidth > document.documentElement.clientWidth"


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_no_page_scrolls_sideways_on_a_320px_wide_phone(open_page, public_pages, javascript):
    page = open_page(width=320, height=640, javascript=javascript)
    too_wide = {}
    for path in public_pages:
        page.goto(path)
        if page.evaluate(SCROLLS_SIDEWAYS):
            too_wide[path] = page.evaluate("document.documentElement.scrollWidth")
    assert not too_wide, f"Pages wider than 320 px (path: width): {too_wide}"


def test_pages_load_nothing_from_other_sites_and_show_no_errors(
    open_page, public_pages, live_server
):
    page = open_page()
    requested, errors = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    page.on(
        "console",
        lambda message: message.type == "error" and errors.append(f"{page.url}: {message.text}"),
    )
    for path in public_pages:
        page.goto(path)
        page.wait_for_load_state("load")
    assert requested, "no requests were recorded"
    elsewhere = [url for url in requested if not url.startswith((live_server.url, "data:"))]
    assert not elsewhere, f"Requests to other sites: {sorted(set(elsewhere))}"
    # The 404 page itself is logged as a failed load; anything else is a real problem,
    # such as a script error or something the Content Security Policy blocked.
    errors = [error for error in errors if "/no-such-page/" not in error]
    assert not errors, "\n".join(errors)


def test_the_outcomes_table_becomes_one_card_per_row_on_a_phone(open_page, site_content):
    page = open_page(width=320, height=640)
    page.goto("/guide/results/")
    box = page.locator(".table-scroll").first
    first_row = box.locator("tbody tr").first
    assert box.evaluate("el => el.scrollWidth <= el.clientWidth")
    assert first_row.evaluate("el => getComputedStyle(el).display") == "block"
    # Each cell says which column it belongs to.
    label = (
        first_row.locator("td").nth(1).evaluate("el => getComputedStyle(el, '::before').content")
    )
    assert label == '"What studies in people found"'
    # The header row is still there for screen readers, just not on screen.
    assert box.locator("thead").evaluate("el => el.getBoundingClientRect().width") <= 1
    assert box.locator("thead th").count() == 3


def test_the_outcomes_table_is_a_three_column_table_on_a_wide_screen(open_page, site_content):
    page = open_page(width=1280)
    page.goto("/guide/results/")
    table = page.locator(".table-scroll table").first
    assert table.evaluate("el => getComputedStyle(el).display") == "table"
    assert table.locator("thead th").count() == 3
    assert table.locator("thead th").first.is_visible()


def test_without_javascript_a_wide_table_scrolls_inside_its_own_box(open_page, site_content):
    page = open_page(width=320, height=640, javascript=False)
    page.goto("/guide/results/")
    box = page.locator(".table-scroll").first
    assert box.evaluate("el => getComputedStyle(el).overflowX") == "auto"
    assert box.get_attribute("tabindex") == "0", "keyboard users can scroll the box"
    assert box.get_attribute("role") == "region" and box.get_attribute("aria-label")
    assert not page.evaluate(SCROLLS_SIDEWAYS)


def test_on_a_wide_screen_on_this_page_stays_beside_the_text_while_reading(open_page, site_content):
    page = open_page(width=1280, height=800)
    page.goto("/guide/safety/")
    toc = page.locator(".toc")
    prose = page.locator(".prose")
    assert toc.bounding_box()["x"] > prose.bounding_box()["x"] + prose.bounding_box()["width"]
    page.mouse.wheel(0, 2500)
    page.wait_for_function("() => window.scrollY > 2000")
    top = toc.evaluate("el => el.getBoundingClientRect().top")
    assert 0 <= top < 100, f"'On this page' scrolled out of view (top at {top}px)"


def test_on_a_phone_on_this_page_comes_before_the_text(open_page, site_content):
    page = open_page(width=375, height=740)
    page.goto("/guide/safety/")
    toc_box = page.locator(".toc").bounding_box()
    prose_box = page.locator(".prose").bounding_box()
    assert toc_box["y"] + toc_box["height"] <= prose_box["y"]
    assert toc_box["width"] >= 300, "the contents list uses the phone's width"


def test_reduced_motion_turns_off_smooth_scrolling_and_transitions(open_page, site_content):
    calm = open_page(reduced_motion="reduce")
    calm.goto("/faq/")
    assert calm.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"
    chevron = "el => parseFloat(getComputedStyle(el, '::before').transitionDuration)"
    assert calm.locator(".faq-item__question").first.evaluate(chevron) < 0.001

    moving = open_page(reduced_motion="no-preference")
    moving.goto("/faq/")
    assert moving.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "smooth"
    assert moving.locator(".faq-item__question").first.evaluate(chevron) > 0.1
