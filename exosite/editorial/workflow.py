"""The editorial workflow of a page: the change waiting to be published, and its medical
review request (submitted, approved, sent back).

``PageWorkflow`` is one row per page that has either. A change to a live page is kept
here (``exosite.editorial.staging``) until someone publishes it, so readers never see it
before; a page (new, or its pending change) is submitted for medical review with a note;
a medical reviewer approves it or sends it back with a comment the editor sees on the
page. Whether a page may go live without a reviewer's approval is the setting
``SIGN_OFF_REQUIRED_FOR`` (``sign_off_required``).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone

from exosite.editorial.review import REVIEW_INTERVAL, reviewer_for
from exosite.editorial.wording import date_label, display_name


class ReviewRequest(models.TextChoices):
    NONE = "", "Not submitted for medical review"
    SUBMITTED = "submitted", "Waiting for medical review"
    APPROVED = "approved", "Approved by a medical reviewer"
    SENT_BACK = "sent-back", "Sent back by a medical reviewer"


class PageWorkflow(models.Model):
    """Where one page stands: its pending change (if it is live and was edited) and its
    request for medical review."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    page = GenericForeignKey("content_type", "object_id")

    # The pending change: the edited fields, as JSON (see exosite.editorial.staging).
    pending = models.JSONField(null=True, blank=True)
    pending_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pending_since = models.DateTimeField(null=True, blank=True)
    pending_saved_at = models.DateTimeField(null=True, blank=True)
    # What a reviewer reads of the pending text (Reviewable.review_fingerprint of it).
    pending_fingerprint = models.CharField(max_length=64, blank=True)
    publish_at = models.DateTimeField(
        null=True, blank=True, help_text="When the pending change goes live by itself."
    )
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    review = models.CharField(
        max_length=10, choices=ReviewRequest.choices, blank=True, default=ReviewRequest.NONE
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submission_note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(blank=True)
    # The approval of a pending change: who, when, and the exact text they read.
    approved_reviewer = models.ForeignKey(
        "exosite.Reviewer", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_on = models.DateField(null=True, blank=True)
    approved_fingerprint = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_workflow_per_page"
            )
        ]
        indexes = [models.Index(fields=["review"]), models.Index(fields=["publish_at"])]

    def __str__(self) -> str:
        return f"Workflow of {self.content_type.model} {self.object_id}"

    @classmethod
    def of(cls, page: models.Model) -> PageWorkflow | None:
        if page.pk is None:
            return None
        return cls.objects.filter(
            content_type=ContentType.objects.get_for_model(type(page)), object_id=page.pk
        ).first()

    @classmethod
    def for_page(cls, page: models.Model) -> PageWorkflow:
        workflow, _ = cls.objects.get_or_create(
            content_type=ContentType.objects.get_for_model(type(page)), object_id=page.pk
        )
        return workflow

    @property
    def has_pending(self) -> bool:
        return self.pending is not None

    @property
    def pending_approved(self) -> bool:
        """A reviewer approved the pending text exactly as it is now."""
        return (
            self.has_pending
            and self.approved_reviewer_id is not None
            and bool(self.approved_fingerprint)
            and self.approved_fingerprint == self.pending_fingerprint
        )

    def clear_review(self) -> None:
        self.review = ReviewRequest.NONE
        self.approved_reviewer = None
        self.approved_on = None
        self.approved_fingerprint = ""

    def is_empty(self) -> bool:
        return not self.has_pending and self.review == ReviewRequest.NONE


@receiver(post_delete, dispatch_uid="exosite-workflow-of-deleted-page")
def _forget_deleted_page(sender, instance, **kwargs) -> None:
    """A deleted page takes its pending change and review request with it."""
    from exosite.editorial.publishing import Publishable

    if isinstance(instance, Publishable) and instance.pk is not None:
        PageWorkflow.objects.filter(
            content_type=ContentType.objects.get_for_model(sender), object_id=instance.pk
        ).delete()


# --- The sign-off policy ------------------------------------------------------------------


def review_topics(page: models.Model) -> set[str]:
    """What a page is about, as the setting names topics: its slug, and the slug of what
    it belongs to (an FAQ answer's category) where the page says so."""
    topics = {getattr(page, "slug", "")}
    topics |= set(getattr(page, "extra_review_topics", lambda: ())())
    return {topic for topic in topics if topic}


