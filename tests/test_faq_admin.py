"""Editors keep the FAQ current in the admin, like the guide."""

from faq.models import Question


def test_an_editor_changes_an_answer_and_visitors_see_it(
    client, editor, make_question, make_section
):
    section = make_section(slug="safety-page", title="Safety page")
    question = make_question(category="safety", slug="is-it-safe", answer="Old answer.")
    client.force_login(editor)
    form = client.get(f"/admin/faq/question/{question.pk}/change/").content.decode()
    assert "markdownx-editor" in form and 'class="markdownx-preview"' in form
    response = client.post(
        f"/admin/faq/question/{question.pk}/change/",
        {
            "question": question.question,
            "category": question.category.pk,
            "order": 1,
            "status": "published",
            "answer": "A **new** answer.",
            "sections": [section.pk],
            "last_reviewed": "2026-11-25",
            "next_review_due": "2027-05-25",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    client.logout()
    page = client.get(question.get_absolute_url()).content.decode()
    assert "A <strong>new</strong> answer." in page
    assert '<a href="/guide/safety-page/">Safety page</a>' in page


def test_the_question_list_shows_category_order_status_and_review_date_and_filters(
    editor_client, make_question
):
    make_question(category="cost", question="About money?")
    make_question(category="safety", question="About risk?", status=Question.Status.DRAFT)
    html = editor_client.get("/admin/faq/question/").content.decode()
    for column in ["Question", "Category", "Order", "Status", "Last reviewed"]:
        assert column in html
    filtered = editor_client.get("/admin/faq/question/?status__exact=draft").content.decode()
    assert "About risk?" in filtered and "About money?" not in filtered
    searched = editor_client.get("/admin/faq/question/?q=money").content.decode()
    assert "About money?" in searched and "About risk?" not in searched


def test_editors_reorder_a_categorys_questions_in_one_save(editor_client, make_question):
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
