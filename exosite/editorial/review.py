"""Medical review: when each page was last checked, when it is due again, and who checked it.

Every kind of page (guide section, FAQ answer, glossary term) is ``Reviewable``. Marking a
page as reviewed is one step (``mark_reviewed``) that records who and when and sets the
next review six months on; it is saved like any other edit, so it shows in the page's
revision history. ``review_schedule()`` is what the admin's review dashboard lists.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import NoReverseMatch
from django.utils import timezone

from exosite.editorial.page_urls import admin_url

REVIEW_INTERVAL = datetime.timedelta(days=182)
DUE_SOON_DAYS = 30


def review_due_default() -> datetime.date:
    """Six months on: the usual review interval for a health page."""
    return timezone.localdate() + REVIEW_INTERVAL


class Reviewable(models.Model):
    """Who last reviewed a page. Each model declares its own ``last_reviewed`` and
    ``next_review_due`` dates (a guide section requires them; a glossary term may not have
    been reviewed yet)."""

    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        help_text="The editor who last marked the page as reviewed.",
    )

    class Meta:
        abstract = True

    review_title_field = "title"

    @property
    def review_title(self) -> str:
        return str(getattr(self, self.review_title_field))

    @property
    def review_overdue(self) -> bool:
        return self.next_review_due is not None and self.next_review_due < timezone.localdate()

    @property
    def review_state(self) -> str:
        today = timezone.localdate()
        if self.next_review_due is None:
            return "Not reviewed yet"
        if self.next_review_due < today:
            return "Overdue"
        if self.next_review_due <= today + datetime.timedelta(days=DUE_SOON_DAYS):
            return f"Due within {DUE_SOON_DAYS} days"
        return "Up to date"

    def clean(self) -> None:
        super().clean()
        if (
            self.last_reviewed
            and self.next_review_due
            and (self.next_review_due < self.last_reviewed)
        ):
            raise ValidationError(
                {"next_review_due": "The next review must be on or after the last review."}
            )

    def mark_reviewed(self, user, today: datetime.date | None = None) -> None:
        """Record a review by ``user`` today, due again in six months; saved as a revision."""
        from exosite.editorial.revisions import change_reason

        today = today or timezone.localdate()
        self.last_reviewed = today
        self.next_review_due = today + REVIEW_INTERVAL
        self.reviewed_by = user
        self._history_user = user
        name = user.get_full_name() or user.get_username()
        with change_reason(f"Marked as reviewed by {name}"):
            self.save()


@dataclass(frozen=True)
class DueReview:
    kind: str
    title: str
    last_reviewed: datetime.date | None
    next_review_due: datetime.date | None
    reviewed_by: str
    status: str
    change_url: str
    days: int | None  # days until due (negative when overdue)

    @property
    def days_overdue(self) -> int:
        return -self.days if self.days is not None and self.days < 0 else 0


@dataclass
class ReviewSchedule:
    overdue: list[DueReview] = field(default_factory=list)
    due_soon: list[DueReview] = field(default_factory=list)
    never_reviewed: list[DueReview] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.overdue) + len(self.due_soon) + len(self.never_reviewed)


def reviewable_models() -> list[type[Reviewable]]:
    return [model for model in apps.get_models() if issubclass(model, Reviewable)]


def review_schedule(user=None, today: datetime.date | None = None) -> ReviewSchedule:
    """Pages overdue for review, due within 30 days, or never reviewed, across every kind
    of page the user may view (all of them when ``user`` is None), soonest first."""
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    schedule = ReviewSchedule()
    for model in reviewable_models():
        opts = model._meta
        if user is not None and not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue
        due = model._default_manager.filter(
            Q(next_review_due__lte=soon) | Q(next_review_due__isnull=True)
        ).select_related("reviewed_by")
        for page in due:
            entry = _due_review(page, today)
            if page.next_review_due is None:
                schedule.never_reviewed.append(entry)
            elif page.next_review_due < today:
                schedule.overdue.append(entry)
            else:
                schedule.due_soon.append(entry)
    for entries in (schedule.overdue, schedule.due_soon):
        entries.sort(key=lambda entry: (entry.next_review_due, entry.kind, entry.title))
    schedule.never_reviewed.sort(key=lambda entry: (entry.kind, entry.title.lower()))
    return schedule


def _due_review(page: Reviewable, today: datetime.date) -> DueReview:
    try:
        url = admin_url(page)
    except NoReverseMatch:
        url = ""
    reviewer = page.reviewed_by
    return DueReview(
        kind=str(page._meta.verbose_name).capitalize(),
        title=page.review_title,
        last_reviewed=page.last_reviewed,
        next_review_due=page.next_review_due,
        reviewed_by=(reviewer.get_full_name() or reviewer.get_username()) if reviewer else "",
        status=getattr(page, "publication_state", ""),
        change_url=url,
        days=(page.next_review_due - today).days if page.next_review_due else None,
    )
