"""content/ and the database: loading, exporting, and never losing anyone's work."""

import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.content import BlockContent, GuideContent
from articles.models import Section
from exosite.editorial import content_io
from tests.conftest import CONTENT_DIR, GUIDE_SLUGS

# The guide, and the content blocks its pages include.
KINDS = [BlockContent(), GuideContent()]


@pytest.fixture
def content(tmp_path) -> Path:
    """A private copy of the real content/ that a test may break."""
    shutil.copytree(CONTENT_DIR, tmp_path / "content")
    return tmp_path / "content"


def snapshot() -> list[tuple]:
    return list(
        Section.objects.order_by("slug").values_list(
            "slug", "title", "body", "status", "updated_at", "synced_hash"
        )
    )


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_load_creates_every_section(empty_site, content):
    report = content_io.load(KINDS, content)
    assert sorted(Section.objects.values_list("slug", flat=True)) == sorted(GUIDE_SLUGS)
    assert len([name for name in report.created if name.startswith("guide")]) == len(GUIDE_SLUGS)
    cost = Section.objects.get(slug="cost")
    assert cost.sources.count() >= 1
    assert cost.body_html.startswith("<")


def test_a_second_load_changes_nothing(db, content):
    content_io.load(KINDS, content)
    before = snapshot()
    report = content_io.load(KINDS, content)
    assert report.created == [] and report.updated == []
    assert len([name for name in report.unchanged if name.startswith("guide")]) == len(GUIDE_SLUGS)
    assert snapshot() == before


def test_a_changed_file_updates_its_section(db, content):
    content_io.load(KINDS, content)
    replace_in(content / "guide" / "cost.md", "title: How much it costs", "title: What it costs")
    report = content_io.load(KINDS, content)
    assert report.updated == ["guide section 'cost'"]
    assert Section.objects.get(slug="cost").title == "What it costs"


def test_load_then_export_gives_back_identical_files(db, tmp_path):
    content_io.load(KINDS, CONTENT_DIR)
    out = tmp_path / "exported"
    content_io.export(KINDS, out)
    for original in sorted((CONTENT_DIR / "guide").glob("*.md")):
        exported = out / "guide" / original.name
        assert exported.read_bytes() == original.read_bytes(), original.name


def test_export_writes_admin_edits_back_to_their_file(db, content):
    content_io.load(KINDS, content)
    section = Section.objects.get(slug="aftercare")
    section.body += "\nA new closing line.\n"
    section.save()
    report = content_io.export(KINDS, content)
    assert report.written == [str(content / "guide" / "aftercare.md")]
    assert "A new closing line." in (content / "guide" / "aftercare.md").read_text()
    assert content_io.load(KINDS, content).updated == []  # in sync again


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "cost.md",
            "title: How much it costs\n",
            "title: [unclosed\n",
            "line 2: the front matter is not valid YAML",
        ),
        ("cost.md", "title: How much it costs\n", "", "line 1: 'title': This field is required"),
        ("cost.md", "order: 5\n", "order: fifth\n", "line 4: 'order': Enter a whole number"),
        (
            "cost.md",
            "updated: 2026-12-01\n",
            "updated: last week\n",
            "line 9: 'updated': Enter a valid date",
        ),
        (
            "cost.md",
            "status: published\n",
            "status: live\n",
            "line 5: 'status': Select a valid choice. live is not one of the available choices",
        ),
        ("cost.md", "summary:", "sumary:", "unknown field 'sumary'"),
        (
            "cost.md",
            "title: How much it costs\n",
            f"title: {'x' * 130}\n",
            "'title': Ensure this value has at most 120 characters (it has 130)",
        ),
        ("cost.md", "slug: cost\n", "slug: safety\n", "the slug 'safety' is already used"),
        ("cost.md", "slug: cost\n", "slug: price\n", "rename the file to price.md"),
        ("cost.md", "slug: cost\n", "slug: Cost Page\n", "'slug': Enter a valid “slug”"),
        ("cost.md", "---\ntitle", "title", "must start with front matter"),
        (
            "cost.md",
            "status: published\n",
            "status: scheduled\n",
            "line 5: 'status': A scheduled page needs the date and time it goes live",
        ),
        (
            "safety.md",
            "The FDA says this is untrue.",
            "The FDA says this is untrue.[^no-such-source]",
            "safety.md, line 88: the text cites [^no-such-source], which is not in its 'sources'",
        ),
        (
            "safety.md",
            "  background: true\n",
            "",
            "entry 11 of 'sources': Give the source's address or DOI",
        ),
        (
            "safety.md",
            "{{ urgent-care }}",
            "{{ urgent-help }}",
            "safety.md, line 126: the text includes {{ urgent-help }}, but no content block has that slug",
        ),
    ],
)
def test_a_broken_file_stops_the_load_with_its_name_and_writes_nothing(
    db, content, file, old, new, message
):
    content_io.load(KINDS, content)
    replace_in(content / "guide" / "aftercare.md", "title: Aftercare", "title: Aftercare changed")
    before = snapshot()
    replace_in(content / "guide" / file, old, new)
    with pytest.raises(content_io.ContentError) as error:
        content_io.load(KINDS, content)
    text = str(error.value)
    assert message in text, text
    assert str(content / "guide" / file) in text
    assert snapshot() == before  # not even the valid change to aftercare.md was written


