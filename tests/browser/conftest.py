"""Real-browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Chromium comes from Debian (`apt-get install chromium`), never from `playwright install`,
which downloads a browser build this project cannot fetch. Where /usr/bin/chromium is
missing the tests are skipped, unless REQUIRE_BROWSER is set (CI sets it): then they fail.

The live server answers from another thread, so these tests need a transactional database,
which Django empties after each test. Each module therefore marks its tests with
``serialized_rollback=True``: every test starts from the migrated database again, with the
Editors group and its permissions that data migrations made.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in the test's thread, and Django then
# refuses database queries from that thread as "async-unsafe". The queries here (loading
# content, making an editor) never run while the loop is busy, so it is safe to allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from django.db import connections
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from exosite.devtools.crawl import crawl

CHROMIUM = Path("/usr/bin/chromium")
NO_RESULTS_SEARCH = "/search/?q=xylophone"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MISSING_PAGE = "/no-such-page/"


@pytest.fixture(scope="session", autouse=True)
def playwright(django_db_setup) -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        message = (
            f"Chromium is not installed at {CHROMIUM}. Install Debian's package with "
            "`apt-get install chromium` (sh exosite/dev.sh test does this when run as root)."
        )
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"REQUIRE_BROWSER is set: {message}", pytrace=False)
        pytest.skip(f"{message} Set REQUIRE_BROWSER=1 to fail instead of skipping.")

    # Once Playwright's event loop runs in this thread, Django keeps a separate set of
    # database connections for it. Those new connection objects must still know the
    # migrated data that serialized_rollback restores before each test.
    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as instance:
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        yield instance
        connections.close_all()


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def open_page(browser: Browser, live_server) -> Iterator[Callable[..., Page]]:
    """A new tab on the live server: open_page(width=375, color_scheme="dark", javascript=False);
    touch=True for a phone with a touch screen and no hover."""
    contexts = []

    def open_page(
        width: int = 1280,
        height: int = 800,
        color_scheme: str = "light",
        javascript: bool = True,
        reduced_motion: str = "no-preference",
        touch: bool = False,
    ) -> Page:
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": width, "height": height},
            color_scheme=color_scheme,
            reduced_motion=reduced_motion,
            java_script_enabled=javascript,
            is_mobile=touch,
            has_touch=touch,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def public_pages(site_content) -> list[str]:
    """Every page a visitor can reach by following links from the home page, the 404 page,
    and a search that finds nothing (no link leads to one)."""
    found = crawl()
    assert not found.broken, f"Broken internal links (page: linked from): {found.broken}"
    return [*found.pages, MISSING_PAGE, NO_RESULTS_SEARCH]
