from django.contrib import admin
from django.db.models import Count

from articles.admin import MEDICAL_REVIEW
from exosite.editorial.admin import (
    MarkdownPageAdmin,
    ReadingGradeFilter,
    ReviewStateFilter,
    StaleSavesRefused,
)
from exosite.editorial.concurrency import StaleEdit
from exosite.editorial.publishing import FixedSlugAdminMixin
from faq.models import Category, Question


class QuestionOrderInline(admin.TabularInline):
    """Reorder a category's questions in one place: change the numbers and save once."""

    model = Question
    fields = ["order", "question", "status"]
    readonly_fields = ["question", "status"]
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["order", "question"]
    verbose_name_plural = "Questions (change the order numbers to reorder them)"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Category)
class CategoryAdmin(StaleSavesRefused, FixedSlugAdminMixin, admin.ModelAdmin):
    list_display = ["title", "order", "question_count"]
    list_editable = ["order"]
    inlines = [QuestionOrderInline]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleEdit as stale:
            return self.refuse_stale_save(request, stale)

    def get_queryset(self, request):
        # The list's counts come with the categories: one query, not one per row.
        return super().get_queryset(request).annotate(number_of_questions=Count("questions"))

    @admin.display(description="Questions", ordering="number_of_questions")
    def question_count(self, category: Category) -> int:
        return category.number_of_questions


@admin.register(Question)
class QuestionAdmin(MarkdownPageAdmin):
    slug_source = "question"
    list_display = [
        "question",
        "category",
        "order",
        "status",
        "updated",
        "review_state",
        "reading_level",
    ]
    list_display_links = ["question"]
    # Reorder within a category from the list: filter by category, edit the numbers, save.
    list_editable = ["order", "status"]
    list_filter = ["category", "status", ReviewStateFilter, ReadingGradeFilter]
    search_fields = ["question", "answer"]
    ordering = ["category__order", "order"]
    list_select_related = ["category"]
    filter_horizontal = ["sections"]
    fieldsets = [
        (None, {"fields": ["question", "slug", "category", "order"]}),
        ("Publishing", {"fields": ["status", "publish_at", "updated"]}),
        ("Answer", {"fields": ["answer", "sections"]}),
        MEDICAL_REVIEW,
    ]
