"""The "Was this page helpful?" form: on every content page, inline, without making the page
uncacheable or setting a cookie; stored without anything that says who sent it; protected
against spam by a trap field, a signed page token and a short-lived count per sender."""

import datetime
import re
import time
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client

from feedback.models import Feedback
from feedback.protection import form_token
from tests.tools.privacy import cache_keys
from tests.web.cache_headers import PUBLIC_PAGE

SAME_SITE = {"Origin": "http://testserver"}
PAGE = "/guide/cost/"


def token_for(page: str, age: float = 60) -> str:
    """A form token as a page made ``age`` seconds ago carries."""
    with mock.patch("django.core.signing.time.time", return_value=time.time() - age):
        return form_token(page)


def send(client, page=PAGE, age=60, headers=None, **fields):
    """Send an answer as a reader at 198.51.100.7 would (upper-case names are WSGI extras)."""
    data = {"token": token_for(page, age), "helpful": "yes", "comment": "", **fields}
    extra = {name: data.pop(name) for name in list(data) if name.isupper()}
    return client.post(
        "/feedback/",
        data,
        headers={**SAME_SITE, **(headers or {})},
        REMOTE_ADDR="198.51.100.7",
        **extra,
    )


@pytest.mark.parametrize(
    "path",
    [
        "/guide/cost/",
        "/guide/aftercare/",
        "/faq/cost/cost-in-korea/",
        "/tools/cost/",
        "/tools/is-it-for-me/",
        "/tools/aftercare-timeline/",
        "/about/",
        "/privacy/",
        "/before-you-book/",
    ],
)
def test_content_pages_ask_if_they_helped_and_stay_cacheable_without_cookies(site_content, path):
    reader = Client()
    response = reader.get(path)
    html = response.content.decode()
    assert '<h2 id="feedback-heading" class="feedback__heading">Was this page helpful?</h2>' in html
    assert (
        "Please do not write your name, e-mail, phone number or anything about your health." in html
    )
    assert "csrfmiddlewaretoken" not in html
    assert not response.cookies and "cookie" not in response.get("Vary", "").lower()
    assert response["Cache-Control"] == PUBLIC_PAGE
    assert reader.get(path)["X-Page-Cache"] == "hit"


def test_an_answer_without_javascript_is_saved_and_the_reader_is_sent_back_to_the_thanks(
    client, site_content
):
    response = send(client, helpful="no", comment="The table is hard to read on my phone.")
    assert response.status_code == 303
    assert response["Location"] == "/guide/cost/#feedback-thanks"
    assert not response.cookies and response["Cache-Control"] == "no-store"
    feedback = Feedback.objects.get()
    assert (feedback.page, feedback.helpful, feedback.comment) == (
        PAGE,
        False,
        "The table is hard to read on my phone.",
    )


def test_an_answer_by_javascript_gets_the_thanks_as_json(client, site_content):
    response = send(client, headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.json() == {
        "message": "Thank you. Your answer goes to the editors who keep this page up to date."
    }
    assert Feedback.objects.count() == 1


def test_nothing_about_the_sender_is_kept(client, site_content):
    send(client, comment="Clear, thanks.", HTTP_USER_AGENT="Mozilla/5.0 (Distinctive Browser 99)")
    columns = {field.name for field in Feedback._meta.get_fields()}
    assert columns == {"id", "page", "helpful", "comment", "received_on", "acted_on", "editor_note"}
    stored = " ".join(str(value) for value in Feedback.objects.values().get().values())
    assert "198.51.100.7" not in stored and "Distinctive" not in stored
    assert Feedback.objects.get().received_on == datetime.date.today()  # the day, no time
    assert all("198.51.100.7" not in key for key in cache_keys())


def test_sending_feedback_leaves_the_cached_page_as_it_is(site_content):
    reader = Client()
    reader.get(PAGE)
    send(reader)
    again = reader.get(PAGE)
    assert again["X-Page-Cache"] == "hit"


def test_contact_details_are_taken_out_before_the_comment_is_saved(client, site_content):
    send(client, comment="Call me on +1 (555) 010-9999 or write to jo.bloggs@example.com please")
    assert Feedback.objects.get().comment == "Call me on [removed] or write to [removed] please"


def test_the_trap_field_is_thanked_and_dropped(client, site_content):
    response = send(client, website="http://spam.example")
    assert response.status_code == 303
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("", "This field is required."),
        ("/guide/cost/:forged:signature", "We could not tell which page this answer is about."),
    ],
)
def test_an_answer_with_no_genuine_token_is_refused(client, site_content, token, message):
    response = client.post("/feedback/", {"token": token, "helpful": "yes"}, headers=SAME_SITE)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Feedback.objects.exists()


def test_an_answer_sent_at_once_by_a_script_is_refused(client, site_content, settings):
    settings.FEEDBACK_MIN_SECONDS = 5
    response = send(client, age=0)
    assert response.status_code == 400
    assert "That was very quick." in response.content.decode()


