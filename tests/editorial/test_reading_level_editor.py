"""Reading level while editing: the preview's grades (Flesch-Kincaid and SMOG) and word
count, and the change lists."""

import re

from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exosite.markdown.readability import reading_grade, reading_summary, smog_grade

EASY = "The cat sat on the mat. It was warm. We had tea.\n"
HARD = (
    "Extracellular vesicles facilitate intercellular communication through heterogeneous "
    "macromolecular cargo, modulating inflammatory signalling and regenerative processes "
    "in dermatological applications.\n"
)


def preview_statistics(editor_client, text: str) -> dict[str, str]:
    response = editor_client.post("/markdownx/markdownify/", {"content": text})
    assert response.status_code == 200
    html = response.content.decode()
    match = re.search(r'<div class="editor-stats" hidden ([^>]*)>([^<]*)</div>$', html)
    assert match, html
    attributes = dict(re.findall(r'data-([a-z-]+)="([^"]*)"', match.group(1)))
    return {**attributes, "text": match.group(2)}


def test_the_preview_carries_the_texts_reading_grade_and_word_count(editor_client):
    statistics = preview_statistics(editor_client, f"## Tea\n\n{EASY}")
    assert statistics["word-count"] == "13"
    grade, smog = float(statistics["reading-grade"]), float(statistics["smog"])
    assert grade <= 8 and smog <= 9
    assert statistics["above-target"] == "false"
    assert statistics["text"] == (
        f"Reading grade {grade:g} (aim for 8 or lower) · SMOG {smog:g} (aim for 9 or lower) "
        "· 13 words"
    )


def test_a_text_above_grade_8_is_flagged_in_words_not_only_by_a_class(editor_client):
    statistics = preview_statistics(editor_client, HARD)
    assert float(statistics["reading-grade"]) > 8
    assert statistics["above-target"] == "true"
    assert ": above 8, simplify (aim for 8 or lower)" in statistics["text"]
    assert ": above 9, use shorter words (aim for 9 or lower) · 18 words" in statistics["text"]


def test_long_words_alone_are_flagged_by_smog_even_when_the_grade_is_fine(editor_client):
    """Short sentences of long words: Flesch-Kincaid can pass them, SMOG does not."""
    text = "Regenerative dermatology. Inflammatory conditions. Extracellular vesicles.\n"
    statistics = preview_statistics(editor_client, text * 3)
    assert float(statistics["smog"]) > 9
    assert statistics["above-target"] == "true"


def test_the_status_line_counts_one_word_and_an_empty_text_plainly():
    assert reading_summary(3.1, 3.1, 1) == (
        "Reading grade 3.1 (aim for 8 or lower) · SMOG 3.1 (aim for 9 or lower) · 1 word"
    )
    assert reading_summary(0.0, 0.0, 0).endswith("· 0 words")


def test_the_grade_is_worked_out_from_the_same_html_visitors_get(editor_client):
    response = editor_client.post("/markdownx/markdownify/", {"content": HARD})
    published, _statistics = response.content.decode().split('<div class="editor-stats"')
    assert f'data-reading-grade="{reading_grade(published):g}"' in response.content.decode()
    assert f'data-smog="{smog_grade(published):g}"' in response.content.decode()


def test_the_editor_pages_load_the_reading_level_script_and_styles_from_static_files(
    editor_client, make_section, make_question
):
    assert finders.find("js/editor-reading-level.js")
    section = make_section()
    question = make_question()
    for url in (
        f"/admin/articles/section/{section.pk}/change/",
        f"/admin/faq/question/{question.pk}/change/",
    ):
        html = editor_client.get(url).content.decode()
        assert 'src="/static/js/editor-reading-level.js"' in html
        assert 'href="/static/css/admin-editor.css"' in html


def test_the_question_list_shows_each_answers_grade_and_flags_hard_ones_in_words(
    editor_client, make_question
):
    make_question(question="Easy one?", answer=EASY)
    make_question(question="Hard one?", answer=HARD)
    html = editor_client.get("/admin/faq/question/").content.decode()
    assert "Reading grade" in html
    assert html.count("(above 8 or SMOG 9)") == 1
    easy = f"<p>{EASY}</p>"
    assert (
        f'<td class="field-reading_level">{reading_grade(easy):g} · SMOG {smog_grade(easy):g}</td>'
        in html
    )


def test_the_above_grade_8_filter_lists_only_the_pages_to_simplify(
    editor_client, make_question, make_section
):
    make_question(question="Easy one?", answer=EASY)
    make_question(question="Hard one?", answer=HARD)
    make_section(title="Easy page", body=f"## Tea\n\n{EASY}")
    make_section(title="Hard page", body=f"## Vesicles\n\n{HARD}")
    questions = editor_client.get("/admin/faq/question/").content.decode()
    assert "Above grade 8 or SMOG 9" in questions
    above = editor_client.get("/admin/faq/question/?reading_grade=above").content.decode()
    assert "Hard one?" in above and "Easy one?" not in above
    within = editor_client.get("/admin/faq/question/?reading_grade=within").content.decode()
    assert "Easy one?" in within and "Hard one?" not in within
    sections = editor_client.get("/admin/articles/section/?reading_grade=above").content.decode()
    assert "Hard page" in sections and "Easy page" not in sections


def test_the_grade_column_costs_no_query_per_row(editor_client, make_question):
    make_question(answer=EASY)
    with CaptureQueriesContext(connection) as one_row:
        editor_client.get("/admin/faq/question/")
    for _ in range(10):
        make_question(answer=HARD)
    with CaptureQueriesContext(connection) as eleven_rows:
        editor_client.get("/admin/faq/question/?reading_grade=above")
    assert len(eleven_rows) <= len(one_row) + 1  # the filter's one query


def test_very_plain_text_is_grade_0_not_a_negative_grade():
    assert reading_grade("<p>The cat sat. It was warm.</p>") == 0


def test_glossary_tooltips_count_neither_as_words_nor_towards_the_grade(empty_site, editor_client):
    from articles.models import GlossaryTerm

    plain = preview_statistics(editor_client, "Exosomes help skin. They are small.\n")
    GlossaryTerm.objects.create(
        term="Exosome",
        slug="exosome",
        definition="A tiny parcel that cells release, carrying proteins and genetic messages.",
    )
    linked = preview_statistics(editor_client, "Exosomes help skin. They are small.\n")
    preview = editor_client.post("/markdownx/markdownify/", {"content": "Exosomes help."})
    assert "A tiny parcel that cells release" in preview.content.decode()
    assert linked["word-count"] == plain["word-count"] == "6"
    assert linked["reading-grade"] == plain["reading-grade"]


def test_the_glossary_list_shows_how_plain_each_definition_is(empty_site, editor_client):
    from articles.models import GlossaryTerm

    GlossaryTerm.objects.create(term="Cat", slug="cat", definition="A small pet. It purrs.")
    GlossaryTerm.objects.create(term="Vesicle", slug="vesicle", definition=HARD.strip())
    html = editor_client.get("/admin/articles/glossaryterm/").content.decode()
    assert "Reading grade" in html
    assert html.count("(above 8 or SMOG 9)") == 1
