"""The guide and its glossary: Markdown sections read in order, their sources, and the
plain-language definitions that the pipeline links on first use."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords

from exosite.editorial.concurrency import Versioned
from exosite.editorial.page_urls import page_url
from exosite.editorial.publishing import Publishable, PublishableQuerySet
from exosite.editorial.review import Reviewable, review_due_default
from exosite.editorial.revisions import LinkedRecords
from exosite.markdown import Rendered, TocEntry, reading_minutes
from exosite.markdown.glossary import Term
from exosite.markdown.pages import MarkdownPage, glossary_changed

# What a revision does not store: HTML and word counts are made again from the Markdown.
RENDERED_FIELDS = ["body_html", "toc", "word_count", "synced_hash"]


class Section(MarkdownPage, Publishable, Reviewable, Versioned):
    title = models.CharField(max_length=120)
    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text="Part of the page address, e.g. /guide/cost/. It cannot be changed later, "
        "because links to the page would break.",
    )
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Position in the guide: 1 comes first."
    )
    summary = models.CharField(
        max_length=300,
        help_text="One plain sentence: shown under the title and in the list of sections.",
    )
    key_takeaway = models.CharField(
        max_length=300,
        blank=True,
        help_text="The one thing to remember from this section, shown on the home page.",
    )
    body = MarkdownxField(
        help_text="Markdown. Start headings at ## (the title is the page's only top heading). "
        'Callouts: a line such as  !!! doctor "When to see a doctor"  (or note, important, '
        "warning), then the text indented four spaces.",
    )
    body_html = models.TextField(editable=False, default="")
    toc = models.JSONField(editable=False, default=list)
    word_count = models.PositiveIntegerField(editable=False, default=0)

    last_reviewed = models.DateField(
        default=timezone.localdate, help_text="When the content was last checked for accuracy."
    )
    next_review_due = models.DateField(
        default=review_due_default,
        help_text="When it must be checked again (usually six to twelve months later).",
    )
    author = models.CharField(max_length=200)
    reviewer = models.CharField(
        max_length=200, help_text="Who checked the content, as the public page names them."
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Hash of the section as it was when it last matched its file in content/ (set by
    # loadcontent and exportcontent); a different hash now means an admin edit.
    synced_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = PublishableQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=RENDERED_FIELDS, bases=[LinkedRecords])
    # Kept with each revision too, and restored with it (see exosite.editorial.revisions).
    linked_label = "Sources"

    # What restoring a revision brings back (status and review dates stay as they are).
    restorable_fields = ("title", "summary", "key_takeaway", "body", "author", "reviewer")

    page_label = "Guide section"
    public_view = "articles:section"
    slug_link_kind = "guide"
    slug_link_label = "guide section"
    search_place = "Guide"

    class Meta:
        ordering = ["order", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(next_review_due__gte=models.F("last_reviewed")),
                name="section_review_due_after_last_review",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return page_url("articles:section", slug=self.slug)

    def linked_records(self) -> list[dict[str, str]]:
        # A fresh query, never a prefetched list that may predate the latest save.
        return [source.as_dict() for source in Source.objects.filter(section=self)]

    @staticmethod
    def linked_lines(records: list[dict[str, str]]) -> list[str]:
        fields = ("title", "publisher", "date", "url")
        return [". ".join(r[f] for f in fields if r.get(f)) for r in records]

    def set_linked(self, records: list[dict[str, str]]) -> None:
        """Replace the sources with these, in this order."""
        Source.objects.filter(section=self).delete()
        Source.objects.bulk_create(
            Source(section=self, order=number, **source)
            for number, source in enumerate(records, start=1)
        )

    def rendered_values(self, rendered: Rendered) -> dict:
        return {
            **super().rendered_values(rendered),
            "toc": [entry.__dict__ for entry in rendered.toc],
            "word_count": rendered.word_count,
        }

    @property
    def table_of_contents(self) -> list[TocEntry]:
        return [TocEntry(**entry) for entry in self.toc]

    @property
    def reading_minutes(self) -> int:
        return reading_minutes(self.word_count)

    @staticmethod
    def reading_order() -> models.QuerySet[Section]:
        """The published guide as menus and links need it: titles and addresses, in order."""
        return Section.objects.published().only("title", "slug", "order")

    def _neighbours(self, guide: list[Section] | None) -> tuple[Section | None, Section | None]:
        place = (self.order, self.title)
        others = [s for s in (guide or Section.reading_order()) if s.pk != self.pk]
        before = [section for section in others if (section.order, section.title) < place]
        after = [section for section in others if (section.order, section.title) > place]
        return (before[-1] if before else None, after[0] if after else None)

    def previous_section(self, guide: list[Section] | None = None) -> Section | None:
        """The published section just before this one in reading order (a draft being
        previewed sits where its order puts it). ``guide`` is the ``reading_order()``
        list when the caller has it already."""
        return self._neighbours(guide)[0]

    def next_section(self, guide: list[Section] | None = None) -> Section | None:
        """The published section just after this one in reading order."""
        return self._neighbours(guide)[1]


class Source(models.Model):
    """A reference the section's facts rest on, listed in its trust block."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="sources")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=500, blank=True)
    date = models.CharField(
        max_length=50, blank=True, help_text="As the source gives it, e.g. 6 December 2019."
    )

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    def as_dict(self) -> dict[str, str]:
        return {
            "title": self.title,
            "publisher": self.publisher,
            "url": self.url,
            "date": self.date,
        }


class GlossaryTermQuerySet(models.QuerySet):
    def for_linking(self) -> list[Term]:
        """The terms as the Markdown pipeline links them."""
        return [term.as_term() for term in self]


class GlossaryTerm(Reviewable, Versioned):
    """A technical word, explained in plain language on the glossary page and in a
    tooltip where the guide or the FAQ first uses it."""

    term = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(
        max_length=80, unique=True, help_text="The term's anchor: /glossary/#slug."
    )
    definition = models.CharField(
        max_length=400, help_text="One or two plain sentences; shown as the tooltip too."
    )
    aliases = models.CharField(
        max_length=300,
        blank=True,
        help_text="Other spellings or forms that should link here, separated by commas "
        "(plurals ending in s or es are matched anyway).",
    )
    last_reviewed = models.DateField(
        null=True, blank=True, help_text="When the definition was last checked for accuracy."
    )
    next_review_due = models.DateField(
        null=True, blank=True, help_text="When it must be checked again."
    )
    updated_at = models.DateTimeField(auto_now=True)
    synced_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = GlossaryTermQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["synced_hash"])

    review_title_field = "term"
    restorable_fields = ("term", "definition", "aliases")
    slug_link_kind = "glossary"
    slug_link_label = "glossary term"

    class Meta:
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term

    def save(self, *args, refresh_links: bool = True, **kwargs) -> None:
        super().save(*args, **kwargs)
        if refresh_links:
            glossary_changed.send(sender=GlossaryTerm)

    def get_absolute_url(self) -> str:
        return f"{page_url('articles:glossary')}#{self.slug}"

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        glossary_changed.send(sender=GlossaryTerm)
        return result

    @property
    def alias_list(self) -> list[str]:
        return [alias.strip() for alias in self.aliases.split(",") if alias.strip()]

    def as_term(self) -> Term:
        return Term(
            slug=self.slug,
            term=self.term,
            definition=self.definition,
            url=self.get_absolute_url(),
            aliases=tuple(self.alias_list),
        )
