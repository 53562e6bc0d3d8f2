"""Revision history: every save is kept, any two revisions can be compared, and an old one
can be restored (as a new revision, so nothing is ever lost)."""

import re

import pytest
from django.contrib.admin.models import LogEntry

from articles.content import BlockContent, GuideContent
from articles.models import GlossaryTerm, Section
from exosite.editorial import content_io
from exosite.editorial.revisions import change_reason, inline_diff, text_diff
from faq.models import Question
from tests.conftest import CONTENT_DIR
from tests.editorial.admin_forms import change_form_data


def history(page):
    return list(page.history.order_by("history_date", "history_id"))


def compare_page(client, section, older, newer) -> str:
    return client.get(
        f"/admin/articles/section/{section.pk}/history/compare/"
        f"?older={older.history_id}&newer={newer.history_id}"
    ).content.decode()


def test_every_save_records_who_when_what_changed_and_the_full_markdown(make_section, editor):
    section = make_section(title="Costs")
    section.body = "## Prices\n\nNew words.\n"
    section.summary = "A new summary."
    section._history_user = editor
    section.save()
    first, second = history(section)
    assert first.history_change_reason == "Created."
    assert second.history_change_reason == "Changed: summary, body."
    assert second.history_user == editor
    assert second.body == "## Prices\n\nNew words.\n"
    assert second.history_date >= first.history_date


def test_a_save_in_the_admin_records_the_editor_as_its_author(editor_client, editor, make_section):
    # A draft: its saves are revisions at once (a live page's wait as a pending change).
    section = make_section(status=Section.Status.DRAFT)
    url = f"/admin/articles/section/{section.pk}/change/"
    response = editor_client.post(
        url, change_form_data(editor_client, section, title="Renamed section")
    )
    assert response.status_code == 302
    latest = section.history.order_by("-history_date").first()
    assert latest.history_user == editor
    assert latest.title == "Renamed section"
    assert "Changed: title." in latest.history_change_reason


def test_questions_and_glossary_terms_keep_a_history_too(make_question, db):
    question = make_question()
    question.answer = "A better answer."
    question.save()
    term = GlossaryTerm.objects.create(term="Serum", slug="serum", definition="A liquid.")
    term.definition = "A light liquid put on the skin."
    term.save()
    assert question.history.count() == 2
    assert "answer" in question.history.first().history_change_reason
    assert term.history.first().history_change_reason == "Changed: definition."


def test_a_load_that_changes_a_page_records_a_revision_from_the_content_import(db, tmp_path):
    import shutil

    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    content_io.load([BlockContent(), GuideContent()], content)
    cost = Section.objects.get(slug="cost")
    assert cost.history.count() == 1
    path = content / "guide" / "cost.md"
    path.write_text(path.read_text().replace("title: How much it costs", "title: What it costs"))
    content_io.load([GuideContent()], content)
    latest = cost.history.order_by("-history_date").first()
    assert latest.history_change_reason == "Imported from content/guide/cost.md. Changed: title."
    assert latest.history_user is None
    # A second load changes nothing, and so records nothing.
    content_io.load([GuideContent()], content)
    assert cost.history.count() == 2


def test_the_history_shows_a_content_import_as_such(editor_client, guide):
    cost = Section.objects.get(slug="cost")
    html = editor_client.get(f"/admin/articles/section/{cost.pk}/history/").content.decode()
    assert "Content import" in html
    assert "Imported from content/guide/cost.md. Created." in html


def test_a_glossary_change_re_renders_pages_without_adding_revisions(make_section, make_question):
    section = make_section(body="## About\n\nA serum is used.\n")
    question = make_question(answer="Put the serum on.")
    GlossaryTerm.objects.create(term="Serum", slug="serum", definition="A liquid.")
    section.refresh_from_db()
    assert 'href="/glossary/#serum"' in section.body_html
    assert section.history.count() == 1
    assert question.history.count() == 1