def test_a_broken_file_on_an_empty_database_writes_nothing(empty_site, content):
    (content / "guide" / "zz-broken.md").write_text("---\ntitle: Broken\n---\n\nbody\n")
    with pytest.raises(content_io.ContentError):
        content_io.load(KINDS, content)
    assert Section.objects.count() == 0


def test_loadcontent_command_reports_problems_clearly(db, content):
    (content / "guide" / "cost.md").write_text("no front matter here\n")
    with pytest.raises(
        CommandError, match=r"(?s)Nothing was loaded: 1 problem\(s\).*cost\.md, line 1"
    ):
        call_command("loadcontent", path=content)


def test_an_admin_edit_is_never_silently_overwritten(db, content):
    content_io.load(KINDS, content)
    section = Section.objects.get(slug="safety")
    section.title = "Safety (edited in the admin)"
    section.save()
    replace_in(content / "guide" / "safety.md", "title: Safety and side effects", "title: Safety")

    with pytest.raises(content_io.ContentConflict, match="guide section 'safety'"):
        content_io.load(KINDS, content)
    assert Section.objects.get(slug="safety").title == "Safety (edited in the admin)"

    with pytest.raises(CommandError, match="--force"):
        call_command("loadcontent", path=content)

    call_command("loadcontent", path=content, force=True)
    assert Section.objects.get(slug="safety").title == "Safety"


def test_a_conflict_writes_nothing_at_all(db, content):
    content_io.load(KINDS, content)
    section = Section.objects.get(slug="safety")
    section.title = "Edited"
    section.save()
    replace_in(content / "guide" / "safety.md", "title: Safety and side effects", "title: Safety")
    replace_in(content / "guide" / "cost.md", "title: How much it costs", "title: Costs")
    before = snapshot()
    with pytest.raises(content_io.ContentConflict):
        content_io.load(KINDS, content)
    assert snapshot() == before


def test_an_admin_edit_that_matches_the_file_is_not_a_conflict(db, content):
    content_io.load(KINDS, content)
    section = Section.objects.get(slug="safety")
    section.title = "Safety"
    section.save()
    replace_in(content / "guide" / "safety.md", "title: Safety and side effects", "title: Safety")
    assert content_io.load(KINDS, content).unchanged.count("guide section 'safety'") == 1


def test_a_section_without_a_file_is_reported_and_kept(db, content, make_section):
    make_section(slug="extra-page")
    report = content_io.load(KINDS, content)
    assert any("extra-page" in note for note in report.notes)
    assert Section.objects.filter(slug="extra-page").exists()


def test_exportcontent_command_writes_files(db, tmp_path):
    content_io.load(KINDS, CONTENT_DIR)
    call_command("exportcontent", path=tmp_path)
    assert sorted(p.stem for p in (tmp_path / "guide").glob("*.md")) == sorted(GUIDE_SLUGS)
