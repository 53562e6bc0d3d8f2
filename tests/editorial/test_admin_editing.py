"""Editors at work: the admin, the live preview, image uploads, and who may use them."""

import io
import re

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from PIL import Image

from articles.models import Section
from exosite.editorial.groups import EDITORS_GROUP
from exosite.markdown import render
from tests.editorial.admin_forms import change_form_data, publish


def image_bytes(fmt: str, size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, format=fmt)
    return buffer.getvalue()


def upload(client, name: str, data: bytes, content_type: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        "/markdownx/upload/",
        {"image": SimpleUploadedFile(name, data, content_type=content_type)},
        headers={"x-requested-with": "XMLHttpRequest"},
    )


def test_the_editors_group_can_edit_but_not_delete_sections(db):
    group = Group.objects.get(name=EDITORS_GROUP)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"view_section", "add_section", "change_section", "change_source"} <= codenames
    assert "delete_section" not in codenames
    assert not codenames & {"add_user", "change_user", "change_group"}


def test_an_editor_logs_in_and_changes_a_section_that_visitors_then_see(
    client, editor, make_section
):
    section = make_section(slug="cost-page", body="## Prices\n\nOld text.\n")
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": "a-long-editor-password"},
    )
    assert response.status_code == 302

    form = client.get(f"/admin/articles/section/{section.pk}/change/")
    assert form.status_code == 200
    assert "markdownx-editor" in form.content.decode()
    assert 'class="markdownx-preview"' in form.content.decode()

    body = (
        '## Prices\n\nNew text about **prices**.\n\n!!! doctor "When to see a doctor"\n    Now.\n'
    )
    response = client.post(
        f"/admin/articles/section/{section.pk}/change/",
        change_form_data(client, section, body=body),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    # The page is live, so the edit waits as a pending change until it is published.
    publish(client, section)

    client.logout()
    page = client.get("/guide/cost-page/").content.decode()
    assert "New text about <strong>prices</strong>." in page
    assert 'class="callout callout--doctor"' in page
    assert "Old text." not in page


def test_the_change_list_shows_order_status_update_and_review_and_can_be_searched(
    editor_client, make_section
):
    make_section(title="Aftercare basics")
    make_section(title="Cost in detail", body="## Money\n\nPrices here.\n")
    html = editor_client.get("/admin/articles/section/").content.decode()
    for column in ["Title", "Order", "Status", "Updated", "Medical review"]:
        assert column in html
    found = editor_client.get("/admin/articles/section/?q=Prices").content.decode()
    assert "Cost in detail" in found and "Aftercare basics" not in found
    drafts = editor_client.get("/admin/articles/section/?status__exact=draft").content.decode()
    assert "Cost in detail" not in drafts


def test_an_editor_cannot_delete_a_section(editor_client, make_section):
    section = make_section()
    assert editor_client.get(f"/admin/articles/section/{section.pk}/delete/").status_code == 403


def test_the_slug_cannot_be_changed_once_the_page_exists(editor_client, make_section):
    section = make_section(slug="fixed-address")
    editor_client.post(
        f"/admin/articles/section/{section.pk}/change/",
        change_form_data(editor_client, section, slug="new-address"),
    )
    assert Section.objects.get(pk=section.pk).slug == "fixed-address"


@pytest.mark.parametrize("endpoint", ["/markdownx/markdownify/", "/markdownx/upload/"])
def test_anonymous_visitors_cannot_use_the_editor_endpoints(client, db, endpoint):
    response = client.post(endpoint, {"content": "# hi"})
    assert response.status_code == 403


def test_logged_in_non_staff_users_cannot_use_the_preview(client, db):
    user = User.objects.create_user("reader", password="another-long-password")
    client.force_login(user)
    assert client.post("/markdownx/markdownify/", {"content": "x"}).status_code == 403


def test_the_live_preview_shows_exactly_what_will_be_published(editor_client):
    text = "## Title\n\n<script>alert(1)</script>\n\n!!! warning\n    Careful.\n"
    response = editor_client.post("/markdownx/markdownify/", {"content": text})
    assert response.status_code == 200
    # The preview is the published HTML, then the editor's reading statistics.
    preview, _statistics = response.content.decode().split('<div class="editor-stats"')
    assert preview == render(text).html
    assert "<script" not in response.content.decode()


def test_a_preview_request_without_content_gets_a_clear_error(editor_client):
    response = editor_client.post("/markdownx/markdownify/", {})
    assert response.status_code == 400
    assert "content" in response.json()["error"]


@pytest.mark.parametrize(
    ("fmt", "ext"), [("PNG", "png"), ("JPEG", "jpg"), ("WEBP", "webp"), ("GIF", "gif")]
)
def test_editors_can_upload_images_which_get_unguessable_names(editor_client, settings, fmt, ext):
    response = upload(editor_client, "My Photo.whatever", image_bytes(fmt), f"image/{fmt.lower()}")
    assert response.status_code == 200, response.content
    code = response.json()["image_code"]
    url = re.search(r"\((/media/uploads/[0-9a-f]{32}\.(\w+))\)", code)
    assert url and url.group(2) == ext
    stored = settings.MEDIA_ROOT / "uploads" / url.group(1).rsplit("/", 1)[1]
    with Image.open(stored) as image:
        assert image.format == fmt
    assert code.startswith("![Describe this image")


def test_svg_uploads_are_refused(editor_client, settings):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    response = upload(editor_client, "x.svg", svg, "image/svg+xml")
    assert response.status_code == 400
    assert "PNG, JPEG, WebP or GIF" in response.json()["error"]


def test_a_file_pretending_to_be_an_image_is_refused(editor_client):
    response = upload(
        editor_client, "x.png", b"<html><script>alert(1)</script></html>", "image/png"
    )
    assert response.status_code == 400


def test_images_over_five_megabytes_are_refused(editor_client):
    data = image_bytes("PNG") + b"\0" * (5 * 1024 * 1024)
    response = upload(editor_client, "big.png", data, "image/png")
    assert response.status_code == 400
    assert "the limit is 5 MB" in response.json()["error"]


def test_createeditor_makes_a_staff_account_in_the_editors_group(db, monkeypatch):
    monkeypatch.setenv("EDITOR_PASSWORD", "a-perfectly-fine-passphrase")
    call_command(
        "createeditor", "sam", email="sam@example.org", password_from_env="EDITOR_PASSWORD"
    )
    user = User.objects.get(username="sam")
    assert user.is_staff and not user.is_superuser
    assert user.groups.filter(name=EDITORS_GROUP).exists()
    assert user.check_password("a-perfectly-fine-passphrase")


def test_createeditor_refuses_a_weak_password(db, monkeypatch):
    monkeypatch.setenv("EDITOR_PASSWORD", "123")
    with pytest.raises(CommandError, match="not strong enough"):
        call_command("createeditor", "sam", password_from_env="EDITOR_PASSWORD")
    assert not User.objects.filter(username="sam").exists()


def test_the_change_list_shows_each_sections_reading_grade(editor_client, make_section):
    make_section(body="## Part\n\nThe cat sat. It was warm.\n")
    html = editor_client.get("/admin/articles/section/").content.decode()
    assert "Reading grade" in html


def test_the_admin_lists_write_dates_as_the_pages_do(editor_client, make_section):
    import datetime

    make_section(title="Dated page", updated=datetime.date(2026, 11, 25))
    html = editor_client.get("/admin/articles/section/").content.decode()
    assert "25 November 2026" in html and "Nov. 25, 2026" not in html


def test_a_decompression_bomb_is_refused_before_it_is_decoded(editor_client, settings):
    """The review's 13,300 x 13,300 PNG (177 megapixels, a few kilobytes) was accepted."""
    buffer = io.BytesIO()
    Image.new("1", (13_300, 13_300)).save(buffer, format="PNG", optimize=True)
    assert len(buffer.getvalue()) < 5 * 1024 * 1024
    response = upload(editor_client, "bomb.png", buffer.getvalue(), "image/png")
    assert response.status_code == 400
    assert "13,300 by 13,300 pixels; the limit is 40 megapixels" in response.json()["error"]


def test_a_truncated_jpeg_is_refused_with_a_reason_not_a_crash(editor_client):
    buffer = io.BytesIO()
    Image.effect_noise((300, 200), 80).convert("RGB").save(buffer, format="JPEG", quality=95)
    whole = buffer.getvalue()
    response = upload(editor_client, "cut.jpg", whole[: len(whole) // 3], "image/jpeg")
    assert response.status_code == 400
    assert "damaged or incomplete" in response.json()["error"]


def stored_file(settings, response) -> bytes:
    url = re.search(r"\((/media/uploads/[0-9a-f]{32}\.\w+)\)", response.json()["image_code"])
    return (settings.MEDIA_ROOT / "uploads" / url.group(1).rsplit("/", 1)[1]).read_bytes()


def test_a_jpeg_comment_is_not_kept(editor_client, settings):
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (10, 20, 30)).save(
        buffer, format="JPEG", comment=b"JPEG-COMMENT-SECRET"
    )
    response = upload(editor_client, "c.jpg", buffer.getvalue(), "image/jpeg")
    assert response.status_code == 200
    assert b"JPEG-COMMENT-SECRET" not in stored_file(settings, response)


def test_a_gif_keeps_its_animation_but_not_its_comment_or_trailing_bytes(editor_client, settings):
    frames = [Image.new("RGB", (10, 10), c) for c in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    buffer = io.BytesIO()
    frames[0].save(
        buffer,
        format="GIF",
        save_all=True,
        append_images=frames[1:],
        duration=120,
        loop=0,
        comment=b"<script>alert('gif-comment')</script>GIF-COMMENT-SECRET",
    )
    data = buffer.getvalue() + b"<html><script>alert('gif-trailer')</script></html>"
    response = upload(editor_client, "a.gif", data, "image/gif")
    assert response.status_code == 200, response.content
    stored = stored_file(settings, response)
    assert b"GIF-COMMENT-SECRET" not in stored
    assert b"gif-trailer" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "GIF"
        assert image.n_frames == 3
        assert image.info.get("duration") == 120


def test_the_admin_refuses_a_citation_of_a_source_the_page_does_not_list(
    editor_client, make_section
):
    section = make_section(body="## Part\n\nA claim.\n")
    data = change_form_data(editor_client, section, body="## Part\n\nA claim.[^nowhere]\n")
    response = editor_client.post(f"/admin/articles/section/{section.pk}/change/", data)
    assert response.status_code == 200
    assert "The text cites [^nowhere], which is not one of the sources below." in (
        response.content.decode()
    )
    section.refresh_from_db()
    assert "[^nowhere]" not in section.body


def test_the_admin_refuses_a_block_that_does_not_exist(editor_client, make_section):
    section = make_section()
    data = change_form_data(editor_client, section, body="## Part\n\n{{ no-such-block }}\n")
    response = editor_client.post(f"/admin/articles/section/{section.pk}/change/", data)
    assert response.status_code == 200
    assert "no content block has that slug" in response.content.decode()
