"""Editors keep the FAQ current in the admin, like the guide."""

import re

from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from faq.models import Question
from tests.editorial.admin_forms import change_form_data, publish


def test_an_editor_changes_an_answer_and_visitors_see_it(
    empty_site, client, editor, make_question, make_section
):
    section = make_section(slug="safety-page", title="Safety page")
    question = make_question(category="basics", slug="is-it-safe", answer="Old answer.")
    client.force_login(editor)
    form = client.get(f"/admin/faq/question/{question.pk}/change/").content.decode()
    assert "markdownx-editor" in form and 'class="markdownx-preview"' in form
    response = client.post(
        f"/admin/faq/question/{question.pk}/change/",
        change_form_data(client, question, answer="A **new** answer.", sections=[section.pk]),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    publish(client, question)
    client.logout()
    page = client.get(question.get_absolute_url()).content.decode()
    assert "A <strong>new</strong> answer." in page
    assert '<a href="/guide/safety-page/">Safety page</a>' in page


def test_the_question_list_shows_category_order_status_and_review_and_filters(
    editor_client, make_question
):
    make_question(category="cost", question="About money?")
    make_question(category="safety", question="About risk?", status=Question.Status.DRAFT)
    html = editor_client.get("/admin/faq/question/").content.decode()
    for column in ["Question", "Category", "Order", "Status", "Updated", "Medical review"]:
        assert column in html
    filtered = editor_client.get("/admin/faq/question/?status__exact=draft").content.decode()
    assert "About risk?" in filtered and "About money?" not in filtered
    searched = editor_client.get("/admin/faq/question/?q=money").content.decode()
    assert "About money?" in searched and "About risk?" not in searched


def test_editors_reorder_a_categorys_questions_in_one_save(
    empty_site, editor_client, make_question
):
    first = make_question(category="cost", order=1)
    second = make_question(category="cost", order=2)
    third = make_question(category="cost", order=3)
    category = first.category
    data = {
        "title": category.title,
        "order": category.order,
        "description": "",
        "questions-TOTAL_FORMS": "3",
        "questions-INITIAL_FORMS": "3",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }
    for index, (question, order) in enumerate([(first, 3), (second, 1), (third, 2)]):
        data[f"questions-{index}-id"] = question.pk
        data[f"questions-{index}-category"] = category.pk
        data[f"questions-{index}-order"] = order
    response = editor_client.post(f"/admin/faq/category/{category.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    ordered = list(category.questions.order_by("order").values_list("pk", flat=True))
    assert ordered == [second.pk, third.pk, first.pk]


def test_editors_cannot_delete_questions(editor_client, make_question):
    question = make_question()
    assert editor_client.get(f"/admin/faq/question/{question.pk}/delete/").status_code == 403


def a_colleague_saves_first(monkeypatch, question) -> None:
    """Make a colleague's save of `question` land just before this request saves it."""
    original = Question.save

    def save(self, *args, **kwargs):
        if self.pk == question.pk:
            Question.objects.filter(pk=self.pk).update(version=models.F("version") + 1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Question, "save", save)


def test_a_reorder_racing_a_colleagues_save_is_refused_with_a_message(
    empty_site, editor_client, make_question, monkeypatch
):
    first = make_question(category="cost", order=1)
    second = make_question(category="cost", order=2)
    category = first.category
    data = {
        "title": category.title,
        "order": category.order,
        "description": "",
        "questions-TOTAL_FORMS": "2",
        "questions-INITIAL_FORMS": "2",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }
    for index, (question, order) in enumerate([(first, 2), (second, 1)]):
        data[f"questions-{index}-id"] = question.pk
        data[f"questions-{index}-category"] = category.pk
        data[f"questions-{index}-order"] = order
    a_colleague_saves_first(monkeypatch, second)
    response = editor_client.post(f"/admin/faq/category/{category.pk}/change/", data, follow=True)
    assert response.status_code == 200
    assert "was changed by someone else at the same moment" in response.content.decode()
    # All or nothing: the first question's new order was rolled back too.
    assert list(category.questions.order_by("order").values_list("pk", flat=True)) == [
        first.pk,
        second.pk,
    ]


def test_a_list_edit_racing_a_colleagues_save_is_refused_with_a_message(
    editor_client, make_question, monkeypatch
):
    question = make_question(category="cost", order=1)
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "form-0-id": question.pk,
        "form-0-order": 5,
        "form-0-status": question.status,
        "_save": "Save",
    }
    a_colleague_saves_first(monkeypatch, question)
    response = editor_client.post("/admin/faq/question/", data, follow=True)
    assert response.status_code == 200
    assert "was changed by someone else at the same moment" in response.content.decode()
    question.refresh_from_db()
    assert question.order == 1


def test_the_category_list_counts_questions_without_a_query_per_category(
    empty_site, editor_client, make_question
):
    make_question(category="cost")
    make_question(category="cost")
    make_question(category="safety")
    with CaptureQueriesContext(connection) as few:
        editor_client.get("/admin/faq/category/")
    for slug in ["aftercare", "results", "basics", "treatment"]:
        make_question(category=slug)
    with CaptureQueriesContext(connection) as more:
        html = editor_client.get("/admin/faq/category/").content.decode()
    assert len(more) == len(few)
    rows = dict(
        re.findall(
            r'<th class="field-title"><a [^>]*>([^<]+)</a></th>.*?<td class="field-question_count">(\d+)</td>',
            html,
            re.S,
        )
    )
    assert rows["Cost"] == "2" and rows["Safety"] == "1" and rows["Aftercare"] == "1"
