"""The guide and the glossary: the Markdown sections read in order, the plain-language
definitions the pipeline links on first use, the content blocks pages include (the one
urgent-care message, the checklists), and the site's standing pages (about us, the
editorial policy, privacy, the Before you book checklist)."""

from __future__ import annotations

from django.db import models
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords

from exosite.editorial.concurrency import Versioned
from exosite.editorial.models import Cited
from exosite.editorial.page_urls import page_url
from exosite.editorial.publishing import Publishable, PublishableQuerySet
from exosite.editorial.review import Reviewable
from exosite.editorial.revisions import LinkedRecords
from exosite.markdown.glossary import Term
from exosite.markdown.pages import (
    ContentsAndLength,
    MarkdownPage,
    glossary_changed,
    refresh_pages_including,
)

# What a revision does not store: HTML and word counts are made again from the Markdown.
RENDERED_FIELDS = ["body_html", "toc", "word_count", "references", "synced_hash"]

BODY_HELP = (
    "Markdown. Start headings at ## (the title is the page's only top heading). Cite a "
    "source after the claim it supports: [^key]. Include a content block with a line "
    '{{ urgent-care }}. Callouts: a line such as  !!! warning "Title"  (or note, '
    "important, doctor, normal, clinic, urgent, emergency), then the text indented four "
    "spaces."
)


class Section(ContentsAndLength, Cited, MarkdownPage, Publishable, Reviewable, Versioned):
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
    body = MarkdownxField(help_text=BODY_HELP)
    body_html = models.TextField(editable=False, default="")
    author = models.CharField(
        max_length=200, help_text="Who wrote it, as the page names them (a team or a person)."
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Hash of the section as it was when it last matched its file in content/ (set by
    # loadcontent and exportcontent); a different hash now means an admin edit.
    synced_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = PublishableQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=RENDERED_FIELDS, bases=[LinkedRecords])

    # What restoring a revision brings back (status and review dates stay as they are).
    restorable_fields = ("title", "summary", "key_takeaway", "body", "author")

    page_label = "Guide section"
    public_view = "articles:section"
    slug_link_kind = "guide"
    slug_link_label = "guide section"
    search_place = "Guide"

    class Meta(Reviewable.Meta):
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return page_url("articles:section", slug=self.slug)

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
    updated_at = models.DateTimeField(auto_now=True)
    synced_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = GlossaryTermQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["synced_hash"])

    review_title_field = "term"
    restorable_fields = ("term", "definition", "aliases")
    slug_link_kind = "glossary"
    slug_link_label = "glossary term"

    class Meta(Reviewable.Meta):
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


class ContentBlock(Cited, MarkdownPage, Reviewable, Versioned):
    """Text that must read the same wherever it appears, written once: the urgent-care
    message, the Before you book checklists. A page includes one with a line holding only
    ``{{ slug }}``; changing the block changes every page that includes it."""

    title = models.CharField(max_length=120, help_text="What editors call it (not shown).")
    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text="How pages include it: a line {{ slug }}. It cannot be changed later.",
    )
    body = MarkdownxField(
        help_text="Markdown, without a top heading (the including page gives one). Cite its "
        "own sources with [^key]."
    )
    body_html = models.TextField(editable=False, default="")
    updated_at = models.DateTimeField(auto_now=True)
    synced_hash = models.CharField(max_length=64, blank=True, editable=False)

    history = HistoricalRecords(
        excluded_fields=["body_html", "references", "synced_hash"], bases=[LinkedRecords]
    )

    restorable_fields = ("title", "body")
    page_label = "Content block"

    class Meta(Reviewable.Meta):
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """A block has no page of its own: it is seen on the checklist that gathers them."""
        return page_url("page", slug="before-you-book")

    def after_sources_changed(self) -> None:
        super().after_sources_changed()
        refresh_pages_including(self.slug)


class Page(ContentsAndLength, Cited, MarkdownPage, Publishable, Reviewable, Versioned):
    """A standing page of the site: about us, the editorial policy, privacy, the printable
    Before you book checklist."""

    title = models.CharField(max_length=120)
    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text="The page's address, e.g. /about/. It cannot be changed later.",
    )
    summary = models.CharField(
        max_length=300, help_text="One plain sentence: shown under the title and in search."
    )
    body = MarkdownxField(help_text=BODY_HELP)
    body_html = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    synced_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = PublishableQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=RENDERED_FIELDS, bases=[LinkedRecords])

    restorable_fields = ("title", "summary", "body")
    page_label = "Page"
    public_view = "page"
    slug_link_kind = "page"
    slug_link_label = "page"
    search_place = "About this site"

    class Meta(Reviewable.Meta):
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return page_url("page", slug=self.slug)
