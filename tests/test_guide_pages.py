"""What a visitor sees: the overview, every section page, and what stays hidden."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from articles.models import Section
from exosite.web import page_cache
from tests.conftest import GUIDE_SLUGS

DISCLAIMER = "It is not medical advice"


def test_home_lists_every_published_section_in_order_with_its_key_point(client, guide):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    listing = html[html.index('class="section-list"') :]
    positions = [listing.index(f'href="/guide/{slug}/"') for slug in GUIDE_SLUGS]
    assert positions == sorted(positions)
    for section in guide:
        assert section.key_takeaway, f"{section.slug} has no key takeaway"
        assert escape(section.key_takeaway) in listing


def test_home_lists_each_section_once_with_no_read_more_links(client, guide):
    html = client.get("/").content.decode()
    listing = html[
        html.index('class="section-list"') : html.index("</ol>", html.index('class="section-list"'))
    ]
    for section in guide:
        assert listing.count(f'href="{section.get_absolute_url()}"') == 1
    assert "Read more" not in html


def test_a_section_without_a_key_point_shows_its_summary_on_home(client, make_section):
    section = make_section(key_takeaway="", summary="A summary standing in for the key point.")
    assert escape(section.summary) in client.get("/").content.decode()


def test_home_answers_the_first_questions_before_anything_else(client, guide):
    html = client.get("/").content.decode()
    answers = html.index('class="quick-answers"')
    assert answers < html.index('class="intro__lead"')
    for question, address in [
        ("What does it cost?", "/tools/cost/"),
        ("What are the risks?", "/guide/safety/"),
        ("Is it approved?", "/faq/safety/is-it-fda-approved/"),
        ("Is it for me?", "/tools/is-it-for-me/"),
        ("Aftercare", "/tools/aftercare-timeline/"),
        ("Get help now", "/tools/aftercare-timeline/#when-to-get-help"),
    ]:
        assert f'href="{address}">{question}</a>' in html
    assert "$500 to $2,000 or more a session in the US, as reported" in html
    assert "No exosome product is FDA-approved" in html


def test_home_shows_dated_sourced_quick_facts(client, guide):
    html = client.get("/").content.decode()
    facts = html[html.index('class="quick-facts"') :]
    assert "No exosome product is approved by the FDA" in facts
    assert "Consumer Alert on Regenerative Medicine Products" in facts
    assert '<time datetime="2026-11-30">30 Nov 2026</time>' in facts
    assert "$500 to $2,000 or more a session in the US" in facts
    assert "₩300,000 to ₩1,000,000 or more a session in South Korea" in facts
    assert "Studies gave 3 sessions for acne scars and 3 sessions for signs of skin ageing" in facts


def test_an_editors_quick_fact_reaches_the_cached_home_page(client, guide):
    import datetime

    from tools.models import QuickFact

    client.get("/")
    QuickFact.objects.create(
        label="Test",
        text="A new dated fact.",
        source_title="A source",
        checked_on=datetime.date(2026, 12, 1),
    )
    assert "A new dated fact." in client.get("/").content.decode()


@pytest.mark.parametrize("slug", GUIDE_SLUGS)
def test_every_section_page_has_toc_neighbours_breadcrumbs_and_trust_block(client, guide, slug):
    section = Section.objects.get(slug=slug)
    response = client.get(f"/guide/{slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<h1 id="section-title">{escape(section.title)}</h1>' in html
    assert escape(section.summary) in html
    assert f"{section.reading_minutes} min read" in html

    # The table of contents links to anchors that exist on the page.
    toc_links = re.findall(r'class="toc__item[^"]*"><a href="#([^"]+)"', html)
    assert len(toc_links) >= 3
    for anchor in toc_links:
        assert f'id="{anchor}"' in html

    # Breadcrumbs: home, then this page.
    assert 'aria-label="Breadcrumb"' in html
    assert f'<span aria-current="page">{section.title}</span>' in html

    # Neighbours follow the guide's order.
    index = GUIDE_SLUGS.index(slug)
    if index > 0:
        assert f'href="/guide/{GUIDE_SLUGS[index - 1]}/" rel="prev"' in html
    else:
        assert 'rel="prev"' not in html
    if index < len(GUIDE_SLUGS) - 1:
        assert f'href="/guide/{GUIDE_SLUGS[index + 1]}/" rel="next"' in html
    else:
        assert 'rel="next"' not in html

    # Trust block: when it was updated, who wrote it, its medical review, its sources.
    assert f'Last updated <time datetime="{section.updated:%Y-%m-%d}">' in html
    assert f"<dt>Written by</dt><dd>{section.author}</dd>" in html
    assert "<dt>Medical review</dt>" in html and "Not yet medically reviewed" in html
    for source in section.sources.all():
        assert escape(source.title) in html
        assert f'id="ref-{section.slug}-' in html
    assert DISCLAIMER in html


def test_every_section_tells_the_reader_to_see_a_qualified_professional(guide):
    for section in guide:
        text = section.body_html.lower()
        assert "doctor" in text or "dermatologist" in text or "professional" in text, section.slug


def test_safety_section_cites_the_fda_notice(client, guide):
    html = client.get("/guide/safety/").content.decode()
    assert (
        "https://www.fda.gov/vaccines-blood-biologics/safety-availability-biologics/public-safety-notification-exosome-products"
        in html
    )
    assert "Nebraska" in html


def test_outcomes_table_is_rendered_as_a_table(client, guide):
    html = client.get("/guide/results/").content.decode()
    assert '<div aria-label="Table:' in html and "<table>" in html
    for outcome in ["fine lines", "scar", "tone", "hair"]:
        assert outcome in html.lower()


def test_draft_section_is_hidden_from_visitors(client, make_section):
    draft = make_section(status=Section.Status.DRAFT, title="Secret draft")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "Secret draft" not in client.get("/").content.decode()


def test_draft_section_is_left_out_of_the_neighbours_of_published_ones(empty_site, make_section):
    first = make_section(order=1)
    make_section(order=2, status=Section.Status.DRAFT)
    third = make_section(order=3)
    assert first.next_section() == third
    assert third.previous_section() == first


def test_staff_can_preview_a_draft_with_a_banner_and_noindex(editor_client, make_section):
    draft = make_section(status=Section.Status.DRAFT)
    html = editor_client.get(draft.get_absolute_url()).content.decode()
    assert "Preview: this page is not public" in html
    assert '<meta name="robots" content="noindex">' in html


def test_unknown_section_gets_a_friendly_404_with_the_disclaimer(client, db):
    response = client.get("/guide/no-such-section/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We can't find that page" in html
    assert DISCLAIMER in html


def test_guide_root_redirects_to_the_overview(client, db):
    response = client.get("/guide/")
    assert response.status_code == 301
    assert response["Location"] == reverse("articles:home")


def test_section_page_is_served_from_stored_html_in_few_queries(
    client, guide, django_assert_max_num_queries, monkeypatch
):
    import exosite.markdown.pages

    def fail(*args, **kwargs):
        raise AssertionError("Markdown must not be rendered per request")

    monkeypatch.setattr(exosite.markdown.pages, "render_with_glossary", fail)
    page_cache.current_state()  # the page cache's own check, made once per few seconds
    with django_assert_max_num_queries(6):
        response = client.get("/guide/cost/")
    assert response.status_code == 200


def test_home_leads_to_the_one_urgent_care_message_without_a_copy_of_it(client, guide):
    """The emergency numbers live in the urgent-care block alone, so a change there is a
    change everywhere; the home page points to it."""
    html = client.get("/").content.decode()
    answers = html[
        html.index('class="quick-answers"') : html.index(
            "</nav>", html.index('class="quick-answers"')
        )
    ]
    assert "Which signs need urgent care, and whom to call" in answers
    assert "911" not in answers and "119" not in answers
