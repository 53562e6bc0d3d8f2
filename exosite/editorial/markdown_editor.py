"""The Markdown editor's two endpoints: live preview and image upload.

The preview ends with a hidden ``editor-stats`` element that carries the text's
reading grade and word count; ``static/js/editor-reading-level.js`` moves them into
a status line under the editor, so the editor sees them change as they type.

markdownx's own views answer anyone and trust the browser's word about what a file
is. These answer logged-in staff only, render through the site's one pipeline, and
accept an upload only if Pillow recognises it as a PNG, JPEG, WebP or GIF image of
at most 5 MB and 40 megapixels that decodes in full. Uploads are stored under MEDIA_ROOT
with random names, and every image is re-encoded (a GIF frame by frame), which drops
metadata such as a phone's GPS tag, comments and anything hidden after the image.

Each upload is kept in the image library (``UploadedImage``); ``image_library`` lists it,
with its alt text, for the editor's "Choose from the image library" panel
(``static/js/image-upload.js``, which also shows the upload's messages beside the editor).
An upload is inserted with ``ALT_PLACEHOLDER`` as its alt text: the page cannot be saved
until the editor replaces it (``exosite.editorial.guards.image_alt_problems``).
"""

from __future__ import annotations

import io
import uuid
import warnings
from functools import wraps
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.html import format_html
from django.views.decorators.http import require_POST
from PIL import Image, ImageSequence, UnidentifiedImageError

from exosite.editorial.models import UploadedImage
from exosite.markdown import limits as markdown_limits
from exosite.markdown import normalise_newlines
from exosite.markdown.pages import render_preview
from exosite.markdown.readability import is_too_hard, reading_grade, reading_summary, smog_grade

IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp", "GIF": "gif"}
ALT_PLACEHOLDER = "Describe this image for people who cannot see it"
LIBRARY_SIZE = 60


