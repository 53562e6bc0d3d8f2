"""The admin every kind of page shares: revision history, no lost updates, review.

``ContentAdmin`` is the base of the section, question and glossary-term admins. It adds,
for each page:

* ``history/``: its revisions (who, when, what changed), each viewable, any two
  comparable (``history/compare/?older=…&newer=…``), any one restorable after a
  confirmation page (``history/<id>/restore/``, a POST with CSRF);
* a hidden version in the change form, so a save over a colleague's newer save is refused
  with what they changed, keeping the editor's text (see ``exosite.editorial.concurrency``);
* "Mark as reviewed", as a list action and a button on the change form.

Every one of these changes is also written to the admin's log (``LogEntry``).

``MarkdownPageAdmin`` adds what the admin of every Markdown page (guide sections, FAQ
answers) shares: the "Check links" action, a warning on save when the text has a broken
link, and the reading grade, shown in the list and filterable (the work is done by
``exosite/linkcheck.py`` and ``exosite/readability.py``).
"""

from __future__ import annotations

import datetime

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget

from exosite.editorial.concurrency import StaleEdit, VersionedAdminForm
from exosite.editorial.linkcheck import check_links
from exosite.editorial.page_urls import admin_url
from exosite.editorial.publishing import FixedSlugAdminMixin
from exosite.editorial.review import DUE_SOON_DAYS, review_schedule
from exosite.editorial.revisions import (
    author_of,
    compared_fields,
    field_changes,
    keeps_links,
    record_linked,
    restore,
)
from exosite.markdown.readability import TARGET_GRADE, reading_grade
from exosite.markdown.slug_links import HELP_TEXT as SLUG_LINK_HELP


class ReviewStateFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Review overdue"),
            ("soon", f"Due within {DUE_SOON_DAYS} days"),
            ("never", "Not reviewed yet"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.filter(next_review_due__lt=today)
        if self.value() == "soon":
            soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
            return queryset.filter(next_review_due__gte=today, next_review_due__lte=soon)
        if self.value() == "never":
            return queryset.filter(next_review_due__isnull=True)
        return queryset


@admin.action(description="Mark as reviewed today (next review in six months)")
def mark_reviewed(modeladmin, request: HttpRequest, queryset) -> None:
    pages = list(queryset)
    for page in pages:
        page.mark_reviewed(request.user)
        modeladmin.log_change(request, page, "Marked as reviewed.")
    modeladmin.message_user(
        request,
        f"Marked {len(pages)} as reviewed today; each is due again in six months.",
        messages.SUCCESS,
    )


class StaleSavesRefused:
    """List editing (order, status) and the category's question-order inline save pages
    loaded a moment earlier, without the change form's version field. If a colleague's
    save lands in that moment, the whole save is rolled back and the editor is told so,
    rather than shown an error page."""

    def refuse_stale_save(self, request: HttpRequest, stale: StaleEdit) -> HttpResponse:
        self.message_user(
            request,
            f"Nothing was saved: \u201c{stale.page}\u201d was changed by someone else at the "
            "same moment. The page below shows the latest version; please make your change "
            "again.",
            messages.ERROR,
        )
        return HttpResponseRedirect(request.get_full_path())

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, extra_context)
        except StaleEdit as stale:
            return self.refuse_stale_save(request, stale)


