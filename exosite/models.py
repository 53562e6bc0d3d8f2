"""The exosite app's tables: the search index and the synonyms editors keep for search,
the content version the page cache reads, sign-in attempts the login throttle counts,
and (from the editorial machinery) sources and medical reviewers."""

import re
from collections.abc import Iterable

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models

# Sources and medical reviewers are the editorial machinery's tables; importing them here
# is what registers them with Django.
from exosite.editorial.models import Reviewer, Source  # noqa: F401
from exosite.editorial.workflow import PageWorkflow  # noqa: F401


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


class SearchSynonymQuerySet(models.QuerySet):
    def alternatives_for(self, words: Iterable[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
        """For each typed word that has a synonym, the site's words to look for as well
        (each a word, or several words to find as a phrase). One query for all of them;
        a plural ("prices") finds the synonym of its singular too."""
        forms = {word: (word, word.removesuffix("s")) for word in words}
        every_form = {form for pair in forms.values() for form in pair}
        rows = dict(self.filter(typed__in=every_form).values_list("typed", "means"))
        found = {}
        for word, (as_typed, singular) in forms.items():
            means = rows.get(as_typed) or rows.get(singular)
            if means:
                found[word] = tuple(tuple(part.split()) for part in means.split(","))
        return found


class SearchSynonym(models.Model):
    """A word readers type and the words the site uses for the same thing, so that
    "pregnancy" finds "pregnant" and "downtime" finds "aftercare". Editors keep the list
    in the admin; search looks for the site's words as well as the typed one."""

    typed = models.CharField(
        "when someone searches for",
        max_length=40,
        unique=True,
        help_text="One word, the way readers type it, e.g. downtime.",
    )
    means = models.CharField(
        "also look for",
        max_length=200,
        help_text="The word the site uses, e.g. aftercare. Several words in a row are looked "
        "for as a phrase (side effects); separate alternatives with commas (aftercare, healing).",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = SearchSynonymQuerySet.as_manager()

    class Meta:
        ordering = ["typed"]
        verbose_name = "search synonym"

    def __str__(self) -> str:
        return f"{self.typed} → {self.means}"

    def save(self, *args, **kwargs) -> None:
        self.full_clean()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.typed = " ".join(self.typed.lower().split())
        alternatives = [" ".join(part.lower().split()) for part in self.means.split(",")]
        alternatives = list(dict.fromkeys(part for part in alternatives if part))
        self.means = ", ".join(alternatives)
        errors = {}
        if not re.fullmatch(r"\w+", self.typed):
            errors["typed"] = (
                "Give one word, with letters or digits only (no spaces or punctuation): "
                "search matches each word a reader types on its own."
            )
        if not alternatives:
            errors["means"] = "Give at least one word for search to look for."
        elif any(not re.fullmatch(r"\w+( \w+)*", part) for part in alternatives):
            errors["means"] = (
                "Use words with letters or digits only, separated by commas; punctuation "
                "cannot be searched for."
            )
        elif self.typed in alternatives:
            errors["means"] = f"“{self.typed}” is what readers type; list other words here."
        if errors:
            raise ValidationError(errors)
