"""The FAQ: grouped answers, stable links, drafts hidden, and links both ways with the guide."""

import json
import re

import pytest
from django.utils.html import escape

from articles.models import Section
from exosite.web import page_cache
from faq.models import Category, Question


def faq_page(client) -> str:
    response = client.get("/faq/")
    assert response.status_code == 200
    return response.content.decode()


def structured_data(html: str) -> dict:
    """The page's FAQPage block (the page also describes the site and its breadcrumbs)."""
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    pages = [data for data in map(json.loads, blocks) if data["@type"] == "FAQPage"]
    assert len(pages) == 1
    return pages[0]


def visible_questions(html: str) -> list[str]:
    return re.findall(r'<summary class="faq-item__question">(.*?)</summary>', html)


def test_the_faq_has_at_least_twenty_published_questions(site_content):
    assert Question.objects.published().count() >= 20


def test_the_index_groups_questions_by_category_in_order(client, site_content):
    html = faq_page(client)
    categories = list(Category.objects.order_by("order"))
    positions = [html.index(f'<h2 id="{c.anchor}">') for c in categories]
    assert positions == sorted(positions)
    for category in categories:
        start = html.index(f'<h2 id="{category.anchor}">')
        following = [
            html.index(f'<h2 id="{c.anchor}">') for c in categories if c.order > category.order
        ]
        section_html = html[start : min(following, default=len(html))]
        expected = [escape(q.question) for q in category.questions.published().order_by("order")]
        assert visible_questions(section_html) == expected


def test_the_jump_list_links_to_every_category(client, site_content):
    html = faq_page(client)
    for category in Category.objects.all():
        assert f'<a href="#{category.anchor}">{escape(category.title)}</a>' in html


def test_every_question_has_a_stable_anchor_and_its_own_page(client, site_content):
    html = faq_page(client)
    for question in Question.objects.published().select_related("category"):
        assert f'<details class="faq-item" id="{question.slug}">' in html
        url = f"/faq/{question.category.slug}/{question.slug}/"
        assert question.get_absolute_url() == url
        page = client.get(url)
        assert page.status_code == 200
        assert f'<h1 id="question-title">{escape(question.question)}</h1>' in page.content.decode()


def test_each_category_has_its_own_page_listing_its_questions(client, site_content):
    category = Category.objects.get(slug="cost")
    html = client.get("/faq/cost/").content.decode()
    assert f"<h1>{escape(category.title)}</h1>" in html
    assert visible_questions(html) == [
        escape(q.question) for q in category.questions.published().order_by("order")
    ]
    assert '<details class="faq-item" id="cost-in-korea" open>' in html


def test_answers_are_disclosure_widgets_that_work_without_javascript(client, site_content):
    html = faq_page(client)
    published = Question.objects.published().count()
    assert html.count('<details class="faq-item"') == published
    assert html.count('<summary class="faq-item__question">') == published


def test_draft_questions_are_hidden_everywhere(client, make_section, make_question):
    section = make_section(slug="cost-section")
    draft = make_question(
        category="cost",
        question="A hidden draft?",
        status=Question.Status.DRAFT,
        sections=[section],
    )
    shown = make_question(category="cost", question="A visible one?", sections=[section])
    html = faq_page(client)
    assert "A hidden draft?" not in html and "A visible one?" in html
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(shown.get_absolute_url()).status_code == 200
    section_html = client.get(section.get_absolute_url()).content.decode()
    assert "A hidden draft?" not in section_html and "A visible one?" in section_html
    assert "A hidden draft?" not in json.dumps(structured_data(html))


def test_a_category_with_only_drafts_is_not_shown(client, make_question):
    make_question(category="secret", status=Question.Status.DRAFT)
    make_question(category="open")
    html = faq_page(client)
    assert 'id="category-secret"' not in html and 'id="category-open"' in html
    assert client.get("/faq/secret/").status_code == 404


def test_staff_can_preview_a_draft_question(editor_client, make_question):
    draft = make_question(status=Question.Status.DRAFT)
    html = editor_client.get(draft.get_absolute_url()).content.decode()
    assert (
        "Preview: this page is not public" in html
        and '<meta name="robots" content="noindex">' in html
    )


def test_the_json_ld_matches_exactly_the_questions_shown(client, site_content):
    html = faq_page(client)
    data = structured_data(html)
    assert data["@context"] == "https://schema.org" and data["@type"] == "FAQPage"
    shown = [
        q.replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&")
        for q in visible_questions(html)
    ]
    assert [item["name"] for item in data["mainEntity"]] == shown
    for item in data["mainEntity"]:
        assert item["@type"] == "Question"
        question = Question.objects.get(question=item["name"])
        assert item["acceptedAnswer"] == {"@type": "Answer", "text": question.answer_html}
        assert question.answer_html in html


