"""Running axe-core, the accessibility engine, in a page, and reporting what it finds.

axe.min.js comes from the axe-playwright-python package on PyPI, which bundles it.
"""

from axe_playwright_python.base import AXE_FILE_PATH
from playwright.sync_api import Page

# WCAG 2.0, 2.1 and 2.2, levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Structure that WCAG asks for in words but axe files under "best practice": one main
# landmark, everything inside a landmark, distinct landmarks, one h1, headings in order.
STRUCTURE_RULES = [
    "landmark-one-main",
    "landmark-no-duplicate-banner",
    "landmark-no-duplicate-contentinfo",
    "landmark-banner-is-top-level",
    "landmark-contentinfo-is-top-level",
    "landmark-main-is-top-level",
    "landmark-unique",
    "region",
    "page-has-heading-one",
    "heading-order",
    "empty-heading",
    "skip-link",
]


def inject(page: Page) -> None:
    """Load axe into every document this tab opens from now on."""
    page.context.add_init_script(path=str(AXE_FILE_PATH))


def violations(page: Page, *, tags: list[str] | None = None, rules: list[str] | None = None):
    run_only = {"type": "tag", "values": tags} if tags else {"type": "rule", "values": rules}
    results = page.evaluate(
        "options => axe.run(document, options)",
        {"runOnly": run_only, "resultTypes": ["violations"]},
    )
    return results["violations"]


def violations_on_pages(page: Page, paths: list[str], **which) -> dict[str, list]:
    """Open each page in turn in this tab; the violations found on each, where there are any."""
    inject(page)
    found = {}
    for path in paths:
        page.goto(path)
        page_violations = violations(page, **which)
        if page_violations:
            found[path] = page_violations
    return found


def report(found: dict[str, list]) -> str:
    lines = [f"axe found problems on {len(found)} page(s):"]
    for path, page_violations in found.items():
        lines.append(f"\n{path}")
        for violation in page_violations:
            lines.append(f"  {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"][:5]:
                lines.append(f"    {' '.join(node['target'])}: {node['failureSummary']}")
    return "\n".join(lines)
