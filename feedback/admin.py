"""Reader feedback in the admin: every answer with its comment (editors mark a comment as
acted on), and "Feedback by page": each page's helpful rate, month by month, with the
comments still to act on. This is the site's measure of whether pages help."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import Resolver404, path, resolve, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator

from articles.models import Section
from faq.models import Question
from feedback.models import Feedback

MONTHS_SHOWN = 6


def page_titles(pages: list[str]) -> dict[str, str]:
    """Each page address with the title readers see there (the address itself where the
    page is no longer a guide section or an FAQ answer)."""
    slugs: dict[str, dict[str, str]] = {"articles:section": {}, "faq:question": {}}
    for page in pages:
        try:
            match = resolve(page)
        except Resolver404:
            continue
        if match.view_name in slugs:
            slugs[match.view_name][match.kwargs["slug"]] = page
    titles = {page: page for page in pages}
    for section in Section.objects.filter(slug__in=slugs["articles:section"]):
        titles[slugs["articles:section"][section.slug]] = section.title
    for question in Question.objects.filter(slug__in=slugs["faq:question"]):
        titles[slugs["faq:question"][question.slug]] = question.question
    return titles


def rate(helpful: int, answers: int) -> str:
    return f"{round(100 * helpful / answers)}%" if answers else "none"


class CommentFilter(admin.SimpleListFilter):
    title = "comment"
    parameter_name = "comment"

    def lookups(self, request, model_admin):
        return [
            ("to-act-on", "Not acted on yet"),
            ("any", "With a comment"),
            ("none", "No comment"),
        ]

    def queryset(self, request, queryset):
        with_comment = queryset.exclude(comment="")
        if self.value() == "to-act-on":
            return with_comment.filter(acted_on=False)
        if self.value() == "any":
            return with_comment
        if self.value() == "none":
            return queryset.filter(comment="")
        return queryset


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["received_on", "page_title", "answer", "comment_start", "acted_on"]
    list_display_links = ["received_on"]
    list_editable = ["acted_on"]
    list_filter = [CommentFilter, "helpful", "acted_on", "received_on"]
    search_fields = ["comment", "page", "editor_note"]
    date_hierarchy = "received_on"
    readonly_fields = ["page_link", "answer", "comment", "received_on"]
    fields = ["page_link", "answer", "comment", "received_on", "acted_on", "editor_note"]
    actions = ["mark_acted_on"]
    change_list_template = "admin/feedback/change_list.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # answers come from readers only

    def changelist_view(self, request, extra_context=None):
        pages = Feedback.objects.values_list("page", flat=True).distinct()
        self._titles = page_titles(list(pages))
        extra = {"by_page_url": reverse("admin:feedback_feedback_by_page")}
        return super().changelist_view(request, {**(extra_context or {}), **extra})

    @admin.display(description="Page", ordering="page")
    def page_title(self, feedback: Feedback) -> str:
        return getattr(self, "_titles", {}).get(feedback.page, feedback.page)

    @admin.display(description="Page")
    def page_link(self, feedback: Feedback) -> str:
        title = page_titles([feedback.page])[feedback.page]
        return format_html('<a href="{}">{}</a> ({})', feedback.page, title, feedback.page)

    @admin.display(description="Helpful?", ordering="helpful")
    def answer(self, feedback: Feedback) -> str:
        return "Yes" if feedback.helpful else "No"

    @admin.display(description="Comment")
    def comment_start(self, feedback: Feedback) -> str:
        return Truncator(feedback.comment).chars(120) or "(none)"

    @admin.action(description="Mark the selected comments as acted on")
    def mark_acted_on(self, request: HttpRequest, queryset) -> None:
        count = queryset.update(acted_on=True)
        self.message_user(request, f"Marked {count} as acted on.", messages.SUCCESS)

    def get_urls(self):
        by_page = path(
            "by-page/",
            self.admin_site.admin_view(self.by_page_view),
            name="feedback_feedback_by_page",
        )
        return [by_page, *super().get_urls()]

    def by_page_view(self, request: HttpRequest) -> HttpResponse:
        """Each page's helpful rate overall, in the last 30 days and month by month, with
        a link to its comments."""
        if not self.has_view_permission(request):
            return self.admin_site.login(request)
        today = timezone.localdate()
        back = datetime.timedelta(days=31 * (MONTHS_SHOWN - 1))
        first_month = (today.replace(day=1) - back).replace(day=1)
        months = []
        month = first_month
        while month <= today:
            months.append(month)
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        recent_since = today - datetime.timedelta(days=30)
        rows = list(Feedback.objects.by_page(recent_since))
        monthly: dict[tuple[str, datetime.date], dict] = {
            (row["page"], row["month"]): row
            for row in Feedback.objects.filter(received_on__gte=first_month)
            .annotate(month=TruncMonth("received_on"))
            .values("page", "month")
            .annotate(answers=Count("pk"), said_yes=Count("pk", filter=Q(helpful=True)))
        }
        titles = page_titles([row["page"] for row in rows])
        changelist = reverse("admin:feedback_feedback_changelist")
        pages = []
        for row in rows:
            by_month = []
            for month in months:
                counts = monthly.get((row["page"], month)) or {"answers": 0, "said_yes": 0}
                by_month.append({**counts, "rate": rate(counts["said_yes"], counts["answers"])})
            pages.append(
                {
                    **row,
                    "title": titles[row["page"]],
                    "rate": rate(row["said_yes"], row["answers"]),
                    "recent_rate": rate(row["recent_yes"], row["recent"]),
                    "by_month": by_month,
                    "comments_url": f"{changelist}?{urlencode({'page__exact': row['page']})}",
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "title": "Feedback by page",
            "opts": self.model._meta,
            "pages": pages,
            "months": months,
            "changelist_url": changelist,
        }
        return TemplateResponse(request, "admin/feedback/by_page.html", context)
