"""Draft or published: the one rule for what visitors may see, shared by every content model."""

from __future__ import annotations

from django.db import models


class Status(models.TextChoices):
    DRAFT = "draft", "Draft (hidden from visitors)"
    PUBLISHED = "published", "Published"


class PublishableQuerySet(models.QuerySet):
    def published(self) -> PublishableQuerySet:
        """What visitors may see. Every public view, sitemap, feed and search starts here."""
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user) -> PublishableQuerySet:
        """Staff may preview drafts; everyone else sees published objects only."""
        return self if user.is_staff else self.published()


class FixedSlugAdminMixin:
    """A slug is part of a public address: suggested from the title when an object is
    created, then fixed, so that links to the page never break."""

    slug_source = "title"

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "slug"] if obj is not None else fields

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None else {"slug": (self.slug_source,)}
