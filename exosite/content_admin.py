"""What the admin of every Markdown page (guide sections, FAQ answers) shares: the
"Check links" action and the reading grade, shown in the list and filterable.

The apps' ``admin.py`` files mix these in and name the fields they read; the work is
done by ``exosite/linkcheck.py`` and ``exosite/readability.py``.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.html import format_html

from exosite.linkcheck import check_links
from exosite.readability import TARGET_GRADE, reading_grade
from exosite.slug_links import HELP_TEXT as SLUG_LINK_HELP


def grade_label(grade: float) -> str:
    """A change list's grade: one above the site's target says so in words, not colour."""
    if grade <= TARGET_GRADE:
        return f"{grade:g}"
    return format_html(
        '<span class="reading-grade reading-grade--above">{} '
        '<span class="reading-grade__note">(above {})</span></span>',
        f"{grade:g}",
        TARGET_GRADE,
    )


class ReadingGradeFilter(admin.SimpleListFilter):
    """Pages above the site's reading-level target, for an editor to simplify first."""

    title = "reading grade"
    parameter_name = "reading_grade"

    def __init__(self, request, params, model, model_admin):
        self.html_field = model_admin.reading_html_field
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        return [
            ("above", f"Above grade {TARGET_GRADE}"),
            ("within", f"Grade {TARGET_GRADE} or lower"),
        ]

    def queryset(self, request, queryset):
        if self.value() not in {"above", "within"}:
            return queryset
        # The grade is worked out from the stored HTML, one query for the whole list.
        above = [
            pk
            for pk, fragment in queryset.values_list("pk", self.html_field)
            if reading_grade(fragment) > TARGET_GRADE
        ]
        if self.value() == "above":
            return queryset.filter(pk__in=above)
        return queryset.exclude(pk__in=above)


class ContentAdminMixin:
    """For a ModelAdmin of a Markdown page; set the fields this reads."""

    markdown_field = "body"
    reading_html_field = "body_html"
    actions = ["check_links"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """The Markdown field's help says how to link by slug (kept here, not in the model,
        so that changing the wording needs no migration)."""
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and db_field.name == self.markdown_field:
            formfield.help_text = f"{formfield.help_text} {SLUG_LINK_HELP}".strip()
        return formfield

    @admin.display(description="Reading grade")
    def reading_level(self, obj) -> str:
        return grade_label(reading_grade(getattr(obj, self.reading_html_field)))

    @admin.action(
        description="Check links in the selected %(verbose_name_plural)s", permissions=["view"]
    )
    def check_links(self, request, queryset):
        if isinstance(self.list_select_related, list | tuple):
            queryset = queryset.select_related(*self.list_select_related)
        report = check_links(queryset)
        if report.ok:
            self.message_user(request, report.summary(), messages.SUCCESS)
            return None
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": "Broken links",
            "opts": opts,
            "report": report,
            "media": self.media,
        }
        return TemplateResponse(request, "admin/linkcheck_results.html", context)

    def save_model(self, request, obj, form, change) -> None:
        """After a save, say at once if the text has a broken link, while it is fresh."""
        super().save_model(request, obj, form, change)
        for broken in check_links([obj]).broken:
            self.message_user(
                request,
                f"Broken link on line {broken.line}: [{broken.text}]({broken.target}). "
                f"{broken.problem}",
                messages.WARNING,
            )
