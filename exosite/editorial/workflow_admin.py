"""The editorial workflow in the admin of every page with a publishing status.

``WorkflowAdminMixin`` (a base of ``ContentAdmin``) makes a save of a live page a pending
change (``exosite.editorial.staging``), shows the pending change on the page's form (by
whom, since when, what it changes), and adds, per page:

* ``preview/``: the whole page as readers will see it, at phone or laptop width, never
  cached and never indexed;
* ``publish/``: what publishing changes, and the button (refused with the reason when the
  sign-off policy needs a reviewer's approval first);
* ``review/``: for medical reviewers, the text under review against the last signed-off
  text, the editor's note, and Approve or Send back with a comment;
* ``discard/``: throw the pending change away.

The form's own buttons ("Save and preview", "Save and submit for medical review", "Save
and publish…") save what was typed first, so nothing typed is lost.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import Resolver404, path, resolve, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.csp import CSP
from django.utils.html import escape

from exosite.editorial import staging
from exosite.editorial.dashboard import dashboard
from exosite.editorial.page_urls import admin_url
from exosite.editorial.publishing import Status
from exosite.editorial.review import can_sign_off
from exosite.editorial.revisions import Conflict, field_changes, restore
from exosite.editorial.wording import display_name, moment_label
from exosite.editorial.workflow import (
    PageWorkflow,
    ReviewRequest,
    approve,
    publish_refusal,
    review_line,
    send_back,
    sign_off_required,
    submit_for_review,
)

PREVIEW_BUTTON = "_preview"
SUBMIT_BUTTON = "_submit_review"
PUBLISH_BUTTON = "_publish"
SUBMISSION_NOTE = "workflow_note"
PREVIEW_WIDTHS = {"phone": 390, "laptop": 1280}


class PendingSourcesFormSet:
    """The sources inline of a page with a pending change shows the pending sources (as
    new rows: the live ones stay as they are until the change is published)."""

    def __init__(self, *args, instance=None, queryset=None, **kwargs):
        pending = getattr(instance, "pending_sources", None)
        self.pending_count = 0
        if pending is not None and queryset is not None:
            queryset = queryset.none()
            kwargs["initial"] = [
                {**record, "order": number} for number, record in enumerate(pending, start=1)
            ]
            self.extra = self.pending_count = len(pending)
        super().__init__(*args, instance=instance, queryset=queryset, **kwargs)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if i < self.pending_count:
            # A pending source is kept even if this save does not touch it.
            form.empty_permitted = False
            form.has_changed = lambda: True
        return form


class GoLiveCheckForm:
    """A page set to Published or Scheduled from a form (the page's, or a list's status
    column) that readers cannot see yet goes live only if the sign-off policy allows it."""

    def _post_clean(self):
        super()._post_clean()
        page = self.instance
        status = self.cleaned_data.get("status") if hasattr(self, "cleaned_data") else None
        if status not in {Status.PUBLISHED, Status.SCHEDULED} or "status" in self.errors:
            return
        if page.pk is not None and staging.is_live(page):
            return  # already live: a text change waits as a pending change
        workflow = PageWorkflow.of(page) if page.pk is not None else None
        refusal = publish_refusal(page, workflow)
        if refusal:
            self.add_error(
                "status",
                f"Not published: {refusal} Until then, keep it as a draft.",
            )


class PendingConflictForm(GoLiveCheckForm):
    """A save refused because a colleague saved first names them and shows their change
    even when their save was a pending change (which writes no revision)."""

    def clean(self):
        try:
            return super().clean()
        except ValidationError as refused:
            conflict = getattr(self, "conflict", None)
            workflow = PageWorkflow.of(self.instance) if conflict is not None else None
            if workflow is None or not workflow.has_pending:
                raise
            latest = self.instance.history.first()
            if latest is not None and latest.history_date > workflow.pending_saved_at:
                raise
            # Their text is the pending change: shown beside the editor's, as for a save.
            theirs = type(self.instance)._base_manager.get(pk=self.instance.pk)
            staging.show_pending(theirs, workflow)
            self.conflict = Conflict(
                display_name(workflow.pending_by) if workflow.pending_by else "someone else",
                workflow.pending_saved_at,
                staging.pending_changes(self.instance, workflow),
                version=conflict.version,
                sides=tuple(self._sides(theirs)),
            )
            raise ValidationError(self.conflict.message(), code="stale_edit") from refused


class WorkflowAdminMixin:
    """See the module's docstring. The page admin's ``save_related`` calls
    ``workflow_after_save`` once everything is saved."""

    # --- Lists: where each page stands -------------------------------------------------

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not staging.is_stageable(self.model):
            return queryset
        workflows = PageWorkflow.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model), object_id=OuterRef("pk")
        )
        return queryset.annotate(
            workflow_review=Subquery(workflows.values("review")[:1]),
            workflow_pending=Exists(workflows.filter(pending__isnull=False)),
        )

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        if staging.is_stageable(self.model):
            columns.append("workflow_state")
        return columns

    @admin.display(description="Workflow")
    def workflow_state(self, page) -> str:
        """A pending change and the review request, in words (blank: nothing waiting)."""
        words = []
        if getattr(page, "workflow_pending", False):
            words.append("Change waiting to be published")
        review = getattr(page, "workflow_review", None)
        if review:
            words.append(ReviewRequest(review).label)
        return "; ".join(words)

    # --- Editing the pending text -----------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if object_id is not None:
            request.editing_pending = True
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_object(self, request, object_id, from_field=None):
        page = super().get_object(request, object_id, from_field)
        if page is not None and getattr(request, "editing_pending", False):
            workflow = PageWorkflow.of(page) if staging.is_stageable(page) else None
            staging.show_pending(page, workflow)
            page.workflow = workflow
        return page

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if not staging.is_stageable(self.model):
            return form
        return type(form.__name__, (PendingConflictForm, form), {})

    def get_changelist_form(self, request, **kwargs):
        form = super().get_changelist_form(request, **kwargs)
        if not staging.is_stageable(self.model):
            return form
        return type(form.__name__, (GoLiveCheckForm, form), {})

    def save_model(self, request, obj, form, change) -> None:
        obj.staging_savepoint = staging.begin(obj) if change else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        page = form.instance
        if getattr(page, "pending_sources", None) is not None:
            # The form holds the pending sources as new rows: replace the live ones.
            page.set_sources([])
        super().save_related(request, form, formsets, change)

    def workflow_after_save(self, request, page) -> bool:
        """Keep a live page's save as its pending change; act on the workflow buttons.
        True when the sign-off button was dealt with here (a pending change)."""
        savepoint = getattr(page, "staging_savepoint", None)
        handled = False
        if savepoint is not None:
            workflow = staging.finish(page, savepoint, request.user)
            page.staged = workflow is not None
            if workflow is None:
                self.message_user(
                    request,
                    "Your edit leaves the text as it is live: nothing is waiting to be published.",
                    messages.INFO,
                )
            else:
                self.message_user(
                    request,
                    "Saved as a pending change. Readers still see the published version "
                    "until someone publishes this change.",
                    messages.WARNING,
                )
            if "_sign_off" in request.POST and workflow is not None:
                approve(page, request.user, "Signed off from the form.")
                self.log_change(request, page, "Signed off as medically reviewed.")
                self.message_user(
                    request, "You approved the pending change as medically reviewed.", "success"
                )
                handled = True
        elif getattr(page, "workflow", None) is not None and page.workflow.has_pending:
            # Saved for real (the page is not live any more): the pending text is in it.
            page.workflow.pending = None
            page.workflow.save()
        if SUBMIT_BUTTON in request.POST:
            submit_for_review(page, request.user, request.POST.get(SUBMISSION_NOTE, ""))
            self.message_user(
                request,
                "Submitted for medical review: it is now in the reviewers' queue.",
                messages.SUCCESS,
            )
        return handled

    def restore_as_pending_change(self, page, revision, user) -> bool:
        """Restore an old revision; on a live page, as its pending change (readers see it
        once it is published). True if it was kept as a pending change."""
        with transaction.atomic():
            savepoint = staging.begin(page)
            restore(page, revision, user)
            if savepoint is None:
                return False
            return staging.finish(page, savepoint, user) is not None

    def log_change(self, request, obj, message):
        if getattr(obj, "staged", False) and not isinstance(message, str):
            message = "Saved a pending change (not live until published)."
        return super().log_change(request, obj, message)

    def response_change(self, request, obj):
        if PREVIEW_BUTTON in request.POST:
            return HttpResponseRedirect(admin_url(obj, "preview"))
        if PUBLISH_BUTTON in request.POST:
            return HttpResponseRedirect(admin_url(obj, "publish"))
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if PREVIEW_BUTTON in request.POST:
            return HttpResponseRedirect(admin_url(obj, "preview"))
        if PUBLISH_BUTTON in request.POST:
            return HttpResponseRedirect(admin_url(obj, "publish"))
        return super().response_add(request, obj, post_url_continue)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["workflow_panel"] = self.workflow_panel(request, obj) if obj is not None else None
        context["workflow_buttons"] = staging.is_stageable(self.model)
        context["workflow_note_name"] = SUBMISSION_NOTE
        return super().render_change_form(request, context, add, change, form_url, obj)

    def workflow_panel(self, request, page) -> dict | None:
        if not staging.is_stageable(page):
            return None
        workflow = getattr(page, "workflow", None)
        if workflow is None:
            workflow = PageWorkflow.of(page)
        live = staging.is_live(page)
        changes = staging.pending_changes(page, workflow)
        return {
            "workflow": workflow,
            "live": live,
            "pending": workflow is not None and workflow.has_pending,
            "pending_by": display_name(workflow.pending_by)
            if workflow is not None and workflow.pending_by
            else "",
            "changes": changes,
            "review_line": review_line(workflow),
            "sent_back": workflow is not None and workflow.review == ReviewRequest.SENT_BACK,
            "approved": workflow is not None and workflow.review == ReviewRequest.APPROVED,
            "sign_off_required": sign_off_required(page),
            "refusal": publish_refusal(page, workflow),
            "can_review": can_sign_off(request.user),
            "preview_url": admin_url(page, "preview"),
            "publish_url": admin_url(page, "publish"),
            "review_url": admin_url(page, "review"),
            "discard_url": admin_url(page, "discard"),
        }

    # --- URLs -------------------------------------------------------------------------

    def get_urls(self):
        if not staging.is_stageable(self.model):
            return super().get_urls()
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/preview/", wrap(self.preview_view), name=f"{name}_preview"),
            path("<path:object_id>/publish/", wrap(self.publish_view), name=f"{name}_publish"),
            path("<path:object_id>/review/", wrap(self.review_view), name=f"{name}_review"),
            path("<path:object_id>/discard/", wrap(self.discard_view), name=f"{name}_discard"),
            *super().get_urls(),
        ]

    def _workflow_context(self, request, page, title: str, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "page": page,
            "title": title,
            "subtitle": str(page),
            "change_url": admin_url(page),
            "history_url": admin_url(page, "history"),
            **extra,
        }

    # --- Preview ------------------------------------------------------------------------

    def preview_view(self, request, object_id):
        """The page as readers will see it once published: in a frame at phone or laptop
        width, or (``?frame=1``) the page itself, bannered, never cached or indexed."""
        page = self._page(request, object_id)
        workflow = PageWorkflow.of(page)
        if request.GET.get("frame"):
            response = self._preview_page(request, page, workflow)
            response["X-Frame-Options"] = "SAMEORIGIN"
            response._csp_config = {**settings.SECURE_CSP, "frame-ancestors": [CSP.SELF]}
        else:
            width = request.GET.get("width", "laptop")
            width = width if width in PREVIEW_WIDTHS else "laptop"
            context = self._workflow_context(
                request,
                page,
                f"Preview: {page}",
                subtitle=None,
                width=width,
                is_nav_sidebar_enabled=False,
                width_px=PREVIEW_WIDTHS[width],
                widths=PREVIEW_WIDTHS,
                frame_url=f"{admin_url(page, 'preview')}?frame=1",
                what=_preview_description(page, workflow),
                publish_url=admin_url(page, "publish"),
            )
            response = TemplateResponse(request, "admin/editorial/preview.html", context)
            response._csp_config = {**settings.SECURE_CSP, "frame-src": [CSP.SELF]}
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def _preview_page(self, request, page, workflow) -> HttpResponse:
        try:
            match = resolve(page.get_absolute_url())
        except Resolver404:
            return HttpResponse("This kind of page has no page of its own.", status=404)
        with staging.pending_applied(page, workflow):
            response = match.func(request, *match.args, **match.kwargs)
            if hasattr(response, "render"):
                response.render()
        response.public_page = False
        banner = (
            '<p class="draft-banner editorial-preview" role="status"><strong>Preview, not '
            f"public:</strong> {escape(_preview_description(page, workflow))}</p>"
        )
        content = response.content.decode()
        head, marker, rest = content.partition("<main")
        if marker:
            tag, _, body = rest.partition(">")
            content = f"{head}<main{tag}>{banner}{body}"
        content = content.replace(
            "</head>", '<meta name="robots" content="noindex, nofollow"></head>', 1
        )
        response.content = content.encode()
        return response

    # --- Publishing -----------------------------------------------------------------------

    def publish_view(self, request, object_id):
        page = self._page(request, object_id, change=True)
        workflow = PageWorkflow.of(page)
        pending = workflow is not None and workflow.has_pending
        if request.method == "POST":
            try:
                if request.POST.get("publish_at") is not None:
                    when = _moment(request.POST["publish_at"])
                    staging.schedule(page, request.user, when)
                    done = f"Scheduled: the change goes live by itself on {moment_label(when)}."
                else:
                    done = staging.publish(page, request.user)
            except ValidationError as refused:
                self.message_user(request, " ".join(refused.messages), messages.ERROR)
                return HttpResponseRedirect(admin_url(page, "publish"))
            self.log_change(request, page, done)
            self.message_user(request, done, messages.SUCCESS)
            return HttpResponseRedirect(admin_url(page))
        context = self._workflow_context(
            request,
            page,
            f"Publish “{page}”?",
            subtitle=None,
            pending=pending,
            workflow=workflow,
            changes=staging.pending_changes(page, workflow),
            live=staging.is_live(page),
            refusal=publish_refusal(page, workflow),
            approved=pending and workflow.pending_approved,
            preview_url=admin_url(page, "preview"),
            zone=timezone.get_current_timezone_name(),
        )
        return TemplateResponse(request, "admin/editorial/publish.html", context)

    def discard_view(self, request, object_id):
        page = self._page(request, object_id, change=True)
        if request.method != "POST":
            return HttpResponseRedirect(admin_url(page))
        staging.discard(page)
        self.log_change(request, page, "Discarded the pending change.")
        self.message_user(
            request, "The pending change was discarded; the live page is unchanged.", "success"
        )
        return HttpResponseRedirect(admin_url(page))

    # --- Medical review ------------------------------------------------------------------

    def review_view(self, request, object_id):
        page = self._page(request, object_id)
        if not can_sign_off(request.user):
            raise PermissionDenied
        workflow = PageWorkflow.of(page)
        error = ""
        if request.method == "POST":
            comment = request.POST.get("comment", "")
            try:
                if request.POST.get("decision") == "approve":
                    approve(page, request.user, comment)
                    message = "Approved as medically reviewed."
                elif request.POST.get("decision") == "send-back":
                    send_back(page, request.user, comment)
                    message = "Sent back to the editor with your comment."
                else:
                    raise ValidationError("Choose Approve or Send back.")
            except ValidationError as refused:
                error = " ".join(refused.messages)
            else:
                self.log_change(request, page, message)
                self.message_user(request, message, messages.SUCCESS)
                return HttpResponseRedirect(review_queue_url())
        context = self._workflow_context(
            request,
            page,
            f"Medical review: {page}",
            subtitle=None,
            workflow=workflow,
            pending=workflow is not None and workflow.has_pending,
            changes=changes_since_sign_off(page, workflow),
            never_signed=not getattr(page, "is_medically_reviewed", False),
            signed=last_signed_revision(page),
            error=error,
            comment=request.POST.get("comment", ""),
            preview_url=admin_url(page, "preview"),
        )
        return TemplateResponse(request, "admin/editorial/review.html", context)


def _moment(value: str):
    """A time typed in the publish page's date-and-time box, in the site's time zone."""
    try:
        moment = datetime.datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValidationError(
            "Give the date and time it should go live, e.g. 2026-12-24 09:00."
        ) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def review_queue_url() -> str:
    return reverse("editorial_dashboard")


def _preview_description(page, workflow) -> str:
    if workflow is not None and workflow.has_pending:
        who = display_name(workflow.pending_by) if workflow.pending_by else "an editor"
        return (
            f"the change saved by {who} on {moment_label(workflow.pending_saved_at)}, as "
            "readers will see it once it is published. Readers still see the live version."
        )
    return f"{page.publication_state}. Readers cannot see this page yet."


def last_signed_revision(page):
    """The revision a reviewer last signed off: the first one that carries the page's
    current sign-off (every later save keeps it). None if never signed off."""
    if not getattr(page, "is_medically_reviewed", False):
        return None
    return (
        page.history.filter(reviewed_fingerprint=page.reviewed_fingerprint)
        .order_by("history_date", "history_id")
        .first()
    )


def changes_since_sign_off(page, workflow):
    """The text under review (the pending change, or the page) against the text last
    signed off; against the live text if the page was never signed off."""
    latest = page.history.first()
    if latest is None:
        return []
    under_review = (
        staging.pending_record(page, workflow, latest)
        if workflow is not None and workflow.has_pending
        else latest
    )
    signed = last_signed_revision(page) or latest
    return field_changes(signed, under_review)


def editorial_dashboard(request: HttpRequest) -> HttpResponse:
    """What waits for whom: my pages waiting, sent back to me, the reviewers' queue,
    changes not yet published, pages due for review, recent changes."""
    context = {
        **admin.site.each_context(request),
        "title": "Editorial dashboard",
        "board": dashboard(request.user),
        "is_reviewer": can_sign_off(request.user),
    }
    return TemplateResponse(request, "admin/editorial/dashboard.html", context)