class ContentAdmin(StaleSavesRefused, FixedSlugAdminMixin, admin.ModelAdmin):
    form = VersionedAdminForm
    change_form_template = "admin/content_change_form.html"
    actions = [mark_reviewed]

    @admin.display(description="Review")
    def review_state(self, page) -> str:
        return page.review_state

    # --- Saving: who saved, and no save over a newer version -----------------------

    def save_model(self, request, obj, form, change) -> None:
        obj._history_user = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        if keeps_links(form.instance):
            # Inlines and many-to-many fields are saved after the page's revision.
            record_linked(form.instance)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleEdit:
            # A colleague's save landed between this form's check and its save (the
            # transaction was rolled back). Checking the form again now shows the editor
            # what they changed, with everything the editor typed still in the form.
            return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context.get("adminform").form if context.get("adminform") else None
        context["conflict"] = getattr(form, "conflict", None)
        if obj is not None:
            context["mark_reviewed_url"] = admin_url(obj, "mark_reviewed")
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- URLs ---------------------------------------------------------------------------

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/history/compare/",
                wrap(self.compare_view),
                name=f"{name}_compare",
            ),
            path(
                "<path:object_id>/history/<int:history_id>/restore/",
                wrap(self.restore_view),
                name=f"{name}_restore",
            ),
            path(
                "<path:object_id>/history/<int:history_id>/",
                wrap(self.revision_view),
                name=f"{name}_revision",
            ),
            path(
                "<path:object_id>/mark-reviewed/",
                wrap(require_POST(self.mark_reviewed_view)),
                name=f"{name}_mark_reviewed",
            ),
            *super().get_urls(),
        ]

    # --- Views ----------------------------------------------------------------------------

    def _page(self, request, object_id, *, change: bool = False):
        page = self.get_object(request, object_id)
        if page is None:
            raise Http404("No such page.")
        allowed = (
            self.has_change_permission(request, page)
            if change
            else self.has_view_or_change_permission(request, page)
        )
        if not allowed:
            raise PermissionDenied
        return page

    def _revision(self, page, history_id: int | str):
        try:
            return page.history.select_related("history_user").get(history_id=history_id)
        except (page.history.model.DoesNotExist, ValueError):
            raise Http404("No such revision of this page.") from None

    def _context(self, request, page, title: str, **extra) -> dict:
        opts = self.model._meta
        return {
            **self.admin_site.each_context(request),
            "opts": opts,
            "page": page,
            "title": title,
            "subtitle": str(page),
            "history_url": admin_url(page, "history"),
            "change_url": admin_url(page),
            "has_change_permission": self.has_change_permission(request, page),
            **extra,
        }

    def history_view(self, request, object_id, extra_context=None):
        """Every revision of the page, newest first, with who, when and what changed."""
        page = self._page(request, object_id)
        revisions = list(
            page.history.select_related("history_user").order_by("-history_date", "-history_id")
        )
        rows = []
        for index, revision in enumerate(revisions):
            previous = revisions[index + 1] if index + 1 < len(revisions) else None
            rows.append(
                {
                    "revision": revision,
                    "author": author_of(revision),
                    "previous": previous,
                    "is_current": index == 0,
                }
            )
        context = self._context(
            request,
            page,
            f"Revision history: {page}",
            rows=rows,
            subtitle=None,
            **(extra_context or {}),
        )
        return TemplateResponse(request, "admin/revisions/history.html", context)

    def revision_view(self, request, object_id, history_id):
        page = self._page(request, object_id)
        revision = self._revision(page, history_id)
        fields = [
            {"label": change.label, "value": change.new, "multiline": change.multiline}
            for change in field_changes(_Blank(), revision)
        ]
        latest = page.history.order_by("-history_date", "-history_id").first()
        context = self._context(
            request,
            page,
            f"Revision of {_when(revision.history_date)}",
            revision=revision,
            author=author_of(revision),
            fields=fields,
            is_current=latest is not None and latest.pk == revision.pk,
            latest=latest,
        )
        return TemplateResponse(request, "admin/revisions/revision.html", context)

    def compare_view(self, request, object_id):
        """What changed between two revisions (default: the latest and the one before)."""
        page = self._page(request, object_id)
        history = page.history.order_by("-history_date", "-history_id")
        newer_id, older_id = request.GET.get("newer"), request.GET.get("older")
        newer = self._revision(page, newer_id) if newer_id else history.first()
        if newer is None:
            raise Http404("This page has no revisions yet.")
        if older_id:
            older = self._revision(page, older_id)
        else:
            older = (
                history.filter(history_date__lte=newer.history_date)
                .exclude(history_id=newer.history_id)
                .first()
            )
            if older is None:
                raise Http404("This is the page's first revision: there is nothing before it.")
        if (older.history_date, older.history_id) > (newer.history_date, newer.history_id):
            older, newer = newer, older
        context = self._context(
            request,
            page,
            f"Changes from {_when(older.history_date)} to {_when(newer.history_date)}",
            older=older,
            newer=newer,
            older_author=author_of(older),
            newer_author=author_of(newer),
            changes=field_changes(older, newer),
        )
        return TemplateResponse(request, "admin/revisions/compare.html", context)

    def restore_view(self, request, object_id, history_id):
        """GET: what restoring would change, and a button. POST: restore, as a new revision."""
        page = self._page(request, object_id, change=True)
        revision = self._revision(page, history_id)
        if request.method == "POST":
            try:
                restore(page, revision, request.user)
            except StaleEdit:
                self.message_user(
                    request,
                    "Not restored: someone saved the page at the same moment. Check its "
                    "latest revision, then restore again if you still want to.",
                    messages.ERROR,
                )
                return HttpResponseRedirect(admin_url(page, "history"))
            message = f"Restored the revision of {_when(revision.history_date)}."
            self.log_change(request, page, message)
            self.message_user(
                request, f"{message} The old text is now the current one.", messages.SUCCESS
            )
            return HttpResponseRedirect(admin_url(page))
        latest = page.history.order_by("-history_date", "-history_id").first()
        restorable = {
            str(page._meta.get_field(name).verbose_name) for name in page.restorable_fields
        }
        if keeps_links(page) and revision.linked is not None:
            restorable.add(page.linked_label)
        changes = [
            change for change in field_changes(latest, revision) if change.label in restorable
        ]
        kept = [
            str(field.verbose_name)
            for field in compared_fields(page.history.model)
            if field.name not in page.restorable_fields and not field.primary_key
        ]
        if keeps_links(page) and revision.linked is None:
            kept.append(page.linked_label)  # a revision from before links were kept
        context = self._context(
            request,
            page,
            f"Restore the revision of {_when(revision.history_date)}?",
            revision=revision,
            author=author_of(revision),
            changes=changes,
            kept=kept,
        )
        return TemplateResponse(request, "admin/revisions/restore.html", context)

    def mark_reviewed_view(self, request, object_id):
        page = self._page(request, object_id, change=True)
        try:
            page.mark_reviewed(request.user)
        except StaleEdit:
            self.message_user(
                request,
                "Not marked: the page was saved at the same moment. Try again.",
                messages.ERROR,
            )
        else:
            self.log_change(request, page, "Marked as reviewed.")
            self.message_user(
                request,
                f"Marked as reviewed today; next review due {page.next_review_due:%d %B %Y}.",
                messages.SUCCESS,
            )
        return HttpResponseRedirect(admin_url(page))


