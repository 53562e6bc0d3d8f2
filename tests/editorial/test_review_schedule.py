"""Medical review: honest about who reviewed a page, a sign-off only a reviewer can give, a
dashboard of what is due, and a page that says so when it changed since its review."""

import datetime
import json

from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from articles.models import GlossaryTerm, Section
from exosite.editorial.review import REVIEW_INTERVAL, ReviewState, review_schedule
from faq.models import Question
from tests.editorial.admin_forms import change_form_data, publish

TODAY = timezone.localdate()


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def signed_off(page, reviewer, when: datetime.date):
    """``page`` as if ``reviewer`` had signed it off on ``when``."""
    page.sign_off(reviewer, today=when)
    page.refresh_from_db()
    return page


def test_new_content_starts_not_yet_medically_reviewed(make_section, make_question):
    for page in (make_section(), make_question()):
        assert page.last_reviewed is None and page.next_review_due is None
        assert page.review_state == ReviewState.NOT_REVIEWED


def test_the_content_files_claim_no_review(site_content):
    for model in (Section, Question, GlossaryTerm):
        assert not model.objects.filter(last_reviewed__isnull=False).exists()
        assert not model.objects.filter(medical_reviewer__isnull=False).exists()


def test_a_reviewer_signs_off_and_the_page_says_who_and_when(client, reviewer, make_section):
    section = signed_off(make_section(), reviewer, TODAY)
    assert section.last_reviewed == TODAY
    assert section.next_review_due == TODAY + REVIEW_INTERVAL
    assert section.medical_reviewer.name == "Dr Rita Example"
    html = client.get(section.get_absolute_url()).content.decode()
    assert "Medically reviewed by" in html and "Dr Rita Example, MD" in html
    assert "Not yet medically reviewed" not in html
    latest = section.history.first()
    assert latest.history_user == reviewer
    assert latest.history_change_reason.startswith("Medically reviewed by Dr Rita Example")


def test_an_editor_cannot_sign_off(editor, make_section):
    section = make_section()
    try:
        section.sign_off(editor)
    except PermissionDenied:
        pass
    else:
        raise AssertionError("an editor signed a page off")
    section.refresh_from_db()
    assert section.last_reviewed is None


def page_data(html: str) -> dict:
    """The page's MedicalWebPage, from its JSON-LD."""
    for block in html.split('type="application/ld+json">')[1:]:
        data = json.loads(block.split("</script>")[0])
        if data.get("@type") == "MedicalWebPage":
            return data
    raise AssertionError("no MedicalWebPage in the page")


def test_a_page_not_yet_reviewed_says_so_and_claims_no_review_in_json_ld(client, make_section):
    html = client.get(make_section().get_absolute_url()).content.decode()
    assert "Not yet medically reviewed" in html
    data = page_data(html)
    assert "reviewedBy" not in data and "lastReviewed" not in data


def test_json_ld_names_the_reviewer_after_a_sign_off(client, reviewer, make_section):
    section = signed_off(make_section(), reviewer, TODAY)
    data = page_data(client.get(section.get_absolute_url()).content.decode())
    assert data["reviewedBy"]["name"] == "Dr Rita Example"
    assert data["lastReviewed"] == TODAY.isoformat()


def test_a_page_edited_after_its_sign_off_says_so_until_signed_off_again(
    client, reviewer, make_section
):
    section = signed_off(make_section(), reviewer, days(-10))
    section.body += "\nA new sentence that nobody has reviewed.\n"
    section.save()
    assert section.review_state == ReviewState.CHANGED
    html = client.get(section.get_absolute_url()).content.decode()
    assert "Changed since its medical review by" in html
    assert "reviewedBy" not in page_data(html)
    assert [e.title for e in review_schedule().changed] == [section.title]
    section = signed_off(section, reviewer, TODAY)
    assert section.review_state == ReviewState.UP_TO_DATE


def test_the_schedule_lists_overdue_changed_and_soon_due_pages_of_every_kind(
    empty_site, reviewer, make_section, make_question
):
    overdue = signed_off(make_section(title="Overdue section"), reviewer, days(-200))
    signed_off(make_section(title="Fine section"), reviewer, TODAY)
    soon = signed_off(make_question(question="Soon question?"), reviewer, days(-170))
    term = GlossaryTerm.objects.create(term="Serum", slug="serum", definition="A liquid.")
    signed_off(term, reviewer, days(-400))
    GlossaryTerm.objects.create(term="Laser", slug="laser", definition="A light.")
    schedule = review_schedule()
    assert [entry.title for entry in schedule.overdue] == ["Serum", "Overdue section"]
    assert [entry.title for entry in schedule.due_soon] == ["Soon question?"]
    assert [entry.title for entry in schedule.never_reviewed] == ["Laser"]
    assert schedule.overdue[1].days_overdue == (TODAY - overdue.next_review_due).days
    assert soon.review_state == ReviewState.DUE_SOON


