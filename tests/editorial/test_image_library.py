"""Images in pages: every upload goes into a small library with its alt text, editors can
insert it again from there, and no page is saved with an image that has no real alt text."""

from exosite.editorial.models import UploadedImage
from exosite.editorial.page_urls import admin_url
from tests.editorial.admin_forms import change_form_data
from tests.editorial.test_admin_editing import image_bytes, upload

PLACEHOLDER = "Describe this image for people who cannot see it"


def uploaded(editor_client) -> str:
    response = upload(editor_client, "redness.png", image_bytes("PNG", (30, 20)), "image/png")
    assert response.status_code == 200, response.content
    return response.json()["url"]


def test_an_upload_goes_into_the_image_library(editor_client, editor):
    url = uploaded(editor_client)
    image = UploadedImage.objects.get()
    assert image.url == url and (image.width, image.height) == (30, 20)
    assert image.uploaded_by == editor and image.alt_text == ""

    library = editor_client.get("/markdownx/images/").json()
    assert library["images"][0]["url"] == url
    assert library["alt_placeholder"] == PLACEHOLDER


def test_a_refused_upload_adds_nothing_to_the_library(editor_client):
    response = upload(editor_client, "notes.pdf", b"%PDF-1.4 not an image", "application/pdf")
    assert response.status_code == 400
    assert "not an image we can use" in response.json()["error"]
    assert not UploadedImage.objects.exists()


def test_only_staff_can_see_the_image_library(client, db):
    assert client.get("/markdownx/images/").status_code == 403


def test_a_page_cannot_be_saved_with_the_placeholder_alt_text(editor_client, make_section):
    url = uploaded(editor_client)
    section = make_section(body="## Redness\n\nSome words.\n")
    body = f"## Redness\n\nSome words.\n\n![{PLACEHOLDER}]({url})\n"
    response = editor_client.post(
        admin_url(section), change_form_data(editor_client, section, body=body)
    )
    assert response.status_code == 200
    assert "still has the placeholder alt text" in response.content.decode()
    assert "line 5" in response.content.decode()
    section.refresh_from_db()
    assert url not in section.body


def test_a_page_cannot_be_saved_with_an_image_without_alt_text(editor_client, make_section):
    section = make_section()
    for body in ("![](/static/img/x.png)\n", 'Text\n\n<img src="/static/img/x.png">\n'):
        data = change_form_data(editor_client, section, body=body)
        html = editor_client.post(admin_url(section), data).content.decode()
        assert "has no alt text" in html, body
    section.refresh_from_db()
    assert "x.png" not in section.body


def test_alt_text_written_in_a_page_is_remembered_in_the_library(editor_client, make_section):
    url = uploaded(editor_client)
    section = make_section()
    body = f"## Redness\n\n![Redness on both cheeks two days after treatment]({url})\n"
    data = change_form_data(editor_client, section, body=body)
    assert editor_client.post(admin_url(section), data).status_code == 302
    library = editor_client.get("/markdownx/images/").json()["images"]
    assert library[0]["alt"] == "Redness on both cheeks two days after treatment"


def test_editors_keep_the_alt_text_in_the_library_admin(editor_client):
    uploaded(editor_client)
    image = UploadedImage.objects.get()
    listing = editor_client.get("/admin/exosite/uploadedimage/")
    assert listing.status_code == 200 and image.url in listing.content.decode()
    response = editor_client.post(
        f"/admin/exosite/uploadedimage/{image.pk}/change/", {"alt_text": "A treated cheek"}
    )
    assert response.status_code == 302
    image.refresh_from_db()
    assert image.alt_text == "A treated cheek"
    assert editor_client.get("/markdownx/images/").json()["images"][0]["alt"] == "A treated cheek"
