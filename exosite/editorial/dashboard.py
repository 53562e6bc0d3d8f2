"""The editorial dashboard: what waits for whom.

For the person signed in: the pages they submitted that wait for a reviewer, the pages
sent back to them, every page waiting for medical review (the reviewers' queue, oldest
first, with how long it has waited), changes saved but not yet published, pages due for
review, and what changed recently across every kind of page.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.urls import NoReverseMatch
from django.utils import timezone

from exosite.editorial.page_urls import admin_url
from exosite.editorial.review import ReviewSchedule, review_schedule, reviewable_models
from exosite.editorial.revisions import author_of
from exosite.editorial.wording import display_name
from exosite.editorial.workflow import PageWorkflow, ReviewRequest

RECENT_CHANGES = 15


@dataclass(frozen=True)
class Entry:
    page_type: str
    title: str
    change_url: str
    review_url: str
    who: str
    when: datetime.datetime | None
    note: str = ""
    pending: bool = False

    @property
    def waiting_days(self) -> int:
        if self.when is None:
            return 0
        return (timezone.now() - self.when).days


@dataclass
class Dashboard:
    waiting_for_review: list[Entry] = field(default_factory=list)
    mine_waiting: list[Entry] = field(default_factory=list)
    sent_back_to_me: list[Entry] = field(default_factory=list)
    unpublished_changes: list[Entry] = field(default_factory=list)
    recently_changed: list[Entry] = field(default_factory=list)
    schedule: ReviewSchedule | None = None

    @property
    def due(self) -> list:
        if self.schedule is None:
            return []
        return [*self.schedule.overdue, *self.schedule.changed, *self.schedule.due_soon]


def _url(page, view: str = "change") -> str:
    try:
        return admin_url(page, view)
    except NoReverseMatch:
        return ""


def _title(page, workflow: PageWorkflow | None = None) -> str:
    """The page's title, as its pending change has it if it has one."""
    if workflow is not None and workflow.has_pending:
        name = getattr(page, "review_title_field", "title")
        pending = workflow.pending["fields"].get(name)
        if pending:
            return str(pending)
    return getattr(page, "review_title", None) or str(page)


def _may_view(user, model) -> bool:
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


def dashboard(user) -> Dashboard:
    board = Dashboard()
    workflows = PageWorkflow.objects.select_related(
        "content_type", "pending_by", "submitted_by", "decided_by"
    ).order_by("submitted_at", "pending_since")
    for workflow in workflows:
        model = workflow.content_type.model_class()
        if model is None or not _may_view(user, model):
            continue
        page = workflow.page
        if page is None:
            continue
        page_type = str(model._meta.verbose_name).capitalize()
        if workflow.review == ReviewRequest.SUBMITTED:
            entry = Entry(
                page_type,
                _title(page, workflow),
                _url(page),
                _url(page, "review"),
                display_name(workflow.submitted_by) if workflow.submitted_by else "",
                workflow.submitted_at,
                workflow.submission_note,
                workflow.has_pending,
            )
            board.waiting_for_review.append(entry)
            if workflow.submitted_by_id == user.pk:
                board.mine_waiting.append(entry)
        elif workflow.review == ReviewRequest.SENT_BACK and user.pk in {
            workflow.submitted_by_id,
            workflow.pending_by_id,
        }:
            board.sent_back_to_me.append(
                Entry(
                    page_type,
                    _title(page, workflow),
                    _url(page),
                    _url(page, "review"),
                    display_name(workflow.decided_by) if workflow.decided_by else "",
                    workflow.decided_at,
                    workflow.decision_comment,
                    workflow.has_pending,
                )
            )
        if workflow.has_pending and workflow.review != ReviewRequest.SUBMITTED:
            board.unpublished_changes.append(
                Entry(
                    page_type,
                    _title(page, workflow),
                    _url(page),
                    _url(page, "publish"),
                    display_name(workflow.pending_by) if workflow.pending_by else "",
                    workflow.pending_saved_at,
                    "Approved by a medical reviewer" if workflow.pending_approved else "",
                    True,
                )
            )
    board.schedule = review_schedule(user)
    board.recently_changed = recent_changes(user)
    return board


def recent_changes(user, limit: int = RECENT_CHANGES) -> list[Entry]:
    """The latest revisions across every kind of page the user may view, newest first."""
    entries = []
    for model in reviewable_models():
        if not _may_view(user, model) or not hasattr(model, "history"):
            continue
        page_type = str(model._meta.verbose_name).capitalize()
        for record in model.history.select_related("history_user").order_by("-history_date")[
            :limit
        ]:
            page = record.instance
            entries.append(
                Entry(
                    page_type,
                    _title(page),
                    _url(page),
                    "",
                    author_of(record),
                    record.history_date,
                    record.history_change_reason or "",
                )
            )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:limit]
