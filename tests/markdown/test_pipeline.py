"""The one Markdown pipeline: what editors can write, and what can never get through."""

import re

import pytest
from django.conf import settings
from django.utils.module_loading import import_string

from exosite.markdown import reading_minutes, render
from exosite.markdown.citations import Reference
from exosite.markdown.pages import render_markdown


def test_markdownx_preview_uses_the_same_function_as_the_public_pages():
    assert import_string(settings.MARKDOWNX_MARKDOWNIFY_FUNCTION) is render_markdown


def test_headings_get_stable_anchors_and_a_table_of_contents():
    result = render("## Side effects\n\ntext\n\n### How long they last\n\n## Side effects\n")
    assert '<h2 id="side-effects">Side effects</h2>' in result.html
    assert '<h3 id="how-long-they-last">' in result.html
    assert [(e.id, e.title, e.level) for e in result.toc] == [
        ("side-effects", "Side effects", 2),
        ("how-long-they-last", "How long they last", 3),
        ("side-effects_1", "Side effects", 2),
    ]


def test_an_editor_can_fix_a_heading_anchor():
    assert '<h2 id="price">What it costs</h2>' in render("## What it costs {#price}\n").html


def test_a_top_level_heading_is_demoted_so_the_page_keeps_one_h1():
    html = render("# Big\n\n## Smaller\n").html
    assert "<h1" not in html
    assert '<h2 id="big">Big</h2>' in html and '<h3 id="smaller">Smaller</h3>' in html


def test_lists_emphasis_and_links_render():
    html = render("- **bold** and *soft*\n- [cost](/guide/cost/)\n").html
    assert "<ul>" in html and "<strong>bold</strong>" in html and "<em>soft</em>" in html
    assert '<a href="/guide/cost/" rel="noopener noreferrer">cost</a>' in html


def test_tables_scroll_in_a_labelled_keyboard_reachable_region():
    html = render("| Outcome | How |\n|:--|--:|\n| Firmer skin | Collagen |\n").html
    assert (
        '<div aria-label="Table: Outcome" class="table-scroll" role="region" tabindex="0">' in html
    )
    assert '<th align="left" scope="col">Outcome</th>' in html
    assert '<td align="right">Collagen</td>' in html
    assert "style=" not in html


@pytest.mark.parametrize(
    ("source", "kind", "title"),
    [
        ('!!! doctor "When to see a doctor"\n    Call now.\n', "doctor", "When to see a doctor"),
        ('!!! important "Before you book"\n    Ask.\n', "important", "Before you book"),
        ("!!! warning\n    Careful.\n", "warning", "Warning"),
        ('!!! doctor ""\n    Call.\n', "doctor", "When to see a doctor"),
        ('!!! unknown "Odd"\n    Text.\n', "note", "Odd"),
    ],
)
def test_callouts_become_labelled_boxes(source, kind, title):
    html = render(source).html
    assert f'<div class="callout callout--{kind}" role="note">' in html
    assert f'<p class="callout__title">{title}</p>' in html


def test_external_links_are_marked_and_open_safely():
    html = render("[FDA](https://www.fda.gov/page)").html
    assert 'class="link--external"' in html
    assert 'target="_blank"' in html
    assert 'rel="noopener noreferrer"' in html
    assert "(opens in a new tab)" in html


def test_internal_links_are_not_marked_external():
    html = render("[cost](/guide/cost/) and [top](#top)").html
    assert "link--external" not in html and "target=" not in html


def test_images_keep_their_alt_text_and_load_lazily():
    html = render("![Diagram of a skin cell](/media/uploads/a.png)").html
    assert 'alt="Diagram of a skin cell"' in html
    assert 'loading="lazy"' in html


def test_word_count_and_reading_time():
    assert render("word " * 450).word_count == 450
    assert reading_minutes(450) == 2 and reading_minutes(10) == 1


XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<img src=x onerror=alert(1)//>",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="jav&#x09;ascript:alert(1)">click</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    "<a href='  javascript:alert(1)'>x</a>",
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "![x](javascript:alert(1))",
    '<svg onload="alert(1)"><circle r="4"/></svg>',
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    '<iframe src="https://evil.example"></iframe>',
    '<object data="evil.swf"></object><embed src="evil.swf">',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<div onclick="alert(1)" onmouseover="alert(2)">hover</div>',
    '<form action="https://evil.example"><input name=x><button>go</button></form>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<details open ontoggle="alert(1)">x</details>',
    "<!--<script>alert(1)</script>-->",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '"><script>alert(1)</script>',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<style>body{display:none}</style>",
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_the_pipeline_strips_xss_payloads(payload):
    html = render(f"Intro paragraph.\n\n{payload}\n\nOutro *text*.\n").html.lower()
    assert "<script" not in html
    assert "javascript:" not in html
    assert "data:text" not in html
    assert not re.search(r"\son[a-z]+\s*=", html)
    assert "style=" not in html
    for tag in (
        "<svg",
        "<math",
        "<iframe",
        "<object",
        "<embed",
        "<form",
        "<input",
        "<meta",
        "<base",
        "<link",
        "<style",
        "<details",
    ):
        assert tag not in html, tag
    assert "outro <em>text</em>" in html  # the rest of the content survives


def test_editors_cannot_smuggle_classes_or_ids_onto_arbitrary_elements():
    html = render('<p class="skip-link" id="main-content">x</p><span class="callout">y</span>').html
    assert "skip-link" not in html and "main-content" not in html and "callout" not in html


def test_rendering_normalises_windows_line_endings():
    assert render("## A\r\n\r\ntext\r\n").html == render("## A\n\ntext\n").html


# --- Links by slug ----------------------------------------------------------------


def test_slug_links_become_the_current_address_of_the_page_they_name(
    empty_site, make_section, make_question
):
    from articles.models import GlossaryTerm
    from exosite.markdown.pages import render_with_glossary

    make_section(slug="cost")
    make_question(category="cost", slug="cost-in-korea")
    GlossaryTerm.objects.create(term="Exosome", slug="exosome", definition="A tiny parcel.")
    html = render_with_glossary(
        "[cost](guide:cost) [prices](guide:cost#rough-prices) "
        "[korea](faq:cost-in-korea) [term](glossary:exosome)\n"
    ).html
    assert '<a href="/guide/cost/" rel="noopener noreferrer">cost</a>' in html
    assert '<a href="/guide/cost/#rough-prices" rel="noopener noreferrer">prices</a>' in html
    assert '<a href="/faq/cost/cost-in-korea/" rel="noopener noreferrer">korea</a>' in html
    assert '<a href="/glossary/#exosome" rel="noopener noreferrer">term</a>' in html


def test_a_slug_link_follows_a_question_that_moves_to_another_category(
    empty_site, make_question, make_section
):
    question = make_question(category="cost", slug="cost-in-korea")
    section = make_section(body="[korea](faq:cost-in-korea)\n")
    assert 'href="/faq/cost/cost-in-korea/"' in section.body_html
    question.category = make_question(category="prices").category
    question.save()
    section.save()
    assert 'href="/faq/prices/cost-in-korea/"' in section.body_html


def test_a_slug_that_names_no_page_renders_as_marked_text_not_a_link(db):
    from exosite.markdown.pages import render_with_glossary

    html = render_with_glossary("See [the cost page](guide:no-such-page) now.\n").html
    assert "<a" not in html
    assert (
        '<span class="link--broken" data-link-problem="Broken link: No guide section has the '
        'slug “no-such-page”.">the cost page</span>' in html
    )


def test_slug_links_render_without_a_database_as_broken_rather_than_failing():
    html = render("[cost](guide:cost)\n").html
    assert '<span class="link--broken"' in html and ">cost</span>" in html


