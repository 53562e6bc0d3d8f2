"""Readers' answers to "Was this page helpful?". Nothing about the sender is kept: no IP
address, no browser details, and only the day it came, not the time (a time could be
matched with the server's request log)."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Count, Q


class FeedbackQuerySet(models.QuerySet):
    def by_page(self, recent_since: datetime.date) -> models.QuerySet:
        """For each page: how many answered and how many said yes (``said_yes``), overall and since
        ``recent_since``, and its comments, with those not yet acted on."""
        recent = Q(received_on__gte=recent_since)
        return (
            self.values("page")
            .annotate(
                answers=Count("pk"),
                said_yes=Count("pk", filter=Q(helpful=True)),
                recent=Count("pk", filter=recent),
                recent_yes=Count("pk", filter=recent & Q(helpful=True)),
                comments=Count("pk", filter=~Q(comment="")),
                to_act_on=Count("pk", filter=~Q(comment="") & Q(acted_on=False)),
            )
            .order_by("-answers", "page")
        )


class Feedback(models.Model):
    page = models.CharField(max_length=300, help_text="The address of the page it is about.")
    helpful = models.BooleanField(help_text="Did the reader say the page was helpful?")
    comment = models.TextField(blank=True, max_length=1000)
    received_on = models.DateField(
        auto_now_add=True, help_text="Only the day is kept, never the time.", db_index=True
    )
    acted_on = models.BooleanField(
        "acted on",
        default=False,
        help_text="Tick when the page was changed, or the comment dealt with.",
    )
    editor_note = models.TextField(
        blank=True, help_text="What was done about it, for the other editors."
    )

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = "reader feedback"
        verbose_name_plural = "reader feedback"
        indexes = [models.Index(fields=["page", "received_on"], name="feedback_page_day")]

    def __str__(self) -> str:
        answer = "helpful" if self.helpful else "not helpful"
        return f"{self.page}: {answer} ({self.received_on:%d %b %Y})"
