"""Changes to a live page wait until someone publishes them.

Saving a page that readers can see does not change what they see: the admin saves the
form as usual inside a savepoint (so every check, rendering and inline runs exactly as for
any save), reads back what the page would become (``snapshot``), rolls the savepoint
back, and keeps that snapshot as the page's *pending change* (``PageWorkflow.pending``).
Public views, search, sitemaps, feeds and the page cache read the page's own fields, so
they keep showing the live version until ``publish`` copies the pending change onto it.

A pending change holds the page's editable fields (not its slug, status, publish time or
the note to the reviewer, which are saved at once), its many-to-many links and sources,
and its links as its revisions keep them. The preview and a reviewer's approval read the
pending change applied to the database inside a transaction that is always rolled back
(``pending_applied``), so they see exactly what readers will see, and nothing leaks.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import logging
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from exosite.editorial.concurrency import StaleEdit
from exosite.editorial.publishing import Publishable, Status, published_filter
from exosite.editorial.revisions import (
    FieldChange,
    change_reason,
    field_changes,
    keeps_links,
    record_linked,
)
from exosite.editorial.wording import display_name
from exosite.editorial.workflow import (
    PageWorkflow,
    ReviewRequest,
    copy_approval_to,
    publish_refusal,
)

logger = logging.getLogger(__name__)

# Saved at once even on a live page: they are not the page's text.
NOT_STAGED = {"slug", "status", "publish_at", "review_note", "version"}


def is_stageable(page_or_model) -> bool:
    return isinstance(page_or_model, Publishable) or (
        isinstance(page_or_model, type) and issubclass(page_or_model, Publishable)
    )


def staged_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if field.editable and not field.primary_key and field.name not in NOT_STAGED
    ]


def staged_many_to_many(model: type[models.Model]) -> list[models.Field]:
    return [field for field in model._meta.many_to_many if field.editable]


def is_live(page: models.Model) -> bool:
    """Can readers see the page as stored now (not as edited in memory)?"""
    if page.pk is None or not is_stageable(page):
        return False
    return type(page)._base_manager.filter(published_filter(), pk=page.pk).exists()


def _json(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def snapshot(page: models.Model) -> dict:
    """What a pending change holds: the page's editable fields as saved, its
    many-to-many links and sources as the database has them, and its links as a revision
    keeps them."""
    model = type(page)
    data = {
        "fields": {
            field.attname: _json(field.value_from_object(page)) for field in staged_fields(model)
        },
        "m2m": {
            field.name: sorted(
                field.remote_field.through._default_manager.filter(
                    **{field.m2m_field_name(): page.pk}
                ).values_list(field.m2m_reverse_field_name() + "_id", flat=True)
            )
            for field in staged_many_to_many(model)
        },
    }
    if hasattr(page, "source_records"):
        data["sources"] = page.source_records()
    if keeps_links(page):
        data["linked"] = page.linked_records()
    return _json(data)


def live_snapshot(page: models.Model) -> dict:
    return snapshot(type(page)._base_manager.get(pk=page.pk))


# --- Saving a change to a live page ----------------------------------------------------


def begin(page: models.Model) -> str | None:
    """Before the admin saves a page: if readers can see it, open a savepoint, so that the
    save becomes a pending change. Returns the savepoint's id (None: save as usual)."""
    if not is_live(page):
        return None
    return transaction.savepoint_create()


