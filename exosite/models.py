"""The exosite app's tables: the search index, the content version the page cache
reads, and (from the editorial machinery) sources and medical reviewers."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models

# Sources and medical reviewers are the editorial machinery's tables; importing them here
# is what registers them with Django.
from exosite.editorial.models import Reviewer, Source  # noqa: F401


class SearchEntry(models.Model):
    """What site search looks through. ``exosite.search`` writes these rows whenever a
    searchable page is saved or deleted; nothing else should."""

    page_type = models.CharField(max_length=20)  # the page's model: "section", "question"
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300)
    place = models.CharField(max_length=60)  # where it lives, shown with the result
    # The page's publishing status and time, copied on save, so that search filters with
    # the same published_filter() as every page: a scheduled page is found from its
    # publish time on, with no job to run.
    status = models.CharField(max_length=10, default="draft")
    publish_at = models.DateTimeField(null=True, blank=True)
    # PostgreSQL only: weighted title (A), summary (B) and body (C), with a GIN index
    # created by migration 0001. SQLite keeps a full-text (FTS5) table instead.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page_type", "object_id"], name="one_search_entry_each")
        ]
        verbose_name_plural = "search entries"

    def __str__(self) -> str:
        return self.title


class ContentVersion(models.Model):
    """One row, counting changes to the site's content.

    Every save or delete of a section, question, term or category bumps it in the same
    transaction, so the cache of rendered pages (``exosite.web.page_cache``) can tell, from
    any process, whether a page it holds is still current."""

    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField()
    # The number at which a page readers could see last stopped being public (archived,
    # set back to draft or to a later date, deleted). Copies of pages rendered before it
    # may show the withdrawn text, so the page cache never serves them as stale copies.
    withdrawn_number = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"content version {self.number}"


class SignInAttempts(models.Model):
    """Sign-in attempts counted against one limit (an account, or a client address) within
    a window that starts at the first one (``exosite.web.security.LoginThrottle``)."""

    key = models.CharField(max_length=120, unique=True)
    count = models.PositiveIntegerField(default=0)
    window_ends_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name_plural = "sign-in attempts"

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
