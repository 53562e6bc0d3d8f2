"""Least privilege: editors do everything to content (edit, schedule, review, restore,
archive) but cannot delete it for good, manage accounts or change the site's setup."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, User

from articles.models import GlossaryTerm, Section
from exosite.editorial.groups import EDITORS_GROUP
from faq.models import Question
from tests.editorial.admin_forms import change_form_data


def editor_codenames() -> set[str]:
    group = Group.objects.get(name=EDITORS_GROUP)
    return set(group.permissions.values_list("codename", flat=True))


def test_editors_may_edit_and_read_the_history_of_every_kind_of_page(db):
    codenames = editor_codenames()
    for model in ("section", "question", "glossaryterm"):
        assert {f"view_{model}", f"add_{model}", f"change_{model}"} <= codenames
        assert f"view_historical{model}" in codenames


def test_editors_may_not_delete_pages_or_manage_accounts_or_the_site(db):
    codenames = editor_codenames()
    assert not codenames & {"delete_section", "delete_question", "delete_glossaryterm"}
    assert not {c for c in codenames if c.startswith("delete_historical")}
    assert not codenames & {
        "add_user",
        "change_user",
        "delete_user",
        "view_user",
        "add_group",
        "change_group",
        "delete_group",
        "change_permission",
        "change_searchentry",
        "delete_searchentry",
        "change_logentry",
        "delete_logentry",
    }


@pytest.mark.parametrize(
    "url",
    [
        "/admin/auth/user/",
        "/admin/auth/group/",
        "/admin/auth/user/add/",
    ],
)
def test_an_editor_cannot_open_account_management(editor_client, url):
    assert editor_client.get(url).status_code == 403


def test_an_editor_cannot_delete_a_page_but_can_archive_it(
    editor_client, make_section, make_question
):
    section = make_section()
    question = make_question()
    term = GlossaryTerm.objects.create(term="Serum", slug="serum", definition="A liquid.")
    for url in (
        f"/admin/articles/section/{section.pk}/delete/",
        f"/admin/faq/question/{question.pk}/delete/",
        f"/admin/articles/glossaryterm/{term.pk}/delete/",
    ):
        assert editor_client.post(url, {"post": "yes"}).status_code == 403
    assert Section.objects.filter(pk=section.pk).exists()
    assert Question.objects.filter(pk=question.pk).exists()
    assert GlossaryTerm.objects.filter(pk=term.pk).exists()
    html = editor_client.get("/admin/articles/section/").content.decode()
    assert "delete_selected" not in html


def test_an_editor_archives_a_page_and_the_change_is_logged(editor_client, editor, make_question):
    question = make_question()
    response = editor_client.post(
        f"/admin/faq/question/{question.pk}/change/",
        # The confirmation page's "Yes, take it off the site" (tests/editorial/test_guard_rails.py).
        {
            **change_form_data(editor_client, question, status="archived"),
            "_takedown_confirmed": "Yes",
        },
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.ARCHIVED
    log = LogEntry.objects.get(object_id=str(question.pk))
    assert log.user == editor and "Status" in log.get_change_message()
    assert question.history.order_by("-history_date").first().history_user == editor


def test_an_editor_schedules_a_page_from_the_change_form(editor_client, make_question):
    question = make_question()
    data = change_form_data(editor_client, question, status="scheduled")
    refused = editor_client.post(f"/admin/faq/question/{question.pk}/change/", data)
    assert refused.status_code == 200
    assert "A scheduled page needs the date and time it goes live" in refused.content.decode()
    # Taking a live page down to a schedule is confirmed first (see test_guard_rails.py).
    data.update(
        {"publish_at_0": "2030-01-15", "publish_at_1": "09:00", "_takedown_confirmed": "Yes"}
    )
    assert editor_client.post(f"/admin/faq/question/{question.pk}/change/", data).status_code == 302
    question.refresh_from_db()
    assert question.status == "scheduled" and question.publish_at.year == 2030


def test_an_administrator_can_delete_a_page_for_good(client, make_section):
    admin = User.objects.create_superuser("admin", password="x")
    client.force_login(admin)
    section = make_section()
    response = client.post(f"/admin/articles/section/{section.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Section.objects.filter(pk=section.pk).exists()
    # The revisions stay: a deleted page's text can still be found.
    assert Section.history.filter(id=section.pk, history_type="-").exists()


def test_editors_may_read_reviewer_profiles_but_only_administrators_change_them(
    editor_client, reviewer, client
):
    from exosite.editorial.models import Reviewer

    profile = Reviewer.objects.get(user=reviewer)
    assert editor_client.get("/admin/exosite/reviewer/").status_code == 200
    change = f"/admin/exosite/reviewer/{profile.pk}/change/"
    response = editor_client.post(change, {"name": "Someone else"})
    assert response.status_code == 403
    profile.refresh_from_db()
    assert profile.name == "Dr Rita Example"


def test_the_medical_reviewers_group_may_sign_off_and_the_editors_group_may_not(db):
    reviewers = Group.objects.get(name="Medical reviewers")
    editors = Group.objects.get(name=EDITORS_GROUP)
    assert reviewers.permissions.filter(codename="sign_off").exists()
    assert not editors.permissions.filter(codename="sign_off").exists()
    assert {"change_section", "change_question", "change_page"} <= set(
        reviewers.permissions.values_list("codename", flat=True)
    )
