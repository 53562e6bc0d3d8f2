from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget

from articles.models import GlossaryTerm, Section, Source
from exosite.content_admin import ContentAdminMixin, ReadingGradeFilter, grade_label
from exosite.publishing import FixedSlugAdminMixin
from exosite.readability import reading_grade


class ReviewStateFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("overdue", "Review overdue"), ("soon", "Due within 30 days")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.filter(next_review_due__lt=today)
        if self.value() == "soon":
            soon = today + timezone.timedelta(days=30)
            return queryset.filter(Q(next_review_due__gte=today) & Q(next_review_due__lte=soon))
        return queryset


class SourceInline(admin.TabularInline):
    model = Source
    extra = 0
    fields = ["order", "title", "publisher", "url", "date"]
    verbose_name = "source"
    verbose_name_plural = "Sources (listed in the page's trust block)"


class EditorMedia:
    """The site's own content styles, so the live preview looks like the published page."""

    css = {"all": ["css/content.css", "css/admin-editor.css"]}
    js = ["js/editor-reading-level.js"]


@admin.register(Section)
class SectionAdmin(ContentAdminMixin, FixedSlugAdminMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "order",
        "status",
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
    formfield_overrides = {MarkdownxField: {"widget": AdminMarkdownxWidget}}
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "order", "status", "summary", "key_takeaway"]}),
        ("Body", {"fields": ["body"]}),
        (
            "Review and authorship",
            {"fields": ["last_reviewed", "next_review_due", "author", "reviewer", "updated_at"]},
        ),
    ]
    Media = EditorMedia

    @admin.display(description="Review")
    def review_state(self, section: Section) -> str:
        return "Overdue" if section.review_overdue else "Up to date"


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(FixedSlugAdminMixin, admin.ModelAdmin):
    """Saving or deleting a term re-renders every guide section and FAQ answer, so the
    first use of the term on each page links to it."""

    slug_source = "term"
    list_display = ["term", "definition", "aliases", "reading_level"]
    search_fields = ["term", "definition", "aliases"]
    fields = ["term", "slug", "definition", "aliases"]

    @admin.display(description="Reading grade")
    def reading_level(self, term: GlossaryTerm) -> str:
        """Definitions are tooltips for readers who met a hard word: they must be plain."""
        return grade_label(reading_grade(format_html("<p>{}</p>", term.definition)))
