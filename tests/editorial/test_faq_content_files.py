"""The FAQ in content/faq/: the same guarantees as the guide, and editing in the admin."""

import shutil

import pytest
from django.core.management import call_command

from exosite.editorial import content_io
from faq.models import Category, Question
from tests.conftest import CONTENT_DIR


@pytest.fixture
def content(tmp_path):
    shutil.copytree(CONTENT_DIR, tmp_path / "content")
    return tmp_path / "content"


def kinds():
    return content_io.registered_kinds()


def snapshot():
    return (
        list(
            Question.objects.order_by("slug").values_list(
                "slug", "question", "answer", "order", "updated_at"
            )
        ),
        list(Category.objects.order_by("slug").values_list("slug", "title", "order")),
    )


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_load_creates_categories_questions_and_their_links_to_sections(empty_site, content):
    content_io.load(kinds(), content)
    assert Category.objects.count() == 7
    question = Question.objects.get(slug="does-it-hurt")
    assert question.category.slug == "treatment"
    assert sorted(question.sections.values_list("slug", flat=True)) == ["aftercare", "how-it-works"]
    assert "<p>" in question.answer_html


def test_loading_twice_changes_nothing(db, content):
    content_io.load(kinds(), content)
    before = snapshot()
    report = content_io.load(kinds(), content)
    assert report.created == report.updated == []
    assert snapshot() == before


def test_load_then_export_round_trips_every_file_in_content(db, tmp_path):
    content_io.load(kinds(), CONTENT_DIR)
    out = tmp_path / "out"
    content_io.export(kinds(), out)
    originals = sorted(p.relative_to(CONTENT_DIR) for p in CONTENT_DIR.rglob("*") if p.is_file())
    exported = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    assert exported == originals
    for relative in originals:
        assert (out / relative).read_bytes() == (CONTENT_DIR / relative).read_bytes(), relative


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "faq/does-it-hurt.md",
            "category: treatment",
            "category: pain",
            "line 4: 'category' names 'pain', which is not a category",
        ),
        (
            "faq/does-it-hurt.md",
            "- aftercare",
            "- side-effects-page",
            "line 8: 'sections' names 'side-effects-page', which is not a section",
        ),
        (
            "faq/does-it-hurt.md",
            "question: Does exosome therapy hurt?",
            "question: It hurts",
            "line 2: 'question': Write it as a reader would ask it, ending in a question mark",
        ),
        (
            "faq/does-it-hurt.md",
            "order: 2",
            "order: second",
            "line 5: 'order': Enter a whole number",
        ),
        ("faq/categories.yml", "- slug: basics", "- slug: cost", "the slug 'cost' is already used"),
        ("faq/categories.yml", "  title: The basics\n", "  title: [oops\n", "not valid YAML"),
        (
            "faq/categories.yml",
            "  order: 1\n",
            "  order: first\n",
            "line 3: 'order': Enter a whole number",
        ),
    ],
)
def test_a_broken_faq_file_stops_the_load_and_writes_nothing(db, content, file, old, new, message):
    content_io.load(kinds(), content)
    edit(content / "faq" / "cost-in-korea.md", "How much does", "What does")  # a valid change
    before = snapshot()
    edit(content / file, old, new)
    with pytest.raises(content_io.ContentError) as error:
        content_io.load(kinds(), content)
    assert message in str(error.value)
    assert file.split("/")[-1] in str(error.value)
    assert snapshot() == before


def test_an_answer_edited_in_the_admin_is_not_overwritten_without_force(db, content):
    content_io.load(kinds(), content)
    question = Question.objects.get(slug="cost-in-korea")
    question.answer = "Edited by an editor."
    question.save()
    edit(content / "faq" / "cost-in-korea.md", "How much does", "What does")
    with pytest.raises(content_io.ContentConflict, match="FAQ question 'cost-in-korea'"):
        content_io.load(kinds(), content)
    assert Question.objects.get(slug="cost-in-korea").answer == "Edited by an editor.\n"
    call_command("loadcontent", path=content, force=True)
    assert Question.objects.get(slug="cost-in-korea").question.startswith("What does")


def test_exportcontent_writes_an_admin_edit_back_to_its_question_file(db, content):
    content_io.load(kinds(), content)
    question = Question.objects.get(slug="side-effects")
    question.answer += "\nOne more sentence.\n"
    question.save()
    content_io.export(kinds(), content)
    assert "One more sentence." in (content / "faq" / "side-effects.md").read_text()
    assert content_io.load(kinds(), content).updated == []