def test_the_pipeline_asks_for_all_slug_links_on_a_page_at_once():
    asked = []

    def resolve(links):
        asked.append(sorted(link.target for link in links))
        return {("guide", "cost"): "/guide/cost/"}

    html = render("[a](guide:cost) [b](faq:x) [c](guide:cost#top)\n", resolve_links=resolve).html
    assert asked == [[("faq", "x"), ("guide", "cost"), ("guide", "cost")]]
    assert 'href="/guide/cost/#top"' in html


@pytest.mark.parametrize(
    "href",
    [
        'guide:cost" onmouseover="alert(1)',
        "guide:cost#x onmouseover=alert(1)",
        "guide:javascript:alert(1)",
        "faq:../../admin/",
    ],
)
def test_text_that_only_looks_like_a_slug_link_cannot_smuggle_anything(href):
    html = render(f"[x]({href})\n", resolve_links=lambda links: {}).html.lower()
    assert "javascript:" not in html and not re.search(r"\son[a-z]+\s*=", html)
    assert "/admin/" not in html


def test_the_live_preview_of_a_broken_slug_link_is_a_page_not_an_error(editor_client):
    response = editor_client.post("/markdownx/markdownify/", {"content": "[x](guide:nope)"})
    assert response.status_code == 200
    assert "No guide section has the slug “nope”." in response.content.decode()


def test_a_page_linking_to_a_missing_slug_starts_linking_once_that_page_exists(make_section):
    linking = make_section(body="Read [later](guide:later) soon.\n")
    assert "link--broken" in linking.body_html
    make_section(slug="later")
    linking.refresh_from_db()
    assert '<a href="/guide/later/" rel="noopener noreferrer">later</a>' in linking.body_html


def test_pages_linking_to_a_question_follow_it_to_its_new_category_by_themselves(
    empty_site, make_question, make_section
):
    question = make_question(category="cost", slug="cost-in-korea")
    linking = make_section(body="[korea](faq:cost-in-korea)\n")
    updated_at = linking.updated_at
    question.category = make_question(category="prices").category
    question.save()
    linking.refresh_from_db()
    assert 'href="/faq/prices/cost-in-korea/"' in linking.body_html
    assert linking.updated_at == updated_at  # re-rendered, not marked as revised


def test_a_link_to_a_draft_or_archived_page_shows_no_address_until_it_is_published(
    empty_site, make_section, make_question, client
):
    """The review found the addresses of unpublished pages in published answers, the feed
    and the FAQ's structured data."""
    from articles.models import Section

    draft = make_section(slug="secret-draft", status=Section.Status.DRAFT)
    archived = make_section(slug="secret-archived", status=Section.Status.ARCHIVED)
    question = make_question(
        category="cost",
        answer="See [the draft](guide:secret-draft) and [the old page](guide:secret-archived).\n",
    )
    for path in ("/faq/", "/faq/cost/", question.get_absolute_url(), "/feed/"):
        page = client.get(path).content.decode()
        assert "secret-draft" not in page and "secret-archived" not in page, path
    assert "not published" in question.answer_html
    draft.status = Section.Status.PUBLISHED
    draft.save()
    question.refresh_from_db()
    assert 'href="/guide/secret-draft/"' in question.answer_html
    assert 'href="/guide/secret-draft/"' in client.get(question.get_absolute_url()).content.decode()
    assert archived.slug not in client.get("/faq/").content.decode()


def test_only_citations_side_by_side_are_separated_by_a_comma():
    """ "claim.¹,²" but "claim.¹ More words.²": the comma is the HTML's, not a CSS guess."""
    sources = [Reference(key="a", title="A"), Reference(key="b", title="B")]
    html = render("One claim.[^a][^b] Another claim.[^a]", references=sources).html
    sups = re.findall(r'<sup class="([^"]*)"', html)
    assert sups == ["citation", "citation citation--next", "citation"]