def sign_off_required(page: models.Model) -> bool:
    """Whether this page may go live only with a medical reviewer's approval of its text
    (``SIGN_OFF_REQUIRED_FOR``: topics, or "*" for every page)."""
    required = set(settings.SIGN_OFF_REQUIRED_FOR)
    return "*" in required or bool(review_topics(page) & required)


def text_is_approved(page: models.Model, workflow: PageWorkflow | None) -> bool:
    """Is the text that would go live signed off: the pending change's approval, or
    (for a page without a pending change) the page's own sign-off of its current text?"""
    if workflow is not None and workflow.has_pending:
        return workflow.pending_approved
    return page.is_medically_reviewed and not page.changed_since_review


def publish_refusal(page: models.Model, workflow: PageWorkflow | None) -> str:
    """Why this page's text may not go live now, in a sentence; "" if it may."""
    if sign_off_required(page) and not text_is_approved(page, workflow):
        return (
            "This page is about safety, cost, who it suits or aftercare, so a medical "
            "reviewer must approve its text before it goes live. Submit it for medical "
            "review; once it is approved, publish it."
        )
    return ""


# --- Submitting, approving, sending back -------------------------------------------------


def submit_for_review(page: models.Model, user, note: str = "") -> PageWorkflow:
    """An editor asks the medical reviewers to check the page (its pending change, or its
    text if nothing is pending)."""
    with transaction.atomic():
        workflow = PageWorkflow.for_page(page)
        workflow.clear_review()
        workflow.review = ReviewRequest.SUBMITTED
        workflow.submitted_by = user
        workflow.submitted_at = timezone.now()
        workflow.submission_note = note.strip()
        workflow.decided_by = None
        workflow.decided_at = None
        workflow.decision_comment = ""
        workflow.save()
    return workflow


def approve(page: models.Model, user, comment: str = "", today: datetime.date | None = None):
    """A medical reviewer signs off the text under review. A pending change keeps the
    sign-off with it until it is published (the live page keeps its own review line
    until then); a page without a pending change is signed off as it is now."""
    reviewer = reviewer_for(user)
    today = today or timezone.localdate()
    with transaction.atomic():
        workflow = PageWorkflow.for_page(page)
        if workflow.has_pending:
            fingerprint = workflow.pending_fingerprint
        else:
            page.sign_off(user, today=today)
            fingerprint = page.reviewed_fingerprint
        workflow.approved_reviewer = reviewer
        workflow.approved_on = today
        workflow.approved_fingerprint = fingerprint
        workflow.review = ReviewRequest.APPROVED
        workflow.decided_by = user
        workflow.decided_at = timezone.now()
        workflow.decision_comment = comment.strip()
        workflow.save()
    return workflow


def send_back(page: models.Model, user, comment: str) -> PageWorkflow:
    """A medical reviewer returns the page to its editor with what to change."""
    reviewer_for(user)
    if not comment.strip():
        raise ValidationError("Say what the editor should change: the comment is required.")
    with transaction.atomic():
        workflow = PageWorkflow.for_page(page)
        workflow.clear_review()
        workflow.review = ReviewRequest.SENT_BACK
        workflow.decided_by = user
        workflow.decided_at = timezone.now()
        workflow.decision_comment = comment.strip()
        workflow.save()
    return workflow


def copy_approval_to(page: models.Model, workflow: PageWorkflow) -> None:
    """On publishing an approved pending change: the page's review line becomes the
    reviewer's approval of that text (not saved here)."""
    page.last_reviewed = workflow.approved_on
    page.next_review_due = workflow.approved_on + REVIEW_INTERVAL
    page.medical_reviewer = workflow.approved_reviewer
    page.reviewed_fingerprint = workflow.approved_fingerprint


def review_line(workflow: PageWorkflow | None) -> str:
    """Where the review request stands, in a sentence for the page's form."""
    if workflow is None or workflow.review == ReviewRequest.NONE:
        return ""
    if workflow.review == ReviewRequest.SUBMITTED:
        who = display_name(workflow.submitted_by) if workflow.submitted_by else "An editor"
        day = date_label(timezone.localtime(workflow.submitted_at))
        return f"{who} submitted it for medical review on {day}."
    who = display_name(workflow.decided_by) if workflow.decided_by else "A reviewer"
    if workflow.review == ReviewRequest.APPROVED:
        return f"Approved by {who} on {date_label(timezone.localtime(workflow.decided_at))}."
    return f"Sent back by {who} on {date_label(timezone.localtime(workflow.decided_at))}."
