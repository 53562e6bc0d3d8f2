from django.contrib import admin
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget

from articles.admin import EditorMedia
from exosite.content_admin import ContentAdminMixin, ReadingGradeFilter
from exosite.publishing import FixedSlugAdminMixin
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
class CategoryAdmin(FixedSlugAdminMixin, admin.ModelAdmin):
    list_display = ["title", "order", "question_count"]
    list_editable = ["order"]
    inlines = [QuestionOrderInline]

    @admin.display(description="Questions")
    def question_count(self, category: Category) -> int:
        return category.questions.count()


@admin.register(Question)
class QuestionAdmin(ContentAdminMixin, FixedSlugAdminMixin, admin.ModelAdmin):
    slug_source = "question"
    markdown_field = "answer"
    reading_html_field = "answer_html"
    list_display = ["question", "category", "order", "status", "last_reviewed", "reading_level"]
    list_display_links = ["question"]
    # Reorder within a category from the list: filter by category, edit the numbers, save.
    list_editable = ["order", "status"]
    list_filter = ["category", "status", ReadingGradeFilter]
    search_fields = ["question", "answer"]
    ordering = ["category__order", "order"]
    list_select_related = ["category"]
    filter_horizontal = ["sections"]
    formfield_overrides = {MarkdownxField: {"widget": AdminMarkdownxWidget}}
    fields = [
        "question",
        "slug",
        "category",
        "order",
        "status",
        "answer",
        "sections",
        "last_reviewed",
    ]
    Media = EditorMedia
