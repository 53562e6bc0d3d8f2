"""Guard rails on publishing: a schedule in the past is refused, the lists say who can see
each page, taking a page down asks first and says what links to it, and readers of an
archived page are sent on to its replacement."""

import datetime

from django.utils import timezone

from articles.models import Page, Section
from exosite.editorial.page_urls import admin_url
from faq.models import Question
from tests.editorial.admin_forms import change_form_data


def hours(n: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(hours=n)


def split(moment: datetime.datetime) -> dict:
    local = timezone.localtime(moment)
    return {"publish_at_0": f"{local:%Y-%m-%d}", "publish_at_1": f"{local:%H:%M:%S}"}


# --- Scheduling -------------------------------------------------------------------------


def test_scheduling_a_section_for_a_time_that_has_passed_is_refused_clearly(
    editor_client, make_section
):
    section = make_section(status=Section.Status.DRAFT)
    data = change_form_data(editor_client, section, status="scheduled", **split(hours(-24)))
    response = editor_client.post(admin_url(section), data)

    assert response.status_code == 200
    assert "has already passed: the page would go live at once" in response.content.decode()
    section.refresh_from_db()
    assert section.status == Section.Status.DRAFT
    assert editor_client.logout() is None
    assert editor_client.get(section.get_absolute_url()).status_code == 404


def test_scheduling_for_a_future_time_is_accepted(editor_client, make_section):
    section = make_section(status=Section.Status.DRAFT)
    data = change_form_data(editor_client, section, status="scheduled", **split(hours(24)))
    assert editor_client.post(admin_url(section), data).status_code == 302
    section.refresh_from_db()
    assert section.status == Section.Status.SCHEDULED


def test_a_page_that_went_live_on_its_schedule_can_still_be_edited(editor_client, make_section):
    section = make_section(status=Section.Status.SCHEDULED, publish_at=hours(-2))
    data = change_form_data(editor_client, section, title="Edited after going live")
    assert editor_client.post(admin_url(section), data).status_code == 302
    section.refresh_from_db()
    assert section.title == "Edited after going live"


def test_scheduling_a_question_in_the_past_from_the_faq_list_is_refused(
    editor_client, make_question
):
    question = make_question(publish_at=hours(-5))
    response = editor_client.post(
        "/admin/faq/question/",
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": question.pk,
            "form-0-order": question.order,
            "form-0-status": "scheduled",
            "_save": "Save",
        },
    )
    assert response.status_code == 200
    assert "has already passed" in response.content.decode()
    question.refresh_from_db()
    assert question.status == Question.Status.PUBLISHED


def test_the_lists_say_which_pages_visitors_can_see_now(editor_client, make_section, make_question):
    make_section(title="Out already", status=Section.Status.SCHEDULED, publish_at=hours(-1))
    make_section(title="Out tomorrow", status=Section.Status.SCHEDULED, publish_at=hours(24))
    html = editor_client.get("/admin/articles/section/?q=Out").content.decode()
    assert "<th" in html and "Visitors" in html
    rows = {
        title: html.split(title, 1)[1].split("</tr>", 1)[0]
        for title in ("Out already", "Out tomorrow")
    }
    assert "Live now" in rows["Out already"] and "Not live" not in rows["Out already"]
    assert "Not live" in rows["Out tomorrow"]

    make_question(question="Hidden draft?", status=Question.Status.DRAFT)
    questions = editor_client.get("/admin/faq/question/?q=Hidden").content.decode()
    assert "Not live" in questions.split("Hidden draft?", 1)[1]

    Page.objects.filter(slug__isnull=False).update(status=Page.Status.PUBLISHED)
    pages = editor_client.get("/admin/articles/page/").content.decode()
    assert "Live now" in pages
