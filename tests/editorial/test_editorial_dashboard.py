"""The editorial dashboard: my pages waiting, sent back to me, the reviewers' queue,
changes not yet published, pages due for review, and recent changes."""

import datetime

from django.utils import timezone

from exosite.editorial.page_urls import admin_url
from exosite.editorial.workflow import PageWorkflow, submit_for_review
from tests.editorial.admin_forms import change_form_data


def test_the_admin_home_page_links_to_the_dashboard(editor_client):
    home = editor_client.get("/admin/").content.decode()
    assert 'href="/admin/editorial/"' in home


def test_an_editor_sees_their_waiting_pages_and_unpublished_changes(
    editor_client, editor, make_section
):
    waiting = make_section(title="Waiting page")
    submit_for_review(waiting, editor, "Check the numbers.")
    changed = make_section(title="Changed page")
    editor_client.post(
        admin_url(changed), change_form_data(editor_client, changed, title="Changed page v2")
    )
    board = editor_client.get("/admin/editorial/").content.decode()
    mine = board.split('id="mine-waiting"', 1)[1].split("</section>", 1)[0]
    assert "Waiting page" in mine and "Check the numbers." in mine
    unpublished = board.split('id="unpublished"', 1)[1].split("</section>", 1)[0]
    assert "Changed page v2" in unpublished and admin_url(changed, "publish") in unpublished
    recent = board.split('id="recent"', 1)[1].split("</section>", 1)[0]
    assert "Waiting page" in recent or "Changed page" in recent


def test_the_reviewers_queue_says_how_long_each_page_has_waited(
    reviewer_client, editor, make_section
):
    section = make_section(title="Old request")
    submit_for_review(section, editor, "")
    PageWorkflow.objects.filter(object_id=section.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=3)
    )
    board = reviewer_client.get("/admin/editorial/").content.decode()
    queue = board.split('id="waiting-for-review"', 1)[1].split("</section>", 1)[0]
    assert "Old request" in queue and "(3 days)" in queue
    assert admin_url(section, "review") in queue


def test_pages_due_for_review_are_listed(editor_client, reviewer, make_section):
    section = make_section(title="Reviewed long ago")
    section.sign_off(reviewer, today=timezone.localdate() - datetime.timedelta(days=200))
    board = editor_client.get("/admin/editorial/").content.decode()
    due = board.split('id="due"', 1)[1].split("</section>", 1)[0]
    assert "Reviewed long ago" in due and "overdue" in due


def test_the_dashboard_needs_a_staff_login(client, db):
    response = client.get("/admin/editorial/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_list_says_which_pages_have_a_change_waiting_or_a_review_request(
    editor_client, editor, make_section
):
    changed = make_section(title="Changed page")
    editor_client.post(admin_url(changed), change_form_data(editor_client, changed, summary="S."))
    submitted = make_section(title="Submitted page")
    submit_for_review(submitted, editor, "")
    html = editor_client.get("/admin/articles/section/?q=page").content.decode()
    assert "Workflow" in html
    html = html.split('id="result_list"', 1)[1]
    row = html.split("Changed page", 1)[1].split("</tr>", 1)[0]
    assert "Change waiting to be published" in row
    row = html.split("Submitted page", 1)[1].split("</tr>", 1)[0]
    assert "Waiting for medical review" in row