def test_the_json_ld_cannot_break_out_of_its_script_element(client, make_question):
    make_question(answer="Try </script><script>alert(1)</script> this")
    html = faq_page(client)
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        assert "<" not in block


def test_guide_sections_show_their_related_questions(client, site_content):
    section = Section.objects.get(slug="cost")
    html = client.get("/guide/cost/").content.decode()
    related = Question.objects.published().filter(sections=section)
    assert related.exists()
    assert "Common questions" in html
    for question in related:
        assert f'<a href="{question.get_absolute_url()}">{escape(question.question)}</a>' in html


def test_each_answer_links_to_its_guide_sections(client, site_content):
    question = Question.objects.get(slug="cost-in-korea")
    sections = list(question.sections.all())
    assert sections
    html = client.get(question.get_absolute_url()).content.decode()
    assert "Read more in the guide" in html
    for section in sections:
        assert f'<a href="{section.get_absolute_url()}">{escape(section.title)}</a>' in html


def test_links_to_draft_sections_are_left_out_of_answers(client, make_section, make_question):
    draft = make_section(status=Section.Status.DRAFT, title="Unpublished section")
    question = make_question(sections=[draft])
    assert "Unpublished section" not in client.get(question.get_absolute_url()).content.decode()


def test_the_faq_index_is_built_in_a_fixed_number_of_queries(
    client, site_content, django_assert_max_num_queries
):
    page_cache.current_state()  # the page cache's own check, made once per few seconds
    with django_assert_max_num_queries(8):
        faq_page(client)


@pytest.mark.parametrize(
    "slug",
    [
        "what-are-exosomes",
        "do-exosomes-contain-living-cells",
        "does-it-hurt",
        "how-many-sessions",
        "when-will-i-see-results",
        "how-long-do-results-last",
        "cost-in-the-us",
        "cost-in-korea",
        "why-does-the-price-vary",
        "side-effects",
        "who-should-not-have-it",
        "is-it-suitable-for-darker-skin",
        "is-it-fda-approved",
        "how-to-check-a-clinic",
        "can-it-help-hair-loss",
        "what-to-avoid-first-days",
        "exosomes-vs-whole-cell-treatments",
    ],
)
def test_the_faq_answers_the_questions_patients_really_ask(site_content, slug):
    question = Question.objects.get(slug=slug)
    assert question.is_published and question.answer_html


def test_an_answers_description_has_no_tooltip_text_and_is_escaped_once(client, site_content):
    """The review saw "ExosomesA tiny package … are tiny packages" and "&amp;lt;"."""
    import html as html_module
    import re

    from faq.models import Question

    question = Question.objects.get(slug="what-are-exosomes")
    question.answer = "Exosomes are tiny packages. Compare 2 < 3 & 4 > 1 for fun.\n"
    question.save()
    page = client.get(question.get_absolute_url()).content.decode()
    description = re.search(r'<meta name="description" content="([^"]*)"', page).group(1)
    assert "&amp;lt;" not in description and "&amp;amp;" not in description
    assert html_module.unescape(description).startswith(
        "Exosomes are tiny packages. Compare 2 < 3 & 4"
    )
    assert "ExosomesA" not in description
    from exosite.markdown.glossary import TIP

    assert TIP.search(question.answer_html), "the answer should link a glossary term"


@pytest.mark.parametrize(
    "slug", ["cost-in-the-us", "how-many-sessions", "how-to-get-an-exact-price"]
)
def test_the_answers_about_price_lead_to_the_cost_tool(client, site_content, slug):
    question = Question.objects.get(slug=slug)
    html = client.get(question.get_absolute_url()).content.decode()
    answer = html[html.index("<h1") :]
    assert re.search(r'<a href="/tools/cost/"[^>]*>cost tool</a>', answer)
    assert client.get("/tools/cost/").status_code == 200


def test_the_cost_tool_links_in_the_answers_pass_the_link_check(site_content):
    from exosite.editorial.linkcheck import check_links, links_in

    slugs = ["cost-in-the-us", "how-many-sessions", "how-to-get-an-exact-price"]
    questions = list(Question.objects.filter(slug__in=slugs))
    for question in questions:
        targets = [link.target for link in links_in(question.markdown_text)]
        assert "/tools/cost/" in targets, question.slug
    assert not check_links(questions).broken