def test_an_old_page_gets_a_fresh_form_and_keeps_the_comment(client, site_content, settings):
    settings.FEEDBACK_FORM_MAX_AGE = 3600
    response = send(client, age=7200, comment="A comment worth keeping")
    html = response.content.decode()
    assert response.status_code == 400
    assert "This page has been open for a long time." in html
    assert "A comment worth keeping</textarea>" in html
    fresh = re.search(r'name="token" value="([^"]+)"', html).group(1)
    assert fresh.startswith("/guide/cost/:")
    assert '<a href="/guide/cost/">Back to the page</a>' in html


@pytest.mark.parametrize(
    ("comment", "message"),
    [
        ("x" * 1001, "Please keep your comment under 1,000 characters"),
        ("see http://a.example http://b.example http://c.example", "at most 2 web addresses"),
    ],
)
def test_a_comment_that_cannot_be_saved_says_why_and_is_kept_in_the_form(
    client, site_content, comment, message
):
    response = send(client, comment=comment)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html and comment[:200] in html
    assert not Feedback.objects.exists()


def test_a_sender_is_limited_per_window_without_their_address_being_kept(
    client, site_content, settings
):
    settings.FEEDBACK_PER_WINDOW = 3
    for _ in range(3):
        assert send(client).status_code == 303
    refused = send(client)
    assert refused.status_code == 429
    assert "a lot of answers from your connection" in refused.content.decode()
    assert Feedback.objects.count() == 3
    assert not any("198.51.100.7" in key for key in cache._cache)
    other = client.post(
        "/feedback/",
        {"token": token_for(PAGE), "helpful": "yes"},
        headers=SAME_SITE,
        REMOTE_ADDR="192.0.2.44",
    )
    assert other.status_code == 303


def test_a_choice_must_be_made(client, site_content):
    response = send(client, helpful="maybe")
    assert response.status_code == 400
    assert not Feedback.objects.exists()


def test_feedback_from_another_site_is_refused(client, site_content):
    response = send(client, headers={"Origin": "https://evil.example"})
    assert response.status_code == 403
    assert not Feedback.objects.exists()


def test_the_feedback_address_only_takes_answers(client, site_content):
    assert client.get("/feedback/").status_code == 405


# --- Editors -----------------------------------------------------------------------


def make_feedback(page: str, helpful: bool, comment: str = "", days_ago: int = 0) -> Feedback:
    feedback = Feedback.objects.create(page=page, helpful=helpful, comment=comment)
    day = datetime.date.today() - datetime.timedelta(days=days_ago)
    Feedback.objects.filter(pk=feedback.pk).update(received_on=day)
    return feedback


def test_editors_see_each_pages_helpful_rate_month_by_month(editor_client, site_content):
    make_feedback("/guide/cost/", True)
    make_feedback("/guide/cost/", True)
    make_feedback("/guide/cost/", False, "Too long", days_ago=45)
    make_feedback("/faq/cost/cost-in-korea/", False, "Out of date")
    html = editor_client.get("/admin/feedback/feedback/by-page/").content.decode()
    row = re.search(r"How much it costs</a>.*?</tr>", html, re.S).group(0)
    assert "<td>3</td>" in row
    assert "<strong>67%</strong> (2 yes)" in row
    assert "100% of 2" in row  # the last 30 days
    assert "0% of 1" in row  # the month before
    assert "How much does exosome therapy cost in Korea?" in html
    assert "1 of 1</a>" in html  # comments to act on


def test_editors_mark_a_comment_as_acted_on(editor_client, site_content):
    feedback = make_feedback("/guide/cost/", False, "Add the full-course price")
    response = editor_client.post(
        "/admin/feedback/feedback/",
        {"action": "mark_acted_on", "_selected_action": [feedback.pk]},
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.acted_on
    listing = editor_client.get("/admin/feedback/feedback/?comment=to-act-on").content.decode()
    assert "Add the full-course price" not in listing


def test_editors_cannot_add_or_change_a_readers_answer(editor_client, site_content):
    feedback = make_feedback("/guide/cost/", False, "Original words")
    assert editor_client.get("/admin/feedback/feedback/add/").status_code == 403
    editor_client.post(
        f"/admin/feedback/feedback/{feedback.pk}/change/",
        {"comment": "Changed words", "helpful": "on", "acted_on": "on", "editor_note": "Fixed."},
    )
    feedback.refresh_from_db()
    assert feedback.comment == "Original words" and not feedback.helpful
    assert feedback.acted_on and feedback.editor_note == "Fixed."


def test_the_editors_group_reads_and_tends_feedback(db):
    codenames = set(
        Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
    )
    assert {"view_feedback", "change_feedback", "delete_feedback"} <= codenames
    assert "add_feedback" not in codenames
