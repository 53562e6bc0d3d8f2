"""The admin of the site's own tables: medical reviewers' public profiles, and the
synonyms site search uses."""

from urllib.parse import urlencode

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from exosite.editorial.models import Reviewer
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
