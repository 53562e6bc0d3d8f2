"""Medical review: dates and reviewer on every page, a dashboard of what is due, and one
action that marks a page as reviewed."""

import datetime

from django.contrib.admin.models import LogEntry
from django.utils import timezone

from articles.models import GlossaryTerm, Section
from exosite.editorial.review import REVIEW_INTERVAL, review_schedule
from faq.models import Question

TODAY = timezone.localdate()


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def test_the_schedule_lists_overdue_and_soon_due_pages_of_every_kind(
    empty_site, make_section, make_question
):
    make_section(title="Overdue section", last_reviewed=days(-200), next_review_due=days(-3))
    make_section(title="Fine section", last_reviewed=TODAY, next_review_due=days(120))
    make_question(question="Soon question?", last_reviewed=days(-150), next_review_due=days(10))
    GlossaryTerm.objects.create(
        term="Serum",
        slug="serum",
        definition="A liquid.",
        last_reviewed=days(-400),
        next_review_due=days(-30),
    )
    GlossaryTerm.objects.create(term="Laser", slug="laser", definition="A light.")
    schedule = review_schedule()
    assert [entry.title for entry in schedule.overdue] == ["Serum", "Overdue section"]
    assert [entry.title for entry in schedule.due_soon] == ["Soon question?"]
    assert [entry.title for entry in schedule.never_reviewed] == ["Laser"]
    assert schedule.overdue[1].days_overdue == 3


def test_the_dashboard_shows_due_pages_with_links_to_edit_them(
    editor_client, make_section, make_question
):
    overdue = make_section(
        title="Overdue section", last_reviewed=days(-200), next_review_due=days(-3)
    )
    question = make_question(
        question="Soon question?", last_reviewed=days(-150), next_review_due=days(10)
    )
    make_section(title="Fine section", next_review_due=days(120))
    html = editor_client.get("/admin/review-schedule/").content.decode()
    assert f'href="/admin/articles/section/{overdue.pk}/change/">Overdue section</a>' in html
    assert f'href="/admin/faq/question/{question.pk}/change/">Soon question?</a>' in html
    assert "3 days overdue" in html and "in 10 days" in html
    assert "Fine section" not in html


def test_the_admin_home_page_summarises_the_schedule(editor_client, make_section):
    make_section(last_reviewed=days(-200), next_review_due=days(-3))
    html = editor_client.get("/admin/").content.decode()
    assert "<strong>1</strong> overdue" in html
    assert 'href="/admin/review-schedule/"' in html


def test_the_dashboard_needs_a_staff_login(client, db):
    response = client.get("/admin/review-schedule/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_marking_as_reviewed_records_who_and_when_in_history_and_the_log(
    editor_client, editor, make_section
):
    section = make_section(last_reviewed=days(-200), next_review_due=days(-3))
    response = editor_client.post(f"/admin/articles/section/{section.pk}/mark-reviewed/")
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.last_reviewed == TODAY
    assert section.next_review_due == TODAY + REVIEW_INTERVAL
    assert section.reviewed_by == editor
    latest = section.history.order_by("-history_date").first()
    assert latest.history_user == editor
    assert latest.history_change_reason.startswith("Marked as reviewed by editor. Changed: ")
    assert (
        LogEntry.objects.get(object_id=str(section.pk)).get_change_message()
        == "Marked as reviewed."
    )


def test_mark_as_reviewed_only_answers_a_post(editor_client, make_section):
    section = make_section()
    assert (
        editor_client.get(f"/admin/articles/section/{section.pk}/mark-reviewed/").status_code == 405
    )


def test_the_change_form_has_a_mark_as_reviewed_button(editor_client, make_question):
    question = make_question()
    html = editor_client.get(f"/admin/faq/question/{question.pk}/change/").content.decode()
    assert f'action="/admin/faq/question/{question.pk}/mark-reviewed/"' in html
    assert "Mark as reviewed</button>" in html


def test_the_list_action_marks_several_pages_as_reviewed(
    empty_site, editor_client, editor, make_question
):
    questions = [
        make_question(last_reviewed=days(-300), next_review_due=days(-1)) for _ in range(2)
    ]
    response = editor_client.post(
        "/admin/faq/question/",
        {"action": "mark_reviewed", "_selected_action": [q.pk for q in questions]},
    )
    assert response.status_code == 302
    for question in Question.objects.all():
        assert question.last_reviewed == TODAY and question.reviewed_by == editor
    assert LogEntry.objects.filter(change_message="Marked as reviewed.").count() == 2


def test_a_glossary_term_can_be_marked_as_reviewed_from_its_list(editor_client, editor, db):
    term = GlossaryTerm.objects.create(term="Serum", slug="serum", definition="A liquid.")
    editor_client.post(
        "/admin/articles/glossaryterm/", {"action": "mark_reviewed", "_selected_action": [term.pk]}
    )
    term.refresh_from_db()
    assert term.last_reviewed == TODAY and term.next_review_due == TODAY + REVIEW_INTERVAL


def test_a_question_page_shows_its_review_dates(client, make_question):
    question = make_question(
        last_reviewed=datetime.date(2026, 11, 25), next_review_due=datetime.date(2027, 5, 26)
    )
    html = client.get(question.get_absolute_url()).content.decode()
    assert 'Last reviewed <time datetime="2026-11-25">25 November 2026</time>' in html
    assert 'Next review due <time datetime="2027-05-26">26 May 2027</time>' in html


def test_a_section_page_still_shows_its_review_dates(client, make_section):
    section = make_section(next_review_due=datetime.date(2027, 5, 1))
    html = client.get(section.get_absolute_url()).content.decode()
    assert "Next review due" in html and "1 May 2027" in html


def test_the_list_can_be_filtered_to_overdue_pages(editor_client, make_section):
    make_section(title="Late one", last_reviewed=days(-200), next_review_due=days(-3))
    make_section(title="On time", next_review_due=days(100))
    html = editor_client.get("/admin/articles/section/?review=overdue").content.decode()
    assert "Late one" in html and "On time" not in html


def test_loadcontent_keeps_question_review_dates(site_content):
    question = Question.objects.get(slug="is-it-safe")
    assert question.next_review_due == question.last_reviewed + REVIEW_INTERVAL
    assert Section.objects.get(slug="cost").next_review_due == datetime.date(2027, 5, 25)
