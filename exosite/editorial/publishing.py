"""Draft, scheduled, published or archived: the one rule for what visitors may see, shared
by every content model.

A scheduled page goes live by itself: it is public as soon as its ``publish_at`` has
passed, because ``published()`` compares with the clock at query time. No job has to flip
a flag, so nothing can forget to.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from exosite.editorial.models import Replacement
from exosite.editorial.wording import moment_label


class Status(models.TextChoices):
    DRAFT = "draft", "Draft (hidden from visitors)"
    SCHEDULED = "scheduled", "Scheduled (goes live by itself at the publish time)"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived (taken down; visitors are told it was removed)"


def published_filter(prefix: str = "", now: datetime.datetime | None = None) -> Q:
    """The condition for "visitors may see it", optionally through a relation
    (``published_filter("questions__")``)."""
    now = now or timezone.now()
    return Q(**{f"{prefix}status": Status.PUBLISHED}) | Q(
        **{f"{prefix}status": Status.SCHEDULED, f"{prefix}publish_at__lte": now}
    )


class PublishableQuerySet(models.QuerySet):
    def published(self) -> PublishableQuerySet:
        """What visitors may see. Every public view, sitemap, feed and search starts here."""
        return self.filter(published_filter())

    def visible_to(self, user) -> PublishableQuerySet:
        """Staff may preview drafts; everyone else sees published objects only."""
        return self if user.is_staff else self.published()


class Publishable(models.Model):
    """The fields and rules every page with a publishing status shares."""

    Status = Status

    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="Draft: only staff can see it. Scheduled: goes live by itself at the publish "
        "time. Published: visitors see it. Archived: taken down (visitors are told it was "
        "removed); use this instead of deleting.",
    )
    publish_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="For Scheduled: the date and time the page goes live, in the site's time "
        "zone. Nothing else is needed: the page appears by itself at that time.",
    )

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.status == Status.SCHEDULED and self.publish_at is None:
            # On the status, which every admin form has (the FAQ list edits it in place).
            raise ValidationError(
                {
                    "status": "A scheduled page needs the date and time it goes live: "
                    "fill in “Publish at”."
                }
            )

    def past_schedule_problem(self) -> str:
        """Why an editor may not set this schedule: a publish time that has passed would
        put the page live at once, while it still says "Scheduled". ('' if it is fine.)
        A page that went live on its schedule keeps its past time when edited later, and a
        content file may record one (``went_live_at``): only a new schedule is checked."""
        if self.status != Status.SCHEDULED or self.publish_at is None:
            return ""
        if self.publish_at > timezone.now() or not self._schedule_changed():
            return ""
        zone = timezone.localtime(self.publish_at).tzname()
        return (
            f"The publish time, {moment_label(self.publish_at)} ({zone}), has already "
            "passed: the page would go live at once. Choose a time in the future, or choose "
            "“Published” to publish it now."
        )

    def _schedule_changed(self) -> bool:
        """Whether this save sets a new schedule (a page that went live on its schedule
        keeps its past publish time when edited later)."""
        if self.pk is None:
            return True
        saved = type(self)._base_manager.filter(pk=self.pk).values("status", "publish_at").first()
        if saved is None or saved["status"] != self.status or saved["publish_at"] is None:
            return True
        # The form shows whole seconds: a time read back from it is the same time.
        return abs(saved["publish_at"] - self.publish_at) >= datetime.timedelta(seconds=1)

    @property
    def is_published(self) -> bool:
        """Whether visitors can see it now."""
        if self.status == Status.PUBLISHED:
            return True
        return (
            self.status == Status.SCHEDULED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    @property
    def goes_live_at(self) -> datetime.datetime | None:
        """When a scheduled page that is not yet public will appear."""
        if self.status == Status.SCHEDULED and not self.is_published:
            return self.publish_at
        return None

    @property
    def went_live_at(self) -> datetime.datetime:
        """When visitors could first see it: its publish time if it was scheduled."""
        if self.status == Status.SCHEDULED and self.publish_at is not None:
            return self.publish_at
        return self.created_at

    @property
    def changed_for_visitors_at(self) -> datetime.datetime:
        """When visitors last saw it change: its last save, or its going live if later."""
        return max(self.updated_at, self.went_live_at)

    @property
    def visitors_label(self) -> str:
        """What the lists say about visitors: "Live now" or "Not live"."""
        return "Live now" if self.is_published else "Not live"

    @property
    def publication_state(self) -> str:
        """A short, plain description of who can see the page, for banners and lists."""
        if self.is_published:
            return "Published"
        if self.status == Status.SCHEDULED:
            if self.publish_at is None:
                return "Scheduled, without a publish time"
            zone = timezone.localtime(self.publish_at).tzname()
            return f"Scheduled to go live on {moment_label(self.publish_at)} ({zone})"
        if self.status == Status.ARCHIVED:
            return "Archived: visitors are told the page was removed"
        return "Draft: only staff can see it"


def publishable_models() -> list[type[Publishable]]:
    return [model for model in apps.get_models() if issubclass(model, Publishable)]


class PageArchived(Exception):
    """A visitor asked for a page that editors archived."""

    def __init__(self, page: Publishable):
        self.page = page
        super().__init__(str(page))


def visible_page_or_404(request: HttpRequest, queryset: models.QuerySet, **lookup):
    """The page if this visitor may see it. Staff see every status (the page then shows a
    preview banner); visitors get 404 for drafts and pages not yet live, and
    ``PageArchived`` for archived pages (see ``gone_when_archived``)."""
    page = queryset.filter(**lookup).first()
    if page is None:
        raise Http404("No such page.")
    if page.is_published or request.user.is_staff:
        return page
    if page.status == Status.ARCHIVED:
        raise PageArchived(page)
    raise Http404("This page is not published.")


def gone_when_archived(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer 410 Gone, with a friendly page, when the view's page was archived; it links
    to the replacement page the editor picked, if that page is live."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except PageArchived as gone:
            context = {"replacement": Replacement.for_page(gone.page)}
            return render(request, "410.html", context, status=410)

    return wrapper


class FixedSlugAdminMixin:
    """A slug is part of a public address: suggested from the title when an object is
    created, then fixed, so that links to the page never break."""

    slug_source = "title"

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "slug"] if obj is not None else fields

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None else {"slug": (self.slug_source,)}