def test_the_dashboard_shows_due_pages_with_links_to_edit_them(
    editor_client, reviewer, make_section, make_question
):
    overdue = signed_off(make_section(title="Overdue section"), reviewer, days(-185))
    question = signed_off(make_question(question="Soon question?"), reviewer, days(-172))
    signed_off(make_section(title="Fine section"), reviewer, TODAY)
    html = editor_client.get("/admin/review-schedule/").content.decode()
    assert f'href="/admin/articles/section/{overdue.pk}/change/">Overdue section</a>' in html
    assert f'href="/admin/faq/question/{question.pk}/change/">Soon question?</a>' in html
    assert "3 days overdue" in html and "in 10 days" in html
    assert "Fine section" not in html


def test_the_admin_home_page_summarises_the_schedule(editor_client, reviewer, make_section):
    signed_off(make_section(), reviewer, days(-185))
    html = editor_client.get("/admin/").content.decode()
    assert "<strong>1</strong> overdue" in html
    assert 'href="/admin/review-schedule/"' in html


def test_the_dashboard_needs_a_staff_login(client, db):
    response = client.get("/admin/review-schedule/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_reviewer_saves_typed_changes_and_signs_off_in_one_press(
    reviewer_client, reviewer, make_section
):
    section = make_section(title="Before")
    data = change_form_data(reviewer_client, section, title="Typed before signing off")
    data["_sign_off"] = "Save and sign off"
    response = reviewer_client.post(f"/admin/articles/section/{section.pk}/change/", data)
    assert response.status_code == 302
    # The page is live: what was typed waits as a pending change, approved by the reviewer;
    # publishing it keeps the sign-off.
    section.refresh_from_db()
    assert section.title == "Before" and not section.is_medically_reviewed
    publish(reviewer_client, section)
    section.refresh_from_db()
    assert section.title == "Typed before signing off"  # nothing typed was lost
    assert section.last_reviewed == TODAY and section.review_state == ReviewState.UP_TO_DATE
    assert LogEntry.objects.filter(change_message="Signed off as medically reviewed.").exists()


def test_only_a_reviewer_sees_the_sign_off_button_and_action(
    client, editor, reviewer, make_question
):
    question = make_question()
    client.force_login(editor)
    html = client.get(f"/admin/faq/question/{question.pk}/change/").content.decode()
    assert 'name="_sign_off"' not in html
    assert "sign_off" not in client.get("/admin/faq/question/").content.decode()
    client.force_login(reviewer)
    html = client.get(f"/admin/faq/question/{question.pk}/change/").content.decode()
    assert 'name="_sign_off"' in html
    assert 'value="sign_off"' in client.get("/admin/faq/question/").content.decode()


def test_an_editor_forging_the_sign_off_is_refused_and_nothing_is_signed(
    editor_client, make_section
):
    section = make_section()
    data = change_form_data(editor_client, section, title="Forged")
    data["_sign_off"] = "Save and sign off"
    response = editor_client.post(f"/admin/articles/section/{section.pk}/change/", data)
    assert response.status_code == 403
    section.refresh_from_db()
    assert section.last_reviewed is None


def test_the_list_action_signs_off_several_pages(empty_site, reviewer_client, make_question):
    questions = [make_question() for _ in range(2)]
    response = reviewer_client.post(
        "/admin/faq/question/",
        {"action": "sign_off", "_selected_action": [q.pk for q in questions]},
    )
    assert response.status_code == 302
    for question in Question.objects.all():
        assert question.last_reviewed == TODAY and question.medical_reviewer is not None
    assert LogEntry.objects.filter(change_message="Signed off as medically reviewed.").count() == 2


def test_the_list_can_be_filtered_by_medical_review(editor_client, reviewer, make_section):
    signed_off(make_section(title="Late one"), reviewer, days(-200))
    signed_off(make_section(title="On time"), reviewer, TODAY)
    html = editor_client.get("/admin/articles/section/?review=overdue").content.decode()
    assert "Late one" in html and "On time" not in html
    html = editor_client.get("/admin/articles/section/?review=not-reviewed").content.decode()
    assert "How much it costs" in html and "On time" not in html


def test_a_reviewers_profile_shows_credentials_registration_conflicts_and_pages(
    client, reviewer, make_section
):
    section = signed_off(make_section(title="Signed page"), reviewer, TODAY)
    html = client.get("/about/reviewers/rita-example/").content.decode()
    for text in ("Dr Rita Example, MD", "Test Medical Board, licence T-1", "None declared."):
        assert text in html
    assert f'href="{section.get_absolute_url()}">Signed page</a>' in html
