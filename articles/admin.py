from django.contrib import admin
from django.utils.html import format_html

from articles.models import ContentBlock, GlossaryTerm, Page, Section
from exosite.editorial.admin import (
    ContentAdmin,
    MarkdownPageAdmin,
    ReadingGradeFilter,
    ReviewStateFilter,
    grade_label,
)

MEDICAL_REVIEW = (
    "Medical review",
    {
        "fields": ["medical_review", "review_note"],
        "description": "Only a medical reviewer can sign a page off, with the button at the "
        "foot of this form. The note is for them, not for readers.",
    },
)


@admin.register(Section)
class SectionAdmin(MarkdownPageAdmin):
    list_display = ["title", "order", "publication", "updated", "review_state", "reading_level"]
    list_display_links = ["title"]
    list_filter = ["status", ReviewStateFilter, ReadingGradeFilter]
    search_fields = ["title", "summary", "body"]
    ordering = ["order", "title"]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "order", "summary", "key_takeaway"]}),
        ("Publishing", {"fields": ["status", "publish_at"]}),
        ("Body", {"fields": ["body"]}),
        ("Authorship", {"fields": ["author", "updated", "updated_at"]}),
        MEDICAL_REVIEW,
    ]

    @admin.display(description="Status", ordering="status")
    def publication(self, section: Section) -> str:
        return section.publication_state


@admin.register(Page)
class PageAdmin(MarkdownPageAdmin):
    """The site's standing pages: about us, editorial policy, privacy, Before you book."""

    list_display = ["title", "slug", "status", "updated", "review_state", "reading_level"]
    list_filter = ["status", ReviewStateFilter, ReadingGradeFilter]
    search_fields = ["title", "summary", "body"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary"]}),
        ("Publishing", {"fields": ["status", "publish_at", "updated"]}),
        ("Body", {"fields": ["body"]}),
        MEDICAL_REVIEW,
    ]


@admin.register(ContentBlock)
class ContentBlockAdmin(MarkdownPageAdmin):
    """Text written once and included in pages with a line {{ slug }}: saving a block
    renders every page that includes it again."""

    list_display = ["title", "slug", "updated", "review_state", "reading_level"]
    list_filter = [ReviewStateFilter, ReadingGradeFilter]
    search_fields = ["title", "slug", "body"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "updated"]}),
        ("Body", {"fields": ["body"]}),
        MEDICAL_REVIEW,
    ]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(ContentAdmin):
    """Saving or deleting a term re-renders every Markdown page, so the first use of the
    term on each page links to it."""

    slug_source = "term"
    list_display = ["term", "definition", "aliases", "reading_level", "review_state"]
    list_filter = [ReviewStateFilter]
    search_fields = ["term", "definition", "aliases"]
    fieldsets = [
        (None, {"fields": ["term", "slug", "definition", "aliases", "updated"]}),
        MEDICAL_REVIEW,
    ]

    @admin.display(description="Reading grade")
    def reading_level(self, term: GlossaryTerm) -> str:
        """Definitions are tooltips for readers who met a hard word: they must be plain."""
        return grade_label(format_html("<p>{}</p>", term.definition))
