"""Medical sign-off: an editor submits a page (new, or a pending change) with a note; a
medical reviewer approves it or sends it back with a comment; the sign-off policy says
which pages may go live without it."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import timezone

from articles.models import Section
from exosite.editorial.groups import EDITORS_GROUP
from exosite.editorial.page_urls import admin_url
from exosite.editorial.review import ReviewState
from exosite.editorial.workflow import PageWorkflow, ReviewRequest
from faq.models import Question
from tests.editorial.admin_forms import change_form_data

TODAY = timezone.localdate()


def submit(client, page, note="", **changes):
    data = change_form_data(client, page, **changes)
    data.update({"_submit_review": "1", "workflow_note": note})
    response = client.post(admin_url(page), data)
    assert response.status_code == 302, response.content.decode()[:3000]


def reader_sees(page) -> str:
    return Client().get(page.get_absolute_url()).content.decode()


@pytest.fixture
def signed_safety_page(guide, reviewer):
    """The guide's live safety page, short, signed off by a reviewer last month."""
    section = Section.objects.get(slug="safety")
    section.body = "## Risks\n\nRedness.\n"
    section.save()
    section.sign_off(reviewer, today=TODAY - datetime.timedelta(days=30))
    return section


def test_two_editors_and_a_reviewer_take_a_change_from_edit_to_published(
    editor_client, reviewer_client, reviewer, signed_safety_page
):
    section = signed_safety_page
    bob = User.objects.create_user("bob", password="a-long-editor-password", is_staff=True)
    bob.groups.add(Group.objects.get(name=EDITORS_GROUP))
    bob_client = Client()
    bob_client.force_login(bob)

    # Alice edits; Bob adds to her pending change and submits it with a note.
    editor_client.post(
        admin_url(section),
        change_form_data(editor_client, section, body="## Risks\n\nRedness and swelling.\n"),
    )
    submit(bob_client, section, note="Please check the swelling wording.", title="Safety first")
    assert "swelling" not in reader_sees(section)

    # The reviewer's queue lists it, with the note, and the review page shows the diff
    # since the last sign-off.
    queue = reviewer_client.get("/admin/editorial/").content.decode()
    assert "Waiting for your medical review" in queue
    assert "Safety first" in queue and "Please check the swelling wording." in queue
    review = reviewer_client.get(admin_url(section, "review")).content.decode()
    assert "What changed since the last sign-off" in review
    assert "swelling" in review and "<ins" in review

    # Publishing is refused until a reviewer approves: safety needs a sign-off.
    refused = editor_client.post(admin_url(section, "publish"), follow=True).content.decode()
    assert "a medical reviewer must approve its text" in refused
    assert "swelling" not in reader_sees(section)

    response = reviewer_client.post(
        admin_url(section, "review"), {"decision": "approve", "comment": "Fine."}
    )
    assert response.status_code == 302
    # Approved but not published: readers still see the text signed last month.
    section.refresh_from_db()
    assert section.last_reviewed == TODAY - datetime.timedelta(days=30)
    assert "swelling" not in reader_sees(section)

    bob_client.post(admin_url(section, "publish"))
    section.refresh_from_db()
    assert section.title == "Safety first" and "swelling" in section.body
    assert section.last_reviewed == TODAY and section.review_state == ReviewState.UP_TO_DATE
    assert section.medical_reviewer.user == reviewer
    page = reader_sees(section)
    assert "swelling" in page and "Dr Rita Example" in page
    assert "Changed since its medical review" not in page
    latest = section.history.first()
    assert latest.history_user == bob
    assert "approved by Dr Rita Example" in latest.history_change_reason


def test_a_reviewer_sends_a_change_back_and_the_editor_sees_the_comment_on_the_page(
    editor_client, editor, reviewer_client, signed_safety_page
):
    section = signed_safety_page
    submit(editor_client, section, body="## Risks\n\nNo risks at all.\n")
    empty = reviewer_client.post(admin_url(section, "review"), {"decision": "send-back"})
    assert "the comment is required" in empty.content.decode()
    reviewer_client.post(
        admin_url(section, "review"),
        {"decision": "send-back", "comment": "Every treatment has risks: say which."},
    )
    form = editor_client.get(admin_url(section)).content.decode()
    assert "Sent back by the medical reviewer" in form
    assert "Every treatment has risks: say which." in form
    board = editor_client.get("/admin/editorial/").content.decode()
    assert "Sent back to you" in board and "Every treatment has risks" in board
    assert PageWorkflow.of(section).review == ReviewRequest.SENT_BACK


def test_only_a_medical_reviewer_can_approve(editor_client, signed_safety_page):
    section = signed_safety_page
    submit(editor_client, section, body="## Risks\n\nRedness.\n\nMore.\n")
    assert editor_client.get(admin_url(section, "review")).status_code == 403
    response = editor_client.post(admin_url(section, "review"), {"decision": "approve"})
    assert response.status_code == 403
    assert PageWorkflow.of(section).review == ReviewRequest.SUBMITTED


