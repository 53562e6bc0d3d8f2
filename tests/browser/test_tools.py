"""The tools, feedback and glossary popovers in real Chromium: with JavaScript and without,
at 320 px, in both colour schemes, on paper, and with nothing sent that should not be."""

import pytest

from tests.browser import axe

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TOOLS = ["/tools/", "/tools/cost/", "/tools/is-it-for-me/", "/tools/aftercare-timeline/"]


def without_our_scripts(page):
    """The page as a reader without JavaScript gets it, but with JavaScript left on for
    axe: the site's own scripts are refused. (axe cannot run where JavaScript is off.)"""
    page.route("**/static/js/**", lambda route: route.abort())
    return page


def test_the_crawl_from_the_home_page_reaches_every_tool(public_pages):
    for path in TOOLS:
        assert path in public_pages, path


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_the_tools_have_no_axe_violations_at_320px(
    open_page, site_content, color_scheme, javascript
):
    page = open_page(width=320, height=640, color_scheme=color_scheme)
    if not javascript:
        without_our_scripts(page)
    found = axe.violations_on_pages(page, ["/", *TOOLS, "/guide/cost/"], tags=axe.WCAG_TAGS)
    assert not found, axe.report(found)


def results_and_states(page, javascript: bool) -> dict[str, list]:
    """axe on what readers see after using each tool: an estimate with an error, the
    self-check's list, the reminders form with an error, the feedback thanks."""
    found = {}
    page.goto("/tools/cost/?sessions=0&country=kr")
    found["cost with an error"] = axe.violations(page, tags=axe.WCAG_TAGS)
    page.goto("/tools/is-it-for-me/")
    page.get_by_label("Are you pregnant or breastfeeding?").check()
    page.get_by_role("button", name="Make my list").click()
    page.locator("#result-heading").wait_for()
    page.wait_for_load_state("load")  # its stylesheets too, before axe reads colours
    found["self-check list"] = axe.violations(page, tags=axe.WCAG_TAGS)
    page.goto("/tools/aftercare-timeline/")
    page.fill("#treatment-day", "1990-01-01")  # a day the browser accepts, the site does not
    page.get_by_role("button", name="Get my reminders").click()
    page.locator(".field__error").wait_for()
    page.wait_for_load_state("load")  # its stylesheets too, before axe reads colours
    found["reminders with an error"] = axe.violations(page, tags=axe.WCAG_TAGS)
    page.goto("/guide/cost/")
    page.get_by_role("button", name="Yes, this page was helpful").click()
    page.locator("#feedback-thanks").wait_for()
    page.wait_for_load_state("load")  # its stylesheets too, before axe reads colours
    found["feedback thanks"] = axe.violations(page, tags=axe.WCAG_TAGS)
    return {state: violations for state, violations in found.items() if violations}


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_what_the_tools_show_after_use_has_no_axe_violations(
    open_page, site_content, settings, color_scheme, javascript
):
    settings.FEEDBACK_MIN_SECONDS = 0
    page = open_page(width=320, height=640, color_scheme=color_scheme)
    if not javascript:
        without_our_scripts(page)
    axe.inject(page)
    found = results_and_states(page, javascript)
    assert not found, axe.report(found)


def test_the_cost_estimate_updates_live_and_the_address_follows(open_page, site_content):
    page = open_page()
    page.goto("/tools/cost/")
    requests = []
    page.on("request", lambda request: requests.append(request))
    page.get_by_label("South Korea (₩)").check()
    page.locator("#estimate-summary", has_text="₩900,000 to ₩3,000,000 or more").wait_for()
    page.fill("#sessions", "5")
    page.locator("#estimate-summary", has_text="₩1,500,000 to ₩5,000,000 or more").wait_for()
    assert "country=kr" in page.url and "sessions=5" in page.url
    assert (
        page.locator("#estimate-status")
        .text_content()
        .startswith("Full course: ₩1,500,000 to ₩5,000,000 or more.")
    )
    assert not [r for r in requests if r.is_navigation_request()], "no page load"


def test_the_cost_estimate_works_without_javascript(open_page, site_content):
    page = open_page(javascript=False)
    page.goto("/tools/cost/")
    page.get_by_label("Signs of skin ageing").check()
    page.fill("#sessions", "4")
    page.get_by_role("button", name="Work it out").click()
    assert "goal=skin-ageing" in page.url and "sessions=4" in page.url
    assert page.locator("#estimate-summary").inner_text().count("$2,000 to $8,000 or more") == 1


