"""Guard rails on publishing: a schedule in the past is refused, the lists say who can see
each page, taking a page down asks first and says what links to it, and readers of an
archived page are sent on to its replacement."""

import datetime

from django.utils import timezone

from articles.models import ContentBlock, Page, Section
from exosite.editorial.page_urls import admin_url
from exosite.editorial.workflow import PageWorkflow
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
    editor_client.logout()
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
    # Not refused as a past schedule: the edit waits, as any edit of a live page does.
    assert PageWorkflow.of(section).pending["fields"]["title"] == "Edited after going live"


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


# --- Taking a page down -------------------------------------------------------------------


def linked_section(make_section, make_question):
    """A published section that two published pages and one draft link to."""
    target = make_section(title="Old safety page", slug="old-safety")
    make_section(title="Links by slug", body="Read [the safety page](guide:old-safety).\n")
    make_question(question="Links by address?", answer="See [it](/guide/old-safety/#risks).\n")
    make_section(title="Draft linker", status=Section.Status.DRAFT, body="[x](guide:old-safety)\n")
    return target


def test_archiving_from_the_form_asks_first_and_says_which_published_pages_link_here(
    editor_client, client, make_section, make_question
):
    section = linked_section(make_section, make_question)
    data = change_form_data(editor_client, section, status="archived", title="Typed title")
    response = editor_client.post(admin_url(section), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Take this page off the site?" in html
    assert "2 published pages link here." in html
    assert "Links by slug" in html and "Links by address?" in html
    assert "Draft linker" not in html
    assert 'name="replacement-' in html
    # Nothing is saved until the editor confirms; what they typed is carried along.
    assert 'value="Typed title"' in html
    section.refresh_from_db()
    assert section.status == Section.Status.PUBLISHED and section.title == "Old safety page"


def test_a_confirmed_archive_sends_readers_of_old_links_to_the_replacement_page(
    editor_client, client, make_section, make_question
):
    section = linked_section(make_section, make_question)
    replacement = make_question(question="Is it safe?", slug="is-it-safe-replacement")
    data = change_form_data(editor_client, section, status="archived")
    data.update(
        {
            "_takedown_confirmed": "Yes",
            f"replacement-{section.pk}": f"faq.question:{replacement.pk}",
        }
    )
    response = editor_client.post(admin_url(section), data, follow=True)
    assert "sent on to FAQ answer “Is it safe?”" in response.content.decode()
    section.refresh_from_db()
    assert section.status == Section.Status.ARCHIVED

    client.logout()  # the same client: now a visitor
    gone = client.get("/guide/old-safety/")
    assert gone.status_code == 410
    assert f'href="{replacement.get_absolute_url()}"' in gone.content.decode()

    # A replacement that is itself taken down is no longer offered to readers.
    Question.objects.filter(pk=replacement.pk).update(status=Question.Status.ARCHIVED)
    assert replacement.get_absolute_url() not in client.get("/guide/old-safety/").content.decode()


def test_going_back_from_the_confirmation_keeps_the_typing_and_saves_nothing(
    editor_client, make_section, make_question
):
    section = linked_section(make_section, make_question)
    data = change_form_data(editor_client, section, status="archived", title="Typed title")
    data["_takedown_cancelled"] = "No"
    response = editor_client.post(admin_url(section), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Not saved: you chose not to take the page off the site." in html
    assert 'value="Typed title"' in html
    section.refresh_from_db()
    assert section.status == Section.Status.PUBLISHED and section.title == "Old safety page"


def test_a_content_block_that_links_to_the_page_counts_too(
    editor_client, make_section, make_question
):
    section = linked_section(make_section, make_question)
    ContentBlock.objects.create(
        title="Warning box", slug="warning-box", body="See [safety](guide:old-safety).\n"
    )
    data = change_form_data(editor_client, section, status="archived")
    html = editor_client.post(admin_url(section), data).content.decode()
    assert "3 published pages link here." in html and "Content block “Warning box”" in html


def test_unpublishing_a_live_page_asks_too_but_offers_no_replacement(
    editor_client, make_section, make_question
):
    section = linked_section(make_section, make_question)
    data = change_form_data(editor_client, section, status="draft")
    html = editor_client.post(admin_url(section), data).content.decode()
    assert "page not found” (404)" in html and "2 published pages link here." in html
    assert 'name="replacement-' not in html


def test_editing_a_page_without_taking_it_down_asks_nothing(editor_client, make_section):
    section = make_section()
    data = change_form_data(editor_client, section, title="Just a new title")
    assert editor_client.post(admin_url(section), data).status_code == 302


def test_archiving_questions_from_the_faq_list_asks_first_then_archives(
    editor_client, client, make_section, make_question
):
    question = make_question(question="Old answer?", slug="old-answer")
    make_section(title="Links to the answer", body="[old](faq:old-answer)\n")
    replacement = make_section(title="Newer page", slug="newer-page")
    post = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": question.pk,
        "form-0-order": question.order,
        "form-0-status": "archived",
        "_save": "Save",
    }
    html = editor_client.post("/admin/faq/question/", post).content.decode()
    assert "Take this page off the site?" in html
    assert "1 published page links here." in html
    question.refresh_from_db()
    assert question.status == Question.Status.PUBLISHED

    post.update(
        {
            "_takedown_confirmed": "Yes",
            f"replacement-{question.pk}": f"articles.section:{replacement.pk}",
        }
    )
    assert editor_client.post("/admin/faq/question/", post).status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.ARCHIVED
    client.logout()
    gone = client.get(question.get_absolute_url())
    assert gone.status_code == 410 and "/guide/newer-page/" in gone.content.decode()


def test_an_archived_pages_replacement_can_be_changed_in_its_form(
    editor_client, client, make_section, make_question
):
    section = make_section(title="Gone page", slug="gone-page", status=Section.Status.ARCHIVED)
    first = make_question(question="First replacement?")
    second = make_section(title="Second replacement", slug="second-replacement")
    field = f"replacement-{section.pk}"

    html = editor_client.get(admin_url(section)).content.decode()
    assert f'name="{field}"' in html and "Send readers on to" in html
    data = change_form_data(editor_client, section, **{field: f"faq.question:{first.pk}"})
    assert editor_client.post(admin_url(section), data).status_code == 302
    html = editor_client.get(admin_url(section)).content.decode()
    assert f'value="faq.question:{first.pk}" selected' in html

    data = change_form_data(editor_client, section, **{field: f"articles.section:{second.pk}"})
    assert editor_client.post(admin_url(section), data).status_code == 302
    # A page that is not archived has no such field.
    assert "Send readers on to" not in editor_client.get(admin_url(second)).content.decode()

    client.logout()
    assert "/guide/second-replacement/" in client.get("/guide/gone-page/").content.decode()
