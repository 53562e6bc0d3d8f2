"""The admin every kind of page shares: revision history, no lost updates, review.

``ContentAdmin`` is the base of the admin of every kind of page. It adds, for each page:

* ``history/``: its revisions (who, when, what changed), each viewable, any two
  comparable (``history/compare/?older=…&newer=…``), any one restorable after a
  confirmation page (``history/<id>/restore/``, a POST with CSRF);
* a hidden version in the change form, so a save over a colleague's newer save is refused
  with what they changed, keeping the editor's text (see ``exosite.editorial.concurrency``);
* "Save and sign off as medically reviewed", for medical reviewers only: a button of the
  change form (so it saves what was typed first) and a list action.

Every one of these changes is also written to the admin's log (``LogEntry``).

``MarkdownPageAdmin`` adds what the admin of every Markdown page shares: the live-preview
editor, the "Check links" action, a warning on save when the text has a broken link, the
reading grades (Flesch-Kincaid and SMOG), shown in the list and filterable, and the page's
sources (``SourceInline``), whose keys every citation in the text must name.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.contrib.contenttypes.admin import BaseGenericInlineFormSet, GenericTabularInline
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget

from exosite.editorial.concurrency import StaleEdit, VersionedAdminForm
from exosite.editorial.guards import PublishingGuards
from exosite.editorial.linkcheck import check_links
from exosite.editorial.models import Cited, Source
from exosite.editorial.page_urls import admin_url
from exosite.editorial.publishing import FixedSlugAdminMixin
from exosite.editorial.review import DUE_SOON_DAYS, ReviewState, can_sign_off, review_schedule
from exosite.editorial.revisions import (
    author_of,
    compared_fields,
    field_changes,
    keeps_links,
    record_linked,
    revision_fields,
)
from exosite.editorial.wording import date_label, moment_label
from exosite.editorial.workflow_admin import PendingSourcesFormSet, WorkflowAdminMixin
from exosite.markdown.citations import cited_keys, included_slugs
from exosite.markdown.pages import content_blocks
from exosite.markdown.readability import (
    TARGET_GRADE,
    TARGET_SMOG,
    is_too_hard,
    reading_grade,
    smog_grade,
)
from exosite.markdown.slug_links import HELP_TEXT as SLUG_LINK_HELP

# The change form's button that saves what was typed, then signs the page off.
SIGN_OFF_BUTTON = "_sign_off"


class ReviewStateFilter(admin.SimpleListFilter):
    """Pages by medical review: not reviewed, changed since review, overdue, due soon."""

    title = "medical review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [(state.value, state.label) for state in ReviewState]

    def queryset(self, request, queryset):
        if self.value() not in ReviewState.values:
            return queryset
        chosen = [page.pk for page in queryset if page.review_state == self.value()]
        return queryset.filter(pk__in=chosen)


@admin.action(description="Sign off the selected pages as medically reviewed today")
def sign_off(modeladmin, request: HttpRequest, queryset) -> None:
    pages = list(queryset)
    for page in pages:
        page.sign_off(request.user)
        modeladmin.log_change(request, page, "Signed off as medically reviewed.")
    modeladmin.message_user(
        request,
        f"Signed off {len(pages)} as medically reviewed today; each is due again in six months.",
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


class ContentAdmin(
    PublishingGuards, WorkflowAdminMixin, StaleSavesRefused, FixedSlugAdminMixin, admin.ModelAdmin
):
    form = VersionedAdminForm
    change_form_template = "admin/content_change_form.html"
    actions = [sign_off]

    @admin.display(description="Medical review")
    def review_state(self, page) -> str:
        return page.review_state.label

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        if not can_sign_off(request.user):
            actions.pop("sign_off", None)
        return actions

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "medical_review"]

    @admin.display(description="Medical review")
    def medical_review(self, page) -> str:
        """Who signed the page off and when, or that nobody has, in words."""
        if not page.is_medically_reviewed:
            return "Not yet medically reviewed."
        text = (
            f"Signed off by {page.medical_reviewer} on {date_label(page.last_reviewed)}; next "
            f"review due {date_label(page.next_review_due)}."
        )
        if page.changed_since_review:
            text += " The text has changed since: it needs signing off again."
        return text

    # --- Saving: who saved, and no save over a newer version -----------------------

    def save_model(self, request, obj, form, change) -> None:
        obj._history_user = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        page = form.instance
        if hasattr(page, "after_sources_changed"):
            page.after_sources_changed()
        if keeps_links(page):
            # Inlines and many-to-many fields are saved after the page's revision.
            record_linked(page)
        if self.workflow_after_save(request, page):
            return
        if SIGN_OFF_BUTTON in request.POST:
            # Everything typed is saved first; then the reviewer's sign-off of that text.
            page.refresh_from_db()
            page.sign_off(request.user)
            self.log_change(request, page, "Signed off as medically reviewed.")
            self.message_user(
                request,
                f"Signed off as medically reviewed today; next review due "
                f"{date_label(page.next_review_due)}.",
                messages.SUCCESS,
            )

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
        context["can_sign_off"] = obj is not None and can_sign_off(request.user)
        context["sign_off_button"] = SIGN_OFF_BUTTON
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
        revisions = list(page.history.select_related("history_user"))
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
        fields = revision_fields(revision)
        latest = page.history.first()
        context = self._context(
            request,
            page,
            f"Revision of {moment_label(revision.history_date)}",
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
        history = page.history.all()
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
            f"Changes from {moment_label(older.history_date)} to "
            f"{moment_label(newer.history_date)}",
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
                staged = self.restore_as_pending_change(page, revision, request.user)
            except StaleEdit:
                self.message_user(
                    request,
                    "Not restored: someone saved the page at the same moment. Check its "
                    "latest revision, then restore again if you still want to.",
                    messages.ERROR,
                )
                return HttpResponseRedirect(admin_url(page, "history"))
            message = f"Restored the revision of {moment_label(revision.history_date)}."
            self.log_change(request, page, message)
            if staged:
                outcome = "It is the page's pending change: readers see it once it is published."
            else:
                outcome = "The old text is now the current one."
            self.message_user(request, f"{message} {outcome}", messages.SUCCESS)
            return HttpResponseRedirect(admin_url(page))
        latest = page.history.first()
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
            f"Restore the revision of {moment_label(revision.history_date)}?",
            revision=revision,
            author=author_of(revision),
            changes=changes,
            kept=kept,
        )
        return TemplateResponse(request, "admin/revisions/restore.html", context)


def review_dashboard(request: HttpRequest) -> HttpResponse:
    """Pages overdue for review, changed since review, due within 30 days, and not reviewed
    yet, with links."""
    context = {
        **admin.site.each_context(request),
        "title": "Review schedule",
        "schedule": review_schedule(request.user),
        "due_soon_days": DUE_SOON_DAYS,
        "today": timezone.localdate(),
    }
    return render(request, "admin/review_schedule.html", context)


def grade_label(fragment: str) -> str:
    """A change list's grades (Flesch-Kincaid, then SMOG): one above the site's target says
    so in words, not colour."""
    grade, smog = reading_grade(fragment), smog_grade(fragment)
    if not is_too_hard(grade, smog):
        return f"{grade:g} · SMOG {smog:g}"
    return format_html(
        '<span class="reading-grade reading-grade--above">{} · SMOG {} '
        '<span class="reading-grade__note">(above {} or SMOG {})</span></span>',
        f"{grade:g}",
        f"{smog:g}",
        TARGET_GRADE,
        TARGET_SMOG,
    )


class ReadingGradeFilter(admin.SimpleListFilter):
    """Pages above the site's reading-level targets, for an editor to simplify first."""

    title = "reading grade"
    parameter_name = "reading_grade"

    def __init__(self, request, params, model, model_admin):
        self.html_field = model.html_field
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        return [
            ("above", f"Above grade {TARGET_GRADE} or SMOG {TARGET_SMOG}"),
            ("within", f"Grade {TARGET_GRADE} and SMOG {TARGET_SMOG} or lower"),
        ]

    def queryset(self, request, queryset):
        if self.value() not in {"above", "within"}:
            return queryset
        # The grades are worked out from the stored HTML, one query for the whole list.
        above = [
            pk
            for pk, fragment in queryset.values_list("pk", self.html_field)
            if is_too_hard(reading_grade(fragment), smog_grade(fragment))
        ]
        if self.value() == "above":
            return queryset.filter(pk__in=above)
        return queryset.exclude(pk__in=above)


