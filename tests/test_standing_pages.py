"""The site's standing pages: who we are, how we work, what we collect, and the two pages to
print and take to a clinic; and the About section at the foot of every page."""

import re

import pytest

from articles.models import ContentBlock, Page
from feedback.models import Feedback

STANDING = [
    "about",
    "editorial-policy",
    "privacy",
    "before-you-book",
    "questions-for-your-consultation",
]


@pytest.mark.parametrize("slug", STANDING)
def test_each_standing_page_is_public_with_its_review_status_and_disclaimer(
    client, site_content, slug
):
    page = Page.objects.get(slug=slug)
    response = client.get(f"/{slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<h1 id="page-title">{page.title}</h1>' in html
    assert "Not yet medically reviewed" in html
    assert "Medical disclaimer" in html


def test_every_page_has_the_about_section_in_its_footer(client, site_content):
    for path in ["/", "/guide/cost/", "/faq/", "/glossary/", "/privacy/"]:
        html = client.get(path).content.decode()
        footer = html[html.index('<footer class="site-footer">') :]
        assert "We show no ads, have no sponsors and sell no treatments or products" in footer
        for slug in ["about", "editorial-policy", "privacy", "before-you-book"]:
            assert f'href="/{slug}/"' in footer, (path, slug)


@pytest.mark.parametrize("slug", ["before-you-book", "questions-for-your-consultation"])
def test_the_pages_to_print_gather_the_checklists_and_say_where_and_when_on_paper(
    client, site_content, slug
):
    html = client.get(f"/{slug}/").content.decode()
    for block in ["questions-about-cost", "check-the-product", "questions-about-aftercare"]:
        first_line = ContentBlock.objects.get(slug=block).body.strip().split("\n")[0]
        assert first_line.lstrip("- ").split("?")[0] in html, block
    assert (
        '<p class="print-footer">exosite · http://testserver/' + slug + "/ · page last updated"
        in html
    )
    assert "js/print-date.js" in html
    assert "Print this page" in html


def test_an_unknown_standing_page_is_not_found(client, site_content):
    assert client.get("/no-such-page/").status_code == 404


def test_an_archived_standing_page_is_gone_and_a_draft_is_hidden(client, site_content):
    Page.objects.filter(slug="privacy").update(status=Page.Status.ARCHIVED)
    assert client.get("/privacy/").status_code == 410
    Page.objects.filter(slug="about").update(status=Page.Status.DRAFT)
    assert client.get("/about/").status_code == 404


@pytest.mark.parametrize("slug", STANDING)
def test_a_reader_can_say_whether_a_standing_page_helped(client, site_content, settings, slug):
    settings.FEEDBACK_MIN_SECONDS = 0
    html = client.get(f"/{slug}/").content.decode()
    assert "Was this page helpful?" in html
    token = re.search(r'<input type="hidden" name="token" value="([^"]+)">', html)[1]
    response = client.post(
        "/feedback/",
        {"token": token, "helpful": "no", "comment": "Too long to print."},
        headers={"Origin": "http://testserver"},
    )
    assert response.status_code == 303
    assert response["Location"] == f"/{slug}/#feedback-thanks"
    assert Feedback.objects.get().page == f"/{slug}/"
