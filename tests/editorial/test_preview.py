"""The whole page as readers will see it, before it goes live: a pending change or a
draft, at phone or laptop width, bannered, never cached and never indexed."""

from django.test import Client

from articles.models import Section
from exosite.editorial.page_urls import admin_url
from tests.editorial.admin_forms import change_form_data


def stage(client, page, **changes) -> None:
    response = client.post(admin_url(page), change_form_data(client, page, **changes))
    assert response.status_code == 302


def test_the_preview_shows_the_pending_change_on_the_real_page_with_a_banner(
    editor_client, make_section
):
    section = make_section(title="Live title", body="## Part\n\nLive words.\n")
    stage(editor_client, section, title="Pending title", body="## Part\n\nPending **words**.\n")

    response = editor_client.get(admin_url(section, "preview") + "?frame=1")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Preview, not public:" in html and "Readers still see the live version" in html
    assert "<h1" in html and "Pending title" in html
    assert "Pending <strong>words</strong>." in html
    assert "Live words." not in html
    # The page around it is the site's own: navigation, review line, footer.
    assert 'class="site-footer' in html or "<footer" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_previewing_never_changes_or_caches_what_readers_see(editor_client, make_section):
    section = make_section(body="## Part\n\nLive words.\n")
    reader = Client()
    reader.get(section.get_absolute_url())
    stage(editor_client, section, body="## Part\n\nPending zebra words.\n")
    editor_client.get(admin_url(section, "preview") + "?frame=1")
    for _ in range(2):  # the cached copy and a fresh one
        assert "zebra" not in reader.get(section.get_absolute_url()).content.decode()
    section.refresh_from_db()
    assert "zebra" not in section.body
    assert not section.history.filter(body__contains="zebra").exists()


def test_the_preview_frames_the_page_at_phone_or_laptop_width(editor_client, make_section):
    section = make_section()
    stage(editor_client, section, title="Changed title")
    laptop = editor_client.get(admin_url(section, "preview"))
    assert 'width="1280"' in laptop.content.decode()
    assert "frame-src 'self'" in laptop["Content-Security-Policy"]
    phone = editor_client.get(admin_url(section, "preview") + "?width=phone").content.decode()
    assert 'width="390"' in phone and "?frame=1" in phone
    framed = editor_client.get(admin_url(section, "preview") + "?frame=1")
    assert framed["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in framed["Content-Security-Policy"]


def test_a_draft_faq_answer_is_previewed_as_it_will_look(editor_client, make_question):
    question = make_question(answer="A draft answer.", status=Section.Status.DRAFT)
    html = editor_client.get(admin_url(question, "preview") + "?frame=1").content.decode()
    assert "A draft answer." in html
    assert "Readers cannot see this page yet" in html


def test_the_form_links_to_the_preview_and_saving_can_go_straight_there(
    editor_client, make_section
):
    section = make_section()
    form = editor_client.get(admin_url(section)).content.decode()
    assert 'name="_preview"' in form
    response = editor_client.post(
        admin_url(section), change_form_data(editor_client, section, title="T", _preview="1")
    )
    assert response["Location"] == admin_url(section, "preview")


def test_only_staff_can_open_a_preview(client, make_section):
    section = make_section()
    response = client.get(admin_url(section, "preview") + "?frame=1")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