def test_on_a_phone_the_total_stays_in_view_while_the_answers_are(open_page, site_content):
    page = open_page(width=375, height=700)
    page.goto("/tools/cost/")
    page.locator("#delivery-field").scroll_into_view_if_needed()
    total = page.locator("#live-total")
    assert total.is_visible()
    box = total.bounding_box()
    assert box["y"] + box["height"] <= 700 + 1, "the total sits at the foot of the screen"


def test_with_javascript_the_self_check_sends_nothing_anywhere(open_page, site_content):
    page = open_page()
    page.goto("/tools/is-it-for-me/")
    page.wait_for_load_state("networkidle")  # the page's own files, the icon among them
    sent = []
    page.on("request", lambda request: sent.append(request.url))
    page.get_by_label("Do you often get cold sores?").check()
    page.get_by_label("Thicker hair").check()
    page.get_by_role("button", name="Make my list").click()
    shown = page.locator(".raise-list__item:visible .raise-list__title").all_text_contents()
    assert shown == ["Cold sores", "What to expect for thinning hair", "Whatever you answered"]
    assert page.evaluate("document.activeElement.id") == "self-check-result"
    assert sent == [], "nothing left the browser"
    assert page.url.endswith("/tools/is-it-for-me/")
    assert page.context.cookies() == []
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0


def test_without_javascript_the_self_check_answers_once_and_keeps_nothing(open_page, site_content):
    page = open_page(javascript=False)
    page.goto("/tools/is-it-for-me/")
    page.get_by_label("Have you had cancer?").check()
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="Make my list").click()
    assert answer.value.headers["cache-control"] == "no-store"
    assert page.url.endswith("/tools/is-it-for-me/")
    shown = page.locator(".raise-list__item:visible .raise-list__title").all_text_contents()
    assert shown == ["Cancer you have had", "Whatever you answered"]
    assert page.context.cookies() == []


def test_feedback_is_thanked_in_place_with_javascript(open_page, site_content, settings):
    settings.FEEDBACK_MIN_SECONDS = 0
    page = open_page()
    page.goto("/faq/cost/cost-in-korea/")
    page.locator(".feedback__more summary").click()
    page.fill("#feedback-comment", "Please add a dollar guide.")
    page.get_by_role("button", name="No, this page was not helpful").click()
    thanks = page.locator("#feedback-thanks")
    thanks.wait_for()
    assert page.evaluate("document.activeElement.id") == "feedback-thanks"
    assert not page.locator(".feedback__form").is_visible()
    assert page.url.endswith("/faq/cost/cost-in-korea/")
    assert page.context.cookies() == []


def test_feedback_without_javascript_comes_back_to_the_page_with_thanks(
    open_page, site_content, settings
):
    settings.FEEDBACK_MIN_SECONDS = 0
    page = open_page(javascript=False)
    page.goto("/guide/aftercare/")
    page.get_by_role("button", name="Yes, this page was helpful").click()
    assert page.url.endswith("/guide/aftercare/#feedback-thanks")
    assert page.locator("#feedback-thanks").is_visible()
    assert not page.locator(".feedback__form").is_visible()
    assert page.context.cookies() == []


def test_a_tapped_glossary_word_opens_a_popover_instead_of_leaving_the_page(
    open_page, site_content
):
    # Reduced motion: no smooth scrolling, so a tap lands where the word is.
    page = open_page(width=390, height=844, touch=True, reduced_motion="reduce")
    page.goto("/guide/how-it-works/")
    term = page.locator(".prose .glossary__term").first
    term.tap()
    popover = page.locator(".glossary-popover")
    assert popover.is_visible() and page.url.endswith("/guide/how-it-works/")
    assert popover.get_attribute("role") == "dialog"
    assert term.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.classList.contains('glossary-popover')")
    assert popover.locator("a", has_text="More in the glossary").get_attribute(
        "href"
    ) == term.get_attribute("href")

    page.keyboard.press("Escape")
    assert popover.count() == 0
    assert page.evaluate("document.activeElement.classList.contains('glossary__term')")

    term.tap()
    page.locator("h1").tap()
    assert page.locator(".glossary-popover").count() == 0, "a tap elsewhere closes it"

    term.tap()
    page.get_by_role("button", name="Close the definition").tap()
    assert page.locator(".glossary-popover").count() == 0


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_an_open_glossary_popover_has_no_axe_violations(open_page, site_content, color_scheme):
    page = open_page(
        width=390, height=844, color_scheme=color_scheme, touch=True, reduced_motion="reduce"
    )
    axe.inject(page)
    page.goto("/guide/how-it-works/")
    page.locator(".prose .glossary__term").first.tap()
    assert not axe.violations(page, tags=axe.WCAG_TAGS)


