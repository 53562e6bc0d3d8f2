from django.contrib import admin
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget

from articles.models import GlossaryTerm, Section, Source
from exosite.content_admin import ContentAdmin, ReviewStateFilter
from exosite.readability import reading_grade


class SourceInline(admin.TabularInline):
    model = Source
    extra = 0
    fields = ["order", "title", "publisher", "url", "date"]
    verbose_name = "source"
    verbose_name_plural = "Sources (listed in the page's trust block)"


class EditorMedia:
    """The site's own content styles, so the live preview looks like the published page."""

    css = {"all": ["css/content.css", "css/admin-editor.css"]}


@admin.register(Section)
class SectionAdmin(ContentAdmin):
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
    list_filter = ["status", ReviewStateFilter]
    search_fields = ["title", "summary", "body"]
    ordering = ["order", "title"]
    inlines = [SourceInline]
    formfield_overrides = {MarkdownxField: {"widget": AdminMarkdownxWidget}}
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
    Media = EditorMedia

    @admin.display(description="Review")
    def review_state(self, section: Section) -> str:
        return section.review_state

    @admin.display(description="Status", ordering="status")
    def publication(self, section: Section) -> str:
        return section.publication_state

    @admin.display(description="Reading grade")
    def reading_level(self, section: Section) -> str:
        """The site aims at US grade 8 or lower; editors see when a page drifts above it."""
        grade = reading_grade(section.body_html)
        return f"{grade:g}" if grade <= 8 else f"{grade:g} (aim for 8 or lower)"


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(ContentAdmin):
    """Saving or deleting a term re-renders every guide section and FAQ answer, so the
    first use of the term on each page links to it."""

    slug_source = "term"
    list_display = ["term", "definition", "aliases", "next_review_due", "review_state"]
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

    @admin.display(description="Review")
    def review_state(self, term: GlossaryTerm) -> str:
        return term.review_state