def test_the_history_lists_every_revision_newest_first(editor_client, make_section):
    section = make_section(title="First title")
    section.title = "Second title"
    section.save()
    response = editor_client.get(f"/admin/articles/section/{section.pk}/history/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Changed: title.") < html.index("Created.")
    assert "Compare selected revisions" in html
    assert "Restore…" in html


def test_any_revision_can_be_viewed_with_its_full_markdown(editor_client, make_section):
    section = make_section(body="## Old\n\nOld <b>text</b>.\n")
    old = section.history.get()
    section.body = "## New\n\nNew text.\n"
    section.save()
    html = editor_client.get(
        f"/admin/articles/section/{section.pk}/history/{old.history_id}/"
    ).content.decode()
    assert "## Old\n\nOld &lt;b&gt;text&lt;/b&gt;." in html
    assert "Restore this revision" in html


def test_a_revision_of_another_page_is_not_found(editor_client, make_section):
    one, other = make_section(), make_section()
    foreign = other.history.get()
    response = editor_client.get(f"/admin/articles/section/{one.pk}/history/{foreign.history_id}/")
    assert response.status_code == 404


def test_the_diff_marks_removed_and_added_text_with_del_and_ins(editor_client, make_section):
    section = make_section(body="## Prices\n\nIt costs a lot.\n\nAsk the clinic.\n")
    older = section.history.get()
    section.body = "## Prices\n\nIt costs a little.\n\nAsk the clinic.\n\nCompare clinics.\n"
    section.save()
    newer = section.history.order_by("-history_date").first()
    html = compare_page(editor_client, section, older, newer)
    assert '<del><span class="revision-diff__said">removed: </span>lot</del>' in html
    assert '<ins><span class="revision-diff__said">added: </span>little</ins>' in html
    assert (
        '<ins class="revision-diff__whole"><span class="revision-diff__said">added: </span>Compare clinics.</ins>'
        in html
    )
    # Unchanged lines are shown around the change as context, not as changes.
    assert re.search(r"row--same.*Ask the clinic\.", html)


def test_compare_without_choices_shows_the_latest_change(editor_client, make_section):
    section = make_section(title="Old title")
    section.title = "New title"
    section.save()
    html = editor_client.get(
        f"/admin/articles/section/{section.pk}/history/compare/"
    ).content.decode()
    assert "removed: </span>Old</del>" in html and "added: </span>New</ins>" in html


def test_text_diff_numbers_lines_and_says_what_each_change_is():
    html = text_diff("one\ntwo\nthree", "one\nthree\nfour")
    assert 'title="Removed line"' in html and 'title="Added line"' in html
    assert "removed: </span>two" in html and "added: </span>four" in html
    assert text_diff("same", "same") == '<p class="revision-diff__none">No differences.</p>'


def test_inline_diff_escapes_html():
    assert "&lt;script&gt;" in inline_diff("a", "<script>")


