"""What search engines and link previews see: sitemap, robots.txt, feed, meta tags, JSON-LD."""

import json
import re
import xml.etree.ElementTree as ET

import pytest

from articles.models import Section
from faq.models import Category, Question

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def public_pages() -> list[str]:
    return [
        "/",
        "/faq/",
        "/glossary/",
        "/search/?q=cost",
        *(s.get_absolute_url() for s in Section.objects.published()),
        *(q.get_absolute_url() for q in Question.objects.published().select_related("category")),
        *(f"/faq/{c.slug}/" for c in Category.objects.all()),
        "/tools/",
        "/tools/cost/",
        "/tools/is-it-for-me/",
        "/tools/aftercare-timeline/",
    ]


def json_ld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def of_type(blocks: list[dict], kind: str) -> list[dict]:
    return [block for block in blocks if block.get("@type") == kind]


def meta(html: str, attribute: str, name: str) -> str:
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
    assert match, f"no {name}"
    return match.group(1)


def test_every_page_has_a_canonical_url_a_description_and_link_preview_tags(client, site_content):
    for url in public_pages():
        html = client.get(url).content.decode()
        canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)
        assert canonical == "http://testserver" + url.split("?")[0]
        assert len(meta(html, "name", "description")) > 20, url
        assert meta(html, "property", "og:title") in html.split("<title>")[1], url
        assert meta(html, "property", "og:description") == meta(html, "name", "description")
        assert meta(html, "property", "og:image").endswith("/static/img/share.png")
        assert meta(html, "name", "twitter:card") == "summary_large_image"
        assert meta(html, "property", "og:url") == canonical


def test_every_page_links_the_feed_from_its_head(client, site_content):
    for url in public_pages():
        head = client.get(url).content.decode().split("</head>")[0]
        assert (
            '<link rel="alternate" type="application/atom+xml"' in head and 'href="/feed/"' in head
        )


def test_every_pages_json_ld_parses_and_describes_the_site_and_its_search(client, site_content):
    for url in public_pages():
        blocks = json_ld(client.get(url).content.decode())
        assert all(block["@context"] == "https://schema.org" for block in blocks)
        (site,) = of_type(blocks, "WebSite")
        action = site["potentialAction"]
        assert action["@type"] == "SearchAction"
        assert action["target"]["urlTemplate"] == "http://testserver/search/?q={search_term_string}"
        assert action["query-input"] == "required name=search_term_string"
        assert site["name"] and site["url"] == "http://testserver/"


def test_pages_with_breadcrumbs_carry_a_matching_breadcrumb_list(client, site_content):
    html = client.get("/faq/cost/cost-in-korea/").content.decode()
    (crumbs,) = of_type(json_ld(html), "BreadcrumbList")
    items = crumbs["itemListElement"]
    assert [item["position"] for item in items] == [1, 2, 3, 4]
    assert [item["item"] for item in items] == [
        "http://testserver/",
        "http://testserver/faq/",
        "http://testserver/faq/cost/",
        "http://testserver/faq/cost/cost-in-korea/",
    ]
    assert items[-1]["name"] == Question.objects.get(slug="cost-in-korea").question


@pytest.mark.parametrize("slug", ["what-are-exosomes", "safety", "aftercare"])
def test_guide_sections_are_medical_web_pages_that_claim_no_review_they_did_not_have(
    client, site_content, slug
):
    section = Section.objects.get(slug=slug)
    (page,) = of_type(
        json_ld(client.get(section.get_absolute_url()).content.decode()), "MedicalWebPage"
    )
    assert page["name"] == section.title
    # Nobody has medically reviewed the content yet, so the page claims no review.
    assert "lastReviewed" not in page and "reviewedBy" not in page
    assert page["author"] == {"@type": "Organization", "name": "exosite editorial team"}
    assert page["dateModified"] == section.updated.isoformat()
    assert page["about"]["@type"] == "MedicalTherapy"
    assert page["url"] == f"http://testserver{section.get_absolute_url()}"
    assert [c["name"] for c in page["citation"]] == [r.title for r in section.reference_list]


def test_the_faq_is_an_faq_page(client, site_content):
    (faq,) = of_type(json_ld(client.get("/faq/").content.decode()), "FAQPage")
    assert len(faq["mainEntity"]) == Question.objects.published().count()


def test_the_sitemap_lists_every_public_page_with_its_last_change(
    client, site_content, make_section
):
    draft = make_section(slug="draft-page", status=Section.Status.DRAFT)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    entries = {
        url.find(f"{SITEMAP}loc").text.removeprefix("http://testserver"): url.find(
            f"{SITEMAP}lastmod"
        )
        for url in root.findall(f"{SITEMAP}url")
    }
    expected = {url for url in public_pages() if not url.startswith("/search/")}
    assert set(entries) == expected
    assert draft.get_absolute_url() not in entries
    for url, lastmod in entries.items():
        assert lastmod is not None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", lastmod.text), url


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(client, db):
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in text.splitlines()
    assert "Disallow: /admin/" in text


def test_the_feed_lists_new_and_revised_content_newest_first(client, make_section, make_question):
    old = make_section(slug="old-page", title="Old page")
    make_section(slug="hidden-page", title="Hidden page", status=Section.Status.DRAFT)
    answer = make_question(question="Fresh question?")
    old.summary = "Revised summary."
    old.save()
    Section.objects.filter(pk=old.pk).update(created_at=old.created_at.replace(year=2025))
    response = client.get("/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    assert "Updated: Old page" in titles
    assert "New: Fresh question?" in titles
    assert not any("Hidden page" in title for title in titles)
    updated = [entry.find(f"{ATOM}updated").text for entry in entries]
    assert updated == sorted(updated, reverse=True)
    links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
    assert f"http://testserver{answer.get_absolute_url()}" in links


def test_the_glossary_is_a_defined_term_set(client, site_content):
    from articles.models import GlossaryTerm

    (terms,) = of_type(json_ld(client.get("/glossary/").content.decode()), "DefinedTermSet")
    assert len(terms["hasDefinedTerm"]) == GlossaryTerm.objects.count()
    fibroblast = next(t for t in terms["hasDefinedTerm"] if t["name"] == "fibroblast")
    assert fibroblast["url"] == "http://testserver/glossary/#fibroblast"


def test_structured_data_is_never_shown_as_text_even_on_the_404_page(client, site_content):
    for url in [*public_pages(), "/no-such-page/"]:
        html = client.get(url).content.decode()
        assert "&lt;script" not in html, url
        assert of_type(json_ld(html), "WebSite"), url


def test_a_section_summary_is_escaped_in_the_feed_which_declares_it_html(client, guide):
    """Feed readers decode the summary as HTML: a summary with '<' or '&' was read as
    markup (the review's '<script>' summary)."""
    from articles.models import Section

    section = Section.objects.get(slug="cost")
    section.summary = "Prices < $1,000 & more <script>alert('summary')</script>"
    section.save()
    feed = client.get("/feed/").content.decode()
    assert "&amp;lt;script&amp;gt;" in feed
    assert "Prices &amp;lt; $1,000 &amp;amp; more" in feed
    assert "&lt;script&gt;alert" not in feed