def staff_only(view):
    """403 for anyone who is not logged-in staff, as JSON the editor's script can show."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not (request.user.is_authenticated and request.user.is_staff):
            return JsonResponse(
                {"error": "Log in to the admin as an editor to use the Markdown editor."},
                status=403,
            )
        return view(request, *args, **kwargs)

    return wrapper


@require_POST
@staff_only
def preview(request: HttpRequest) -> HttpResponse:
    content = request.POST.get("content")
    if content is None:
        return JsonResponse(
            {"error": "Nothing to preview: the 'content' field is missing."}, status=400
        )
    if len(content) > markdown_limits.MAX_CHARACTERS:
        return JsonResponse({"error": "This text is too long to preview."}, status=400)
    found = markdown_limits.problems(normalise_newlines(content))
    if found:
        return JsonResponse({"error": " ".join(found)}, status=400)
    page = page_being_edited(request)
    rendered = render_preview(content, page.citation_sources() if page is not None else ())
    grade, smog = reading_grade(rendered.html), smog_grade(rendered.html)
    stats = format_html(
        '<div class="editor-stats" hidden data-reading-grade="{}" data-smog="{}" '
        'data-word-count="{}" data-above-target="{}">{}</div>',
        f"{grade:g}",
        f"{smog:g}",
        rendered.word_count,
        "true" if is_too_hard(grade, smog) else "false",
        reading_summary(grade, smog, rendered.word_count),
    )
    return HttpResponse(rendered.html + stats)


def page_being_edited(request: HttpRequest):
    """The saved page whose admin form asks for the preview (from the address the form was
    loaded from), so the preview numbers its citations against the page's saved sources;
    None for a new page or anything else."""
    referer = request.headers.get("Referer", "")
    try:
        match = resolve(urlsplit(referer).path)
    except Resolver404:
        return None
    model_admin = getattr(match.func, "model_admin", None)
    object_id = match.kwargs.get("object_id")
    if model_admin is None or object_id is None or not match.url_name.endswith("_change"):
        return None
    if not hasattr(model_admin.model, "citation_sources"):
        return None
    if not model_admin.has_view_or_change_permission(request):
        return None
    try:
        return model_admin.model._default_manager.filter(pk=object_id).first()
    except (ValueError, ValidationError):
        return None


class ImageUploadForm(forms.Form):
    """An image an editor uploads: recognised by Pillow as one of four formats, small
    enough to decode, whole, and re-encoded so that nothing but its pixels is kept."""

    image = forms.FileField()

    NOT_AN_IMAGE = "This file is not an image we can use. Upload a PNG, JPEG, WebP or GIF image."

    def clean_image(self):
        upload = self.cleaned_data["image"]
        limit = settings.MARKDOWNX_UPLOAD_MAX_SIZE
        if upload.size > limit:
            raise forms.ValidationError(
                f"The image is {upload.size / 1_048_576:.1f} MB; the limit is "
                f"{limit / 1_048_576:.0f} MB. Make it smaller and try again."
            )
        try:
            # Only the header is read here: the pixels are decoded once the size is known.
            with warnings.catch_warnings():
                # Pillow warns of a large image as it opens it; the size is checked below.
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                with Image.open(upload, formats=list(IMAGE_FORMATS)) as image:
                    detected, (width, height) = image.format, image.size
                    frames = getattr(image, "n_frames", 1)
        except (
            UnidentifiedImageError,
            OSError,
            SyntaxError,
            ValueError,
            Image.DecompressionBombError,
        ):
            raise forms.ValidationError(self.NOT_AN_IMAGE) from None
        pixels = settings.MARKDOWNX_UPLOAD_MAX_PIXELS
        if width * height > pixels or width * height * frames > 4 * pixels:
            raise forms.ValidationError(
                f"The image is {width:,} by {height:,} pixels"
                + (f" in {frames:,} frames" if frames > 1 else "")
                + f"; the limit is {pixels / 1_000_000:.0f} megapixels. Make it smaller and "
                "try again (a page needs at most about 2,000 pixels across)."
            )
        upload.seek(0)
        try:
            self.encoded = reencoded(upload, detected)
        except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError):
            raise forms.ValidationError(
                "This image file is damaged or incomplete. Save it again from the program "
                "that made it and upload the new file."
            ) from None
        self.detected_format = detected
        self.dimensions = (width, height)
        return upload

    def save(self, user=None) -> UploadedImage:
        """Store the image under a random name, in the image library."""
        extension = IMAGE_FORMATS[self.detected_format]
        name = f"{settings.MARKDOWNX_MEDIA_PATH}{uuid.uuid4().hex}.{extension}"
        stored = default_storage.save(name, ContentFile(self.encoded))
        width, height = self.dimensions
        return UploadedImage.objects.create(
            file=stored, width=width, height=height, uploaded_by=user
        )


# What re-encoding keeps of an image's own information: how to show it, nothing about
# where, when or by what it was made (comments, EXIF, XMP, GPS, application blocks).
KEPT_INFO = {"transparency", "duration", "loop", "background", "disposal"}


def reencoded(upload, image_format: str) -> bytes:
    """The image decoded in full (a truncated file fails here) and written afresh."""
    with Image.open(upload, formats=[image_format]) as image:
        image.load()
        buffer = io.BytesIO()
        if image_format == "GIF":
            # Every frame is decoded and written again, so an animation stays one while
            # comments, application extensions and bytes after the end are left behind.
            frames = []
            for frame in ImageSequence.Iterator(image):
                frame.load()
                copy = frame.copy()
                copy.info = {k: v for k, v in frame.info.items() if k in KEPT_INFO}
                frames.append(copy)
            first = frames[0]
            first.save(buffer, format="GIF", save_all=len(frames) > 1, append_images=frames[1:])
            return buffer.getvalue()
        if image_format == "JPEG" and image.mode not in {"RGB", "L"}:
            image = image.convert("RGB")
        image.info = {k: v for k, v in image.info.items() if k in KEPT_INFO}
        image.save(buffer, format=image_format)
        return buffer.getvalue()


@require_POST
@staff_only
def upload_image(request: HttpRequest) -> JsonResponse:
    form = ImageUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        message = " ".join(error for errors in form.errors.values() for error in errors)
        return JsonResponse({"error": message}, status=400)
    image = form.save(request.user)
    # The placeholder reminds the editor that every image needs alt text: the page cannot
    # be saved until it is replaced.
    return JsonResponse(
        {
            "image_code": f"![{ALT_PLACEHOLDER}]({image.url})",
            "url": image.url,
            "alt_placeholder": ALT_PLACEHOLDER,
        }
    )


@staff_only
def image_library(request: HttpRequest) -> JsonResponse:
    """The latest uploads, with their alt text, for inserting one again."""
    images = UploadedImage.objects.all()[:LIBRARY_SIZE]
    return JsonResponse(
        {
            "images": [
                {
                    "url": image.url,
                    "alt": image.alt_text,
                    "width": image.width,
                    "height": image.height,
                    "uploaded": image.uploaded_at.date().isoformat(),
                }
                for image in images
            ],
            "alt_placeholder": ALT_PLACEHOLDER,
        }
    )
