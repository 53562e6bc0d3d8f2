"""The admin of the site's own tables: medical reviewers' public profiles, and the
synonyms site search uses."""

from urllib.parse import urlencode

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from exosite.editorial.models import Reviewer, UploadedImage
from exosite.models import SearchSynonym


@admin.register(Reviewer)
class ReviewerAdmin(admin.ModelAdmin):
    """A reviewer's profile is what readers see beside every page they signed off; their
    account (in the Medical reviewers group) is what lets them sign off."""

    list_display = ["name", "credentials", "role", "user", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "credentials", "registered_with"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "credentials", "role", "is_active"]}),
        ("What readers can check", {"fields": ["registered_with", "conflicts_of_interest"]}),
        ("About them", {"fields": ["biography"]}),
        ("Their account", {"fields": ["user"]}),
    ]


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    list_display = ("typed", "means", "try_it", "updated_at")
    search_fields = ("typed", "means")
    ordering = ("typed",)
    fieldsets = [
        (
            None,
            {
                "fields": ("typed", "means"),
                "description": "When a reader searches for the first word, search also looks "
                "for the words in the second box, so their everyday word finds the page that "
                "uses the site's word (pregnancy → pregnant, downtime → aftercare). Results "
                "say which words were added.",
            },
        )
    ]

    @admin.display(description="Search")
    def try_it(self, synonym: SearchSynonym) -> str:
        return format_html(
            '<a href="{}?{}" target="_blank" rel="noopener">Try “{}”</a>',
            reverse("search"),
            urlencode({"q": synonym.typed}),
            synonym.typed,
        )


@admin.register(UploadedImage)
class UploadedImageAdmin(admin.ModelAdmin):
    """The image library: every image editors uploaded, with its alt text, which the
    editor's "Choose from the image library" panel inserts with the image."""

    list_display = ["preview", "alt_text", "size", "uploaded_by", "uploaded_at"]
    list_display_links = ["preview"]
    list_editable = ["alt_text"]
    search_fields = ["alt_text", "file"]
    fields = ["preview", "alt_text", "file", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = ["preview", "file", "size", "uploaded_by", "uploaded_at"]

    def has_add_permission(self, request) -> bool:
        return False  # images come in through the editor's upload, which checks them

    @admin.display(description="Image")
    def preview(self, image: UploadedImage) -> str:
        return format_html(
            '<img src="{}" alt="{}" class="image-library__thumbnail" width="120" loading="lazy">',
            image.url,
            image.alt_text,
        )

    @admin.display(description="Size in pixels")
    def size(self, image: UploadedImage) -> str:
        return f"{image.width} by {image.height}"