def finish(page: models.Model, savepoint: str, user) -> PageWorkflow | None:
    """After the admin saved the page and its inlines inside ``savepoint``: keep what it
    became as the pending change, and undo the save, so readers still see the live page.
    The status, publish time and note to the reviewer are saved for real. Returns the
    workflow, or None when the edit left the text as it is live (nothing pending)."""
    pending = snapshot(page)
    fingerprint = page.review_fingerprint() if hasattr(page, "review_fingerprint") else ""
    direct = {name: getattr(page, name) for name in NOT_STAGED - {"slug", "version"}}
    transaction.savepoint_rollback(savepoint)

    model = type(page)
    started = page.version - 1  # the save inside the savepoint moved it on by one
    live = model._base_manager.get(pk=page.pk)
    # A browser sends a textarea's line breaks as CRLF: not a change.
    direct = {
        name: value.replace("\r\n", "\n") if isinstance(value, str) else value
        for name, value in direct.items()
    }
    direct = {name: value for name, value in direct.items() if getattr(live, name) != value}
    if direct:
        # A new status (archived, say) takes effect now, as a revision, like any save.
        for name, value in direct.items():
            setattr(live, name, value)
        live.version = started
        live._history_user = user
        live.save()
    elif not model._base_manager.filter(pk=page.pk, version=started).update(version=started + 1):
        raise StaleEdit(page, started)

    workflow = PageWorkflow.for_page(page)
    if pending == live_snapshot(page):
        if workflow.has_pending:
            workflow.pending = None
            workflow.pending_by = None
            workflow.pending_since = workflow.pending_saved_at = None
            workflow.pending_fingerprint = ""
            workflow.publish_at = None
            workflow.clear_review()
            workflow.save()
        return None
    now = timezone.now()
    workflow.pending = pending
    workflow.pending_by = user
    workflow.pending_since = workflow.pending_since or now
    workflow.pending_saved_at = now
    if workflow.publish_at is not None and workflow.pending_fingerprint != fingerprint:
        # Whoever scheduled the change scheduled other words.
        workflow.publish_at = None
        workflow.scheduled_by = None
    workflow.pending_fingerprint = fingerprint
    if workflow.review == ReviewRequest.APPROVED and workflow.approved_fingerprint != fingerprint:
        # The reviewer approved other words: that approval does not cover these.
        workflow.clear_review()
    workflow.save()
    return workflow


# --- Reading a pending change -----------------------------------------------------------


def _to_python(model: type[models.Model], attname: str, value):
    field = next(f for f in model._meta.concrete_fields if f.attname == attname)
    return field.to_python(value)


def show_pending(page: models.Model, workflow: PageWorkflow | None) -> None:
    """Give an in-memory page its pending text (for the change form): fields, links in
    the prefetch cache, and the sources for the sources inline. Nothing is written."""
    if workflow is None or not workflow.has_pending:
        return
    model = type(page)
    for attname, value in workflow.pending["fields"].items():
        setattr(page, attname, _to_python(model, attname, value))
    cache = getattr(page, "_prefetched_objects_cache", None)
    if cache is None:
        cache = page._prefetched_objects_cache = {}
    for name, pks in workflow.pending.get("m2m", {}).items():
        related = model._meta.get_field(name).related_model
        cache[name] = related._default_manager.filter(pk__in=pks)
    if "sources" in workflow.pending:
        page.pending_sources = workflow.pending["sources"]


def apply(page: models.Model, pending: dict) -> None:
    """Write a pending change onto the page in the database (links and sources first, so
    that saving renders the text with them). The caller saves the page."""
    model = type(page)
    for attname, value in pending["fields"].items():
        setattr(page, attname, _to_python(model, attname, value))
    if keeps_links(page) and "linked" in pending:
        page.set_linked(pending["linked"])
    else:
        for name, pks in pending.get("m2m", {}).items():
            getattr(page, name).set(pks)
        if "sources" in pending and hasattr(page, "set_sources"):
            page.set_sources(pending["sources"])


class _RollBack(Exception):
    pass


@contextlib.contextmanager
def pending_applied(page: models.Model, workflow: PageWorkflow | None) -> Iterator[models.Model]:
    """The page as it will be once its pending change is published, in the database for
    the duration of the block, then rolled back whatever happens: for the preview."""
    if workflow is None or not workflow.has_pending:
        yield page
        return
    try:
        with transaction.atomic():
            staged = type(page)._base_manager.get(pk=page.pk)
            apply(staged, workflow.pending)
            staged.skip_history_when_saving = True
            staged.save()
            yield staged
            raise _RollBack
    except _RollBack:
        pass


def pending_changes(page: models.Model, workflow: PageWorkflow | None) -> list[FieldChange]:
    """What the pending change changes, compared with the live page (its latest revision),
    field by field, as the history's comparisons show it."""
    if workflow is None or not workflow.has_pending:
        return []
    live = page.history.first()
    if live is None:
        return []
    return field_changes(live, pending_record(page, workflow, live))