def test_restoring_asks_for_confirmation_first_and_changes_nothing_on_get(
    editor_client, make_section
):
    section = make_section(body="Old words.\n")
    old = section.history.get()
    section.body = "New words.\n"
    section.save()
    response = editor_client.get(
        f"/admin/articles/section/{section.pk}/history/{old.history_id}/restore/"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Yes, restore this revision" in html and "csrfmiddlewaretoken" in html
    assert "added: </span>Old" in html
    section.refresh_from_db()
    assert section.body == "New words.\n"


def test_restoring_brings_back_the_old_text_as_a_new_revision(editor_client, editor, make_section):
    # A draft (on a live page, the restored text is a pending change: test_staged_changes).
    section = make_section(body="Old words.\n", status=Section.Status.DRAFT)
    old = section.history.get()
    section.body = "New words.\n"
    section.save()
    response = editor_client.post(
        f"/admin/articles/section/{section.pk}/history/{old.history_id}/restore/"
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.body == "Old words.\n"
    assert "<p>Old words.</p>" in section.body_html
    assert section.status == Section.Status.DRAFT
    revisions = history(section)
    assert len(revisions) == 3
    assert revisions[1].body == "New words.\n"  # nothing is lost
    assert revisions[2].history_user == editor
    assert revisions[2].history_change_reason.startswith("Restored the revision of ")
    log = LogEntry.objects.get(object_id=str(section.pk))
    assert log.user == editor and "Restored the revision" in log.get_change_message()


def test_restoring_keeps_the_current_status_and_review_dates(editor_client, reviewer, make_section):
    section = make_section(status=Section.Status.DRAFT)
    old = section.history.get()
    section.status = Section.Status.PUBLISHED
    section.sign_off(reviewer)
    reviewed = section.last_reviewed
    editor_client.post(f"/admin/articles/section/{section.pk}/history/{old.history_id}/restore/")
    section.refresh_from_db()
    assert section.status == Section.Status.PUBLISHED
    assert section.last_reviewed == reviewed
    assert section.medical_reviewer.name == "Dr Rita Example"


def test_restore_is_refused_with_get_for_a_user_who_may_only_view(client, make_section, db):
    from django.contrib.auth.models import Permission, User

    viewer = User.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_section"))
    client.force_login(viewer)
    section = make_section()
    old = section.history.get()
    url = f"/admin/articles/section/{section.pk}/history/{old.history_id}/restore/"
    assert client.get(f"/admin/articles/section/{section.pk}/history/").status_code == 200
    assert client.post(url).status_code == 403


def test_a_change_reason_context_names_why_a_page_changed(make_section):
    section = make_section()
    section.title = "Another title"
    with change_reason("Fixed a typo"):
        section.save()
    assert section.history.first().history_change_reason == "Fixed a typo. Changed: title."


@pytest.mark.parametrize("path", ["history/", "history/compare/"])
def test_history_pages_need_a_staff_login(client, make_section, path):
    section = make_section()
    response = client.get(f"/admin/articles/section/{section.pk}/{path}")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


# --- Links kept in other tables: a section's sources, an answer's guide sections --------


SOURCES = "exosite-source-content_type-object_id"


def sources_data(*sources, existing=()) -> dict:
    """The sources inline of a page's form: ``existing`` as (source, delete) pairs, then
    new ``sources`` as dicts."""
    data = {
        f"{SOURCES}-TOTAL_FORMS": str(len(existing) + len(sources)),
        f"{SOURCES}-INITIAL_FORMS": str(len(existing)),
    }
    rows = [
        {
            "id": s.pk,
            "order": s.order,
            "key": s.key,
            "title": s.title,
            "publisher": s.publisher,
            "url": s.url,
            **({"DELETE": "on"} if delete else {}),
        }
        for s, delete in existing
    ] + [{"order": n, "publisher": "", "url": "", **s} for n, s in enumerate(sources, 1)]
    for number, row in enumerate(rows):
        data.update({f"{SOURCES}-{number}-{key}": value for key, value in row.items()})
    return data


def kept(record: dict) -> dict:
    """What a revision keeps of one source, given the fields a test set."""
    empty = {"publisher": "", "date": "", "url": "", "doi": "", "checked": "", "background": False}
    return {**empty, **record}


def test_a_change_to_the_sources_alone_is_a_revision_that_can_be_compared_and_undone(
    editor_client, make_section
):
    section = make_section(status=Section.Status.DRAFT)
    url = f"/admin/articles/section/{section.pk}/change/"
    fda = {
        "key": "fda",
        "title": "FDA notice",
        "publisher": "FDA",
        "url": "https://www.fda.gov/notice",
    }
    response = editor_client.post(
        url, change_form_data(editor_client, section, **sources_data(fda))
    )
    assert response.status_code == 302
    with_fda = history(section)[-1]
    assert with_fda.history_change_reason == "Changed: Sources."
    assert with_fda.linked == [kept(fda)]

    source = section.sources.get()
    section.refresh_from_db()
    data = change_form_data(editor_client, section, **sources_data(existing=[(source, True)]))
    assert editor_client.post(url, data).status_code == 302
    without = history(section)[-1]
    assert without.history_change_reason == "Changed: Sources."
    assert without.linked == [] and not section.sources.exists()

    compare = compare_page(editor_client, section, with_fda, without)
    assert "Sources" in compare
    assert "removed: </span>fda. FDA notice. FDA. https://www.fda.gov/notice" in compare

    restore = f"{url.removesuffix('change/')}history/{with_fda.history_id}/restore/"
    assert "FDA notice" in editor_client.get(restore).content.decode()
    assert editor_client.post(restore).status_code == 302
    assert list(section.sources.values_list("title", "publisher", "url")) == [
        ("FDA notice", "FDA", "https://www.fda.gov/notice")
    ]
    restored = history(section)[-1]
    assert restored.linked == with_fda.linked
    assert restored.history_change_reason.endswith("Changed: Sources.")


def test_an_answers_guide_sections_are_kept_with_its_revisions_and_restored(
    editor_client, make_question, make_section
):
    cost = make_section(slug="cost-page")
    safety = make_section(slug="safety-page")
    question = make_question(sections=[cost], status=Question.Status.DRAFT)
    # As the admin's save would have left it.
    question.history.update(linked={"sections": ["cost-page"], "sources": []})
    form = change_form_data(editor_client, question)
    url = f"/admin/faq/question/{question.pk}/change/"
    response = editor_client.post(url, {**form, "sections": [safety.pk]})
    assert response.status_code == 302, response.content.decode()[:2000]
    first, latest = history(question)[0], history(question)[-1]
    assert latest.linked == {"sections": ["safety-page"], "sources": []}
    assert "Guide sections and sources" in latest.history_change_reason

    compare = editor_client.get(f"/admin/faq/question/{question.pk}/history/compare/")
    change = compare.content.decode().split(">Guide sections and sources<", 1)[1]
    assert "guide:" in change
    assert "removed: </span>cost" in change and "added: </span>safety" in change

    restore = f"/admin/faq/question/{question.pk}/history/{first.history_id}/restore/"
    assert editor_client.post(restore).status_code == 302
    assert list(question.sections.values_list("slug", flat=True)) == ["cost-page"]


def test_restoring_a_revision_from_before_links_were_kept_leaves_them_as_they_are(
    editor_client, make_section
):
    section = make_section(body="Old words.\n", status=Section.Status.DRAFT)
    section.set_linked([{"key": "a", "title": "A source", "url": "https://a.example"}])
    old = section.history.get()
    old.linked = None  # written before revisions kept links
    old.save()
    section.body = "New words.\n"
    section.save()
    restore = f"/admin/articles/section/{section.pk}/history/{old.history_id}/restore/"
    confirmation = editor_client.get(restore).content.decode()
    assert re.search(r"These stay as they are now: [^<]*Sources\.", confirmation)
    assert editor_client.post(restore).status_code == 302
    section.refresh_from_db()
    assert section.body == "Old words.\n"
    assert list(section.sources.values_list("title", flat=True)) == ["A source"]
    assert history(section)[-1].linked == [
        kept({"key": "a", "title": "A source", "url": "https://a.example"})
    ]


def test_a_load_that_changes_only_the_sources_records_them_in_a_revision(db, tmp_path):
    import shutil

    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    content_io.load([BlockContent(), GuideContent()], content)
    cost = Section.objects.get(slug="cost")
    assert [s["title"] for s in history(cost)[-1].linked] == [s.title for s in cost.sources.all()]
    path = content / "guide" / "cost.md"
    path.write_text(path.read_text().replace("publisher: U.S. Food", "publisher: US Food", 1))
    content_io.load([BlockContent(), GuideContent()], content)
    latest = history(cost)[-1]
    assert latest.history_change_reason == "Imported from content/guide/cost.md. Changed: Sources."
    assert any(s["publisher"].startswith("US Food") for s in latest.linked)
