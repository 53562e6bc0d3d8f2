"""What every page sends to the browser: little, all from this site, and nothing that blocks.

Sizes are deterministic, so the page weight budget is checked here; `manage.py pageweight`
prints the same numbers for every page.
"""

import re

import pytest
from django.core.management import CommandError, call_command
from django.template import loader

from exosite.devtools import page_weight
from exosite.devtools.crawl import crawl
from tests.conftest import GUIDE_SLUGS


@pytest.fixture
def every_page(site_content) -> list[str]:
    return crawl().pages


def test_every_guide_page_is_under_50_kb_compressed_on_a_first_visit(client, site_content):
    paths = [f"/guide/{slug}/" for slug in GUIDE_SLUGS]
    for weight in page_weight.measure(paths, client):
        assets = {asset.url for asset in weight.assets}
        assert {"/static/css/site.css", "/static/css/content.css"} <= assets
        assert weight.total_gzip < page_weight.BUDGET_BYTES, (weight.path, weight.total_gzip)
        assert weight.total_brotli < page_weight.BUDGET_BYTES, (weight.path, weight.total_brotli)


def test_every_page_is_under_the_budget(client, every_page):
    heavy = {
        weight.path: weight.total_gzip
        for weight in page_weight.measure(every_page, client)
        if weight.total_gzip >= page_weight.BUDGET_BYTES
    }
    assert not heavy


def test_no_page_loads_a_script_that_blocks_rendering(client, every_page):
    for path in every_page:
        html = client.get(path).content.decode()
        for tag in re.findall(r"<script\b[^>]*\bsrc=[^>]*>", html):
            assert re.search(r"\b(defer|async)\b", tag), f"{path}: {tag}"


def test_pages_load_styles_and_scripts_only_from_this_site(client, every_page):
    for path in every_page:
        html = client.get(path).content.decode()
        for url in page_weight.assets_of(html):
            assert url.startswith("/static/"), f"{path} loads {url}"
        assert "@import" not in html and "fonts.googleapis" not in html


def test_the_print_stylesheet_is_loaded_for_print_only(client, site_content):
    html = client.get("/guide/results/").content.decode()
    assert re.search(r'<link rel="stylesheet" href="/static/css/print.css" media="print">', html)


@pytest.mark.parametrize("template", ["500.html", "503.html"])
def test_the_error_pages_stand_alone_without_static_files_or_context(template):
    html = loader.get_template(template).render()
    assert '<html lang="en">' in html and "<h1>" in html and "<main>" in html
    assert "<style>" in html, "styles are inline"
    assert "/static/" not in html and "<script" not in html and "<link" not in html
    assert 'href="/"' in html and "not medical advice" in html


def test_pageweight_prints_each_page_with_its_compressed_sizes(site_content):
    from io import StringIO

    out = StringIO()
    call_command("pageweight", "/", "/guide/results/", stdout=out)
    report = out.getvalue()
    assert re.search(r"^/guide/results/\s+[\d,]+ B\s+[\d,]+ B\s+[\d,]+ B$", report, re.M)
    assert "/static/css/site.css" in report and "gzip" in report and "brotli" in report
    assert "2 pages" in report


def test_pageweight_fails_when_a_page_is_over_the_budget(site_content):
    from io import StringIO

    with pytest.raises(CommandError, match="Over the page weight budget: /guide/results/"):
        call_command("pageweight", "/guide/results/", "--budget", "1000", stdout=StringIO())
