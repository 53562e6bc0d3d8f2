"""The glossary: a page of plain meanings, and first uses linked at render time."""

import re

import pytest
from django.utils.html import escape

from articles.models import GlossaryTerm
from exosite.markdown import render
from exosite.markdown.glossary import Term

FIBROBLAST = Term(
    "fibroblast", "fibroblast", "A skin cell that makes collagen.", "/glossary/#fibroblast"
)
COLLAGEN = Term("collagen", "collagen", "A protein that keeps skin firm.", "/glossary/#collagen")
MSC = Term(
    "mesenchymal-stem-cell", "mesenchymal stem cell", "A repair cell.", "/glossary/#msc", ("MSC",)
)
STEM_CELL = Term("stem-cell", "stem cell", "A cell that makes other cells.", "/glossary/#stem-cell")
TERMS = [FIBROBLAST, COLLAGEN, MSC, STEM_CELL]


def links(html: str) -> list[str]:
    return re.findall(r'<a aria-describedby="[^"]+" class="glossary__term" href="([^"]+)"', html)


def test_the_first_use_of_a_term_links_to_its_definition_with_a_tooltip():
    html = render("Fibroblasts make collagen. Fibroblasts are busy.", terms=TERMS, scope="s").html
    assert links(html) == ["/glossary/#fibroblast", "/glossary/#collagen"]
    assert (
        '<a aria-describedby="glossary-s-fibroblast" class="glossary__term" href="/glossary/#fibroblast" rel="noopener noreferrer">Fibroblasts</a>'
        in html
    )
    assert (
        '<span class="glossary__tip" id="glossary-s-fibroblast" role="tooltip">A skin cell that makes collagen.</span>'
        in html
    )
    assert html.count("glossary__term") == 2  # the second "Fibroblasts" stays plain


def test_terms_are_never_linked_inside_headings_links_or_code():
    text = (
        "## Fibroblasts and collagen\n\n"
        "[About fibroblasts](/guide/how-it-works/) and `collagen` in code.\n\n"
        "    collagen in a code block\n\n"
        "Now fibroblasts.\n"
    )
    html = render(text, terms=TERMS, scope="s").html
    assert '<h2 id="fibroblasts-and-collagen">Fibroblasts and collagen</h2>' in html
    assert "<code>collagen</code>" in html
    assert "<pre><code>collagen in a code block" in html
    assert links(html) == ["/glossary/#fibroblast"]
    assert html.index("glossary__term") > html.index("Now")


def test_longer_terms_and_aliases_win_and_words_inside_other_words_do_not_match():
    html = render("Mesenchymal stem cells, an MSC, a stem cell, collagenase.", terms=TERMS).html
    assert links(html) == ["/glossary/#msc", "/glossary/#stem-cell"]


def test_tooltips_of_texts_shown_together_have_distinct_ids():
    first = render("Collagen here.", terms=TERMS, scope="first-answer").html
    second = render("Collagen there.", terms=TERMS, scope="second-answer").html
    assert 'id="glossary-first-answer-collagen"' in first
    assert 'id="glossary-second-answer-collagen"' in second


def test_editors_cannot_set_ids_outside_the_glossary_form():
    html = render(
        '<span id="main-content">x</span> <a href="/" aria-describedby="trust-heading">y</a>'
    ).html
    assert 'id="main-content"' not in html and "aria-describedby" not in html


def test_the_glossary_has_every_technical_word_the_content_needs(site_content):
    needed = [
        "exosome",
        "extracellular vesicle",
        "nanometer",
        "mesenchymal stem cell",
        "fibroblast",
        "keratinocyte",
        "collagen",
        "elastin",
        "angiogenesis",
        "microRNA",
        "microneedling",
        "laser resurfacing",
        "biologic",
        "keloid",
        "Fitzpatrick scale",
        "acellular",
    ]
    terms = set(GlossaryTerm.objects.values_list("term", flat=True))
    assert set(needed) <= terms


def test_the_glossary_page_lists_terms_alphabetically_with_anchors(client, site_content):
    html = client.get("/glossary/").content.decode()
    names = re.findall(r'<div class="glossary-list__entry" id="([^"]+)">\s*<dt>([^<]+)</dt>', html)
    assert len(names) == GlossaryTerm.objects.count()
    terms = [term for _, term in names]
    assert terms == sorted(terms, key=str.lower)
    fibroblast = GlossaryTerm.objects.get(slug="fibroblast")
    assert (
        f'id="fibroblast">\n            <dt>{fibroblast.term}</dt>\n            <dd>{escape(fibroblast.definition)}</dd>'
        in html
    )


def test_guide_and_faq_pages_link_terms_from_the_glossary(client, site_content):
    section = client.get("/guide/how-it-works/").content.decode()
    assert 'href="/glossary/#fibroblast"' in section
    answer = client.get("/faq/basics/what-are-exosomes/").content.decode()
    assert 'class="glossary__term"' in answer


def test_the_faq_page_has_no_duplicate_ids(client, site_content):
    html = client.get("/faq/").content.decode()
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_a_term_added_in_the_admin_is_linked_in_existing_pages(editor, client, make_section):
    client.force_login(editor)
    section = make_section(body="## Part\n\nThe word serum appears here.\n")
    assert "glossary__term" not in section.body_html
    response = client.post(
        "/admin/articles/glossaryterm/add/",
        {
            "term": "serum",
            "slug": "serum",
            "definition": "A light liquid for the skin.",
            "aliases": "",
            "updated": "2026-12-01",
        },
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert 'href="/glossary/#serum"' in section.body_html
    updated_at = section.updated_at
    GlossaryTerm.objects.get(slug="serum").delete()
    section.refresh_from_db()
    assert "glossary__term" not in section.body_html
    assert section.updated_at == updated_at  # a glossary change is not a revision of the page


@pytest.mark.parametrize("alias", ["MSC, stem", "x,y"])
def test_aliases_in_the_glossary_file_are_a_list(db, tmp_path, alias):
    from articles.content import GlossaryContent
    from exosite.editorial import content_io

    folder = tmp_path / "glossary"
    folder.mkdir()
    (folder / "terms.yml").write_text(
        f"- term: stem cell\n  slug: stem-cell\n  definition: A cell.\n  aliases:\n  - {alias}\n"
    )
    with pytest.raises(
        content_io.ContentError,
        match="line 4: 'aliases' must be a list, each alias its own item, without commas",
    ):
        content_io.load([GlossaryContent()], tmp_path)