def test_with_a_mouse_a_glossary_word_is_still_a_link(open_page, site_content):
    page = open_page()
    page.goto("/guide/how-it-works/")
    page.locator(".prose .glossary__term").first.click()
    assert "/glossary/#" in page.url


def test_the_printed_timeline_has_every_stage_and_no_form(open_page, site_content):
    page = open_page()
    page.goto("/tools/aftercare-timeline/")
    page.emulate_media(media="print")
    assert page.locator(".timeline__stage").count() == 6
    assert all(page.locator(".timeline__stage").nth(i).is_visible() for i in range(6))
    for hidden in [".reminders", ".timeline-jump", ".site-header", ".feedback"]:
        assert not page.locator(hidden).is_visible(), hidden
    assert page.locator(".print-only").inner_text().startswith("From exosite: http")
    assert page.locator("#when-to-get-help").is_visible()


def test_the_printed_estimate_shows_the_answers_and_the_sums_not_the_form(open_page, site_content):
    page = open_page()
    page.goto("/tools/cost/?country=kr")
    page.emulate_media(media="print")
    assert not page.locator("#cost-form").is_visible()
    assert page.locator(".estimate__for").is_visible()
    assert page.locator(".estimate-details").is_visible()
    printed = page.locator(".print-only").inner_text()
    assert "/tools/cost/?country=kr&goal=acne-scars&delivery=microneedling&followups=yes" in printed


def test_the_home_page_answers_the_first_questions_above_the_fold_on_a_phone(
    open_page, site_content
):
    page = open_page(width=390, height=844)
    page.goto("/")
    last = page.locator(".quick-answers__item").last
    box = last.bounding_box()
    assert page.locator(".quick-answers__item").count() == 6
    assert box["y"] + box["height"] <= 844, "all six short answers without scrolling"


def test_on_a_laptop_the_quick_facts_sit_beside_the_introduction(open_page, site_content):
    page = open_page(width=1366, height=900)
    page.goto("/")
    facts = page.locator(".quick-facts").bounding_box()
    heading = page.locator("#intro-heading").bounding_box()
    assert facts["x"] > heading["x"] + heading["width"] - 10
    assert facts["y"] < 900


def header_boxes(page) -> dict[str, dict]:
    boxes = {
        name: page.locator(selector).bounding_box()
        for name, selector in {
            "brand": ".site-header__brand",
            "guide": ".site-nav__links li:nth-child(1) a",
            "questions": ".site-nav__links li:nth-child(2) a",
            "tools": ".site-nav__links li:nth-child(3) a",
            "sections": ".site-nav__menu > summary",
            "search": ".site-search",
        }.items()
    }
    return boxes


def overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


@pytest.mark.parametrize("width", [360, 390])
def test_on_a_phone_the_header_with_tools_fits_without_overlap(open_page, site_content, width):
    page = open_page(width=width, height=780)
    for path in ["/", "/tools/", "/tools/cost/", "/tools/aftercare-timeline/", "/about/"]:
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") == width, path
        boxes = header_boxes(page)
        for box in boxes.values():
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, path
        names = list(boxes)
        for i, first in enumerate(names):
            for second in names[i + 1 :]:
                assert not overlap(boxes[first], boxes[second]), (path, first, second)
        assert boxes["guide"]["y"] == boxes["questions"]["y"] == boxes["tools"]["y"], path


def test_on_a_laptop_the_header_is_one_line_with_the_search_beside_the_tools(
    open_page, site_content
):
    page = open_page(width=1280, height=800)
    page.goto("/tools/")
    boxes = header_boxes(page)
    assert boxes["search"]["y"] == boxes["sections"]["y"]
    assert boxes["search"]["x"] > boxes["sections"]["x"] + boxes["sections"]["width"]
    assert boxes["tools"]["x"] > boxes["brand"]["x"] + boxes["brand"]["width"]
    assert page.evaluate("document.querySelector('.site-header').offsetHeight") < 120
    assert page.evaluate("document.documentElement.scrollWidth") == 1280
