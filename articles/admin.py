from django.contrib import admin
from django.utils.html import format_html

from articles.models import GlossaryTerm, Section, Source
from exosite.editorial.admin import (
    ContentAdmin,
    MarkdownPageAdmin,
    ReadingGradeFilter,
    ReviewStateFilter,
    grade_label,
)
from exosite.markdown.readability import reading_grade


class SourceInline(admin.TabularInline):
    model = Source
    extra = 0
    fields = ["order", "title", "publisher", "url", "date"]
    verbose_name = "source"
    verbose_name_plural = "Sources (listed in the page's trust block)"


@admin.register(Section)
class SectionAdmin(MarkdownPageAdmin):
    list_display = [
        "title",
        "order",
        "publication",
        "last_reviewed",
        "next_review_due",
        "review_state",
        "reading_level",
    ]
    list_display_links = ["title"]
    list_filter = ["status", ReviewStateFilter, ReadingGradeFilter]
    search_fields = ["title", "summary", "body"]
    ordering = ["order", "title"]
    inlines = [SourceInline]
    readonly_fields = ["updated_at", "reviewed_by"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "order", "summary", "key_takeaway"]}),
        ("Publishing", {"fields": ["status", "publish_at"]}),
        ("Body", {"fields": ["body"]}),
        (
            "Review and authorship",
            {
                "fields": [
                    "last_reviewed",
                    "next_review_due",
                    "author",
                    "reviewer",
                    "reviewed_by",
                    "updated_at",
                ]
            },
        ),
    ]

    @admin.display(description="Status", ordering="status")
    def publication(self, section: Section) -> str:
        return section.publication_state


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(ContentAdmin):
    """Saving or deleting a term re-renders every guide section and FAQ answer, so the
    first use of the term on each page links to it."""

    slug_source = "term"
    list_display = [
        "term",
        "definition",
        "aliases",
        "reading_level",
        "next_review_due",
        "review_state",
    ]
    list_filter = [ReviewStateFilter]
    search_fields = ["term", "definition", "aliases"]
    readonly_fields = ["reviewed_by"]
    fields = [
        "term",
        "slug",
        "definition",
        "aliases",
        "last_reviewed",
        "next_review_due",
        "reviewed_by",
    ]

    @admin.display(description="Reading grade")
    def reading_level(self, term: GlossaryTerm) -> str:
        """Definitions are tooltips for readers who met a hard word: they must be plain."""
        return grade_label(reading_grade(format_html("<p>{}</p>", term.definition)))