def pending_record(page: models.Model, workflow: PageWorkflow, base=None):
    """A revision-like record of the pending text (unsaved), for comparing."""
    import copy

    base = base or page.history.first()
    record = copy.copy(base)
    record.__dict__["_state"] = copy.copy(base._state)
    history_model = type(base)
    for attname, value in workflow.pending["fields"].items():
        if any(f.attname == attname for f in history_model._meta.concrete_fields):
            field = next(f for f in history_model._meta.concrete_fields if f.attname == attname)
            setattr(record, attname, field.to_python(value))
    if "linked" in workflow.pending and hasattr(record, "linked"):
        record.linked = workflow.pending["linked"]
    return record


# --- Publishing ---------------------------------------------------------------------------


def publish(page: models.Model, user, *, force: bool = False) -> str:
    """Make the pending change (or, for a page readers cannot see, the page itself) live
    now, as a revision by ``user``. Refused, with the reason, when the sign-off policy
    needs a reviewer's approval that the text does not have. Returns what was done."""
    workflow = PageWorkflow.of(page)
    refusal = publish_refusal(page, workflow)
    if refusal and not force:
        raise ValidationError(refusal)
    with transaction.atomic():
        if workflow is not None and workflow.has_pending:
            approved = workflow.pending_approved
            author = display_name(workflow.pending_by) if workflow.pending_by else "an editor"
            apply(page, workflow.pending)
            reason = f"Published the change saved by {author}"
            if approved:
                copy_approval_to(page, workflow)
                reason += f", approved by {workflow.approved_reviewer}"
            page._history_user = user
            with change_reason(reason):
                page.save()
            if keeps_links(page):
                record_linked(page)
            done = "Published the pending change: readers see it now."
        else:
            approved = workflow is not None and workflow.review == ReviewRequest.APPROVED
            page.status = Status.PUBLISHED
            page._history_user = user
            with change_reason("Published"):
                page.save()
            done = "Published: readers see the page now."
        if workflow is not None:
            workflow.pending = None
            workflow.pending_by = None
            workflow.pending_since = workflow.pending_saved_at = None
            workflow.pending_fingerprint = ""
            workflow.publish_at = None
            workflow.scheduled_by = None
            workflow.clear_review()
            workflow.submitted_by = workflow.decided_by = None
            workflow.submitted_at = workflow.decided_at = None
            workflow.submission_note = workflow.decision_comment = ""
            if workflow.is_empty():
                workflow.delete()
            else:
                workflow.save()
    if not approved and getattr(page, "is_medically_reviewed", False):
        done += " It is marked as changed since its medical review."
    return done


def discard(page: models.Model) -> None:
    """Throw the pending change away: the live page stays as it is."""
    workflow = PageWorkflow.of(page)
    if workflow is None or not workflow.has_pending:
        return
    workflow.delete()


# --- Scheduled pending changes -------------------------------------------------------------


def schedule(page: models.Model, user, when: datetime.datetime) -> None:
    """Publish the pending change by itself at ``when`` (refused now, with the reason, if
    it could not be published now: the policy is checked again when the time comes)."""
    workflow = PageWorkflow.of(page)
    if workflow is None or not workflow.has_pending:
        raise ValidationError("There is no pending change to schedule.")
    if when <= timezone.now():
        raise ValidationError(
            "That time has already passed: choose a time to come, or publish now."
        )
    refusal = publish_refusal(page, workflow)
    if refusal:
        raise ValidationError(refusal)
    workflow.publish_at = when
    workflow.scheduled_by = user
    workflow.save(update_fields=["publish_at", "scheduled_by"])


def publish_due_changes(now: datetime.datetime | None = None) -> int:
    """Publish every pending change whose time has come, as its scheduler; one whose text
    lost its approval meanwhile stays pending (and unscheduled). Returns how many went live.

    Nothing has to run this on time: the page cache reads the scheduled times with its
    content state, and calls this when one has passed (``exosite.web.page_cache``)."""
    now = now or timezone.now()
    published = 0
    due = PageWorkflow.objects.filter(publish_at__lte=now).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            workflow = (
                PageWorkflow.objects.select_for_update().filter(pk=pk, publish_at__lte=now).first()
            )
            if workflow is None or workflow.page is None:
                continue
            page = workflow.page
            try:
                publish(page, workflow.scheduled_by)
            except ValidationError as refused:
                logger.warning("Scheduled change to %s not published: %s", page, refused)
                workflow.publish_at = None
                workflow.save(update_fields=["publish_at"])
                continue
            published += 1
    return published
