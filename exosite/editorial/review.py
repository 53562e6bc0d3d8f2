"""Medical review: who signed a page off, when, what they read, and when it is due again.

Every kind of page (guide section, FAQ answer, glossary term, content block, standing
page) is ``Reviewable``. New content starts "Not yet medically reviewed": nothing defaults
to today. Only a medical reviewer (a ``Reviewer`` profile whose account may
``sign_off``) can sign a page off (``sign_off``): that records the reviewer, the date,
the next review six months on, and a fingerprint of the text they read, so that a page
edited afterwards shows "changed since its medical review" until it is signed off again.
The sign-off is saved like any other edit, so it shows in the page's revision history.
``review_schedule()`` is what the admin's review dashboard lists.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models
from django.urls import NoReverseMatch
from django.utils import timezone

from exosite.editorial.page_urls import admin_url

REVIEW_INTERVAL = datetime.timedelta(days=182)
DUE_SOON_DAYS = 30
SIGN_OFF_PERMISSION = "exosite.sign_off"


class ReviewState(models.TextChoices):
    NOT_REVIEWED = "not-reviewed", "Not yet medically reviewed"
    CHANGED = "changed", "Changed since its medical review"
    OVERDUE = "overdue", "Review overdue"
    DUE_SOON = "due-soon", f"Review due within {DUE_SOON_DAYS} days"
    UP_TO_DATE = "up-to-date", "Medically reviewed"


class Reviewable(models.Model):
    """A page's medical review and its "Last updated" date."""

    updated = models.DateField(
        default=timezone.localdate,
        help_text="“Last updated” on the page: when the text last changed in substance (not "
        "for a typo).",
    )
    last_reviewed = models.DateField(
        null=True, blank=True, editable=False, help_text="When a medical reviewer signed it off."
    )
    next_review_due = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="When it must be medically reviewed again (six months after the sign-off).",
    )
    medical_reviewer = models.ForeignKey(
        "exosite.Reviewer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        help_text="Who signed it off, as the public page names them.",
    )
    reviewed_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    review_note = models.TextField(
        blank=True,
        help_text="For the medical reviewer, not shown to readers: open points to check, such "
        "as claims that rest on clinical judgement and still need a source.",
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(next_review_due__gte=models.F("last_reviewed")),
                name="%(app_label)s_%(class)s_review_due_after_last_review",
            )
        ]

    review_title_field = "title"
    # The fields a medical reviewer reads: a change to any of them is "changed since review".
    # Defaults to the fields a revision restores.
    reviewed_fields: tuple[str, ...] = ()

    @property
    def review_title(self) -> str:
        return str(getattr(self, self.review_title_field))

    def review_fingerprint(self) -> str:
        """A hash of what a reviewer reads: the text, and the reference list where a page
        has one (its stored rendering: no query)."""
        names = self.reviewed_fields or getattr(self, "restorable_fields", ())
        data = {name: str(getattr(self, name)) for name in names}
        data["references"] = getattr(self, "references", None)
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()

    @property
    def is_medically_reviewed(self) -> bool:
        return self.last_reviewed is not None and self.medical_reviewer_id is not None

    @property
    def changed_since_review(self) -> bool:
        return self.is_medically_reviewed and (
            self.reviewed_fingerprint != self.review_fingerprint()
        )

    @property
    def review_overdue(self) -> bool:
        return self.next_review_due is not None and self.next_review_due < timezone.localdate()

    @property
    def review_state(self) -> ReviewState:
        today = timezone.localdate()
        if not self.is_medically_reviewed:
            return ReviewState.NOT_REVIEWED
        if self.changed_since_review:
            return ReviewState.CHANGED
        if self.next_review_due is not None and self.next_review_due < today:
            return ReviewState.OVERDUE
        if self.next_review_due is not None and self.next_review_due <= today + datetime.timedelta(
            days=DUE_SOON_DAYS
        ):
            return ReviewState.DUE_SOON
        return ReviewState.UP_TO_DATE

    def sign_off(self, user, today: datetime.date | None = None) -> None:
        """Record that ``user``, a medical reviewer, reviewed the page as it is now: due
        again in six months; saved as a revision. Anyone else is refused."""
        from exosite.editorial.revisions import change_reason

        reviewer = reviewer_for(user)
        today = today or timezone.localdate()
        self.last_reviewed = today
        self.next_review_due = today + REVIEW_INTERVAL
        self.medical_reviewer = reviewer
        self.reviewed_fingerprint = self.review_fingerprint()
        self._history_user = user
        with change_reason(f"Medically reviewed by {reviewer}"):
            self.save()


def reviewer_for(user):
    """The reviewer profile a user signs off as; PermissionDenied if they may not."""
    profile = getattr(user, "reviewer", None) if user is not None else None
    if profile is None or not profile.is_active or not user.has_perm(SIGN_OFF_PERMISSION):
        raise PermissionDenied(
            "Only a medical reviewer (an active reviewer profile, in the Medical reviewers "
            "group) can sign a page off."
        )
    return profile


def can_sign_off(user) -> bool:
    try:
        reviewer_for(user)
    except PermissionDenied:
        return False
    return True


@dataclass(frozen=True)
class DueReview:
    page_type: str
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
    changed: list[DueReview] = field(default_factory=list)
    due_soon: list[DueReview] = field(default_factory=list)
    never_reviewed: list[DueReview] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.overdue) + len(self.changed) + len(self.due_soon) + len(self.never_reviewed)


def reviewable_models() -> list[type[Reviewable]]:
    return [model for model in apps.get_models() if issubclass(model, Reviewable)]


def review_schedule(user=None, today: datetime.date | None = None) -> ReviewSchedule:
    """Pages overdue for review, changed since their review, due within 30 days, or never
    reviewed, across every kind of page the user may view (all of them when ``user`` is
    None), soonest first."""
    today = today or timezone.localdate()
    schedule = ReviewSchedule()
    groups = {
        ReviewState.NOT_REVIEWED: schedule.never_reviewed,
        ReviewState.CHANGED: schedule.changed,
        ReviewState.OVERDUE: schedule.overdue,
        ReviewState.DUE_SOON: schedule.due_soon,
    }
    for model in reviewable_models():
        opts = model._meta
        if user is not None and not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue
        for page in model._default_manager.select_related("medical_reviewer"):
            group = groups.get(page.review_state)
            if group is not None:
                group.append(_due_review(page, today))
    for entries in (schedule.overdue, schedule.changed, schedule.due_soon):
        entries.sort(key=lambda entry: (entry.next_review_due, entry.page_type, entry.title))
    schedule.never_reviewed.sort(key=lambda entry: (entry.page_type, entry.title.lower()))
    return schedule


def _due_review(page: Reviewable, today: datetime.date) -> DueReview:
    try:
        url = admin_url(page)
    except NoReverseMatch:
        url = ""
    reviewer = page.medical_reviewer
    return DueReview(
        page_type=str(page._meta.verbose_name).capitalize(),
        title=page.review_title,
        last_reviewed=page.last_reviewed,
        next_review_due=page.next_review_due,
        reviewed_by=str(reviewer) if reviewer else "",
        status=getattr(page, "publication_state", ""),
        change_url=url,
        days=(page.next_review_due - today).days if page.next_review_due else None,
    )