class SourceFormSet(PendingSourcesFormSet, BaseGenericInlineFormSet):
    """The page's sources, checked against its text: every [^key] the text cites must be
    one of them, and every {{ block }} it includes must exist."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        keys = [
            form.cleaned_data["key"]
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        duplicates = sorted({key for key in keys if keys.count(key) > 1})
        if duplicates:
            raise forms.ValidationError(
                f"Each source needs its own key; used twice: {', '.join(duplicates)}."
            )
        text = self.instance.markdown_text or ""
        problems = [
            f"The text cites [^{key}], which is not one of the sources below."
            for key in sorted(set(cited_keys(text)) - set(keys))
        ]
        found = content_blocks(included_slugs(text))
        problems += [
            f"The text includes {{{{ {slug} }}}}, but no content block has that slug."
            for slug in included_slugs(text)
            if slug not in found
        ]
        if problems:
            raise forms.ValidationError(problems)


class SourceInline(GenericTabularInline):
    model = Source
    formset = SourceFormSet
    extra = 0
    fields = ["order", "key", "title", "publisher", "date", "url", "doi", "checked", "background"]
    verbose_name = "source"
    verbose_name_plural = "Sources (cite them in the text as [^key]; listed under the page)"


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
        return grade_label(page.rendered_html)

    def get_inlines(self, request, obj):
        """Pages with sources list them under the text."""
        inlines = list(super().get_inlines(request, obj))
        return [*inlines, SourceInline] if issubclass(self.model, Cited) else inlines

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