def test_editing_an_approved_change_needs_a_new_approval(
    editor_client, reviewer_client, signed_safety_page
):
    section = signed_safety_page
    submit(editor_client, section, body="## Risks\n\nRedness, approved.\n")
    reviewer_client.post(admin_url(section, "review"), {"decision": "approve"})
    assert PageWorkflow.of(section).pending_approved
    editor_client.post(
        admin_url(section),
        change_form_data(editor_client, section, body="## Risks\n\nSneaked in later.\n"),
    )
    assert not PageWorkflow.of(section).pending_approved
    editor_client.post(admin_url(section, "publish"))
    section.refresh_from_db()
    assert "Sneaked" not in section.body


def test_a_typo_fix_to_a_page_outside_the_policy_is_published_and_flagged_as_changed(
    editor_client, reviewer, make_section
):
    section = make_section(slug="research-notes", body="## Studies\n\nA smal study.\n")
    section.sign_off(reviewer)
    editor_client.post(
        admin_url(section),
        change_form_data(editor_client, section, body="## Studies\n\nA small study.\n"),
    )
    confirm = editor_client.get(admin_url(section, "publish")).content.decode()
    assert "No medical reviewer has approved this text" in confirm
    editor_client.post(admin_url(section, "publish"))
    section.refresh_from_db()
    assert "A small study." in section.body
    assert section.review_state == ReviewState.CHANGED
    assert "Changed since its medical review" in reader_sees(section)
    schedule = editor_client.get("/admin/review-schedule/").content.decode()
    assert "Changed since their review" in schedule and section.title in schedule


def test_a_new_safety_answer_cannot_go_live_until_a_reviewer_approves_it(
    editor_client, reviewer_client, make_question
):
    question = make_question(
        category="safety", answer="Draft answer.", status=Question.Status.DRAFT
    )
    refused = editor_client.post(
        admin_url(question), change_form_data(editor_client, question, status="published")
    )
    assert refused.status_code == 200
    assert "a medical reviewer must approve its text" in refused.content.decode()
    question.refresh_from_db()
    assert question.status == Question.Status.DRAFT

    submit(editor_client, question, note="New answer.")
    reviewer_client.post(admin_url(question, "review"), {"decision": "approve"})
    question.refresh_from_db()
    assert question.last_reviewed == TODAY  # the draft's own text is signed off
    editor_client.post(admin_url(question, "publish"))
    question.refresh_from_db()
    assert question.is_published and question.review_state == ReviewState.UP_TO_DATE


def test_the_list_cannot_publish_a_page_that_needs_a_sign_off(editor_client, make_question):
    question = make_question(category="cost", status=Question.Status.DRAFT)
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(question.pk),
        "form-0-order": str(question.order),
        "form-0-status": "published",
        "_save": "Save",
    }
    response = editor_client.post(
        "/admin/faq/question/?category__id__exact=" + str(question.category_id), data
    )
    question.refresh_from_db()
    assert question.status == Question.Status.DRAFT
    assert response.status_code == 200


def test_the_policy_is_a_setting(settings, editor_client, make_section):
    section = make_section(slug="research-notes", status=Section.Status.DRAFT)
    settings.SIGN_OFF_REQUIRED_FOR = ["*"]
    assert "must approve" in editor_client.get(admin_url(section, "publish")).content.decode()
    settings.SIGN_OFF_REQUIRED_FOR = ["research-notes"]
    assert "must approve" in editor_client.get(admin_url(section, "publish")).content.decode()
    settings.SIGN_OFF_REQUIRED_FOR = []
    editor_client.post(admin_url(section, "publish"))
    section.refresh_from_db()
    assert section.is_published


def test_a_new_answer_is_written_and_submitted_for_review_in_one_go(
    editor_client, editor, make_question
):
    category = make_question(category="aftercare").category
    form = editor_client.get("/admin/faq/question/add/").content.decode()
    assert "Save and submit for medical review" in form
    data = {
        "question": "Can I wear make-up the next day?",
        "slug": "make-up-next-day",
        "category": str(category.pk),
        "order": "1",
        "status": "draft",
        "answer": "Ask your clinic first.",
        "updated": TODAY.isoformat(),
        "review_note": "",
        "workflow_note": "A new aftercare answer.",
        "_submit_review": "1",
        "exosite-source-content_type-object_id-TOTAL_FORMS": "0",
        "exosite-source-content_type-object_id-INITIAL_FORMS": "0",
    }
    response = editor_client.post("/admin/faq/question/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    question = Question.objects.get(slug="make-up-next-day")
    assert question.status == Question.Status.DRAFT
    workflow = PageWorkflow.of(question)
    assert workflow.review == ReviewRequest.SUBMITTED
    assert workflow.submitted_by == editor and workflow.submission_note == "A new aftercare answer."

    # Published straight from the add form: refused, aftercare needs a sign-off.
    data.update(slug="make-up-2", question="Can I wear make-up at once?", status="published")
    del data["_submit_review"]
    refused = editor_client.post("/admin/faq/question/add/", data)
    assert refused.status_code == 200
    assert "a medical reviewer must approve its text" in refused.content.decode()
    assert not Question.objects.filter(slug="make-up-2").exists()