class _Blank:
    """Stands in for "nothing" so that ``field_changes`` lists every field of a revision."""

    linked = []  # and every link

    def __getattr__(self, name):
        return None


def _when(moment: datetime.datetime) -> str:
    moment = timezone.localtime(moment)
    return f"{moment.day} {moment:%B %Y, %H:%M}"


def review_dashboard(request: HttpRequest) -> HttpResponse:
    """Pages overdue for review, due within 30 days, and not reviewed yet, with links."""
    context = {
        **admin.site.each_context(request),
        "title": "Review schedule",
        "schedule": review_schedule(request.user),
        "due_soon_days": DUE_SOON_DAYS,
        "today": timezone.localdate(),
    }
    return render(request, "admin/review_schedule.html", context)


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
        self.html_field = model.html_field
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


class EditorMedia:
    """The site's own content styles, so the live preview looks like the published page."""

    css = {"all": ["css/content.css", "css/admin-editor.css"]}
    js = ["js/editor-reading-level.js"]


class MarkdownPageAdmin(ContentAdmin):
    """The admin of a Markdown page (``exosite.markdown.pages.MarkdownPage``): the live
    preview editor, link checks, and the reading grade."""

    actions = [*ContentAdmin.actions, "check_links"]
    formfield_overrides = {MarkdownxField: {"widget": AdminMarkdownxWidget}}
    Media = EditorMedia

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """The Markdown field's help says how to link by slug (kept here, not in the model,
        so that changing the wording needs no migration)."""
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and db_field.name == self.model.markdown_field:
            formfield.help_text = f"{formfield.help_text} {SLUG_LINK_HELP}".strip()
        return formfield

    @admin.display(description="Reading grade")
    def reading_level(self, page) -> str:
        return grade_label(reading_grade(page.rendered_html))

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
