"""The admin of the site's own tables: medical reviewers' public profiles."""

from django.contrib import admin

from exosite.editorial.models import Reviewer


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
