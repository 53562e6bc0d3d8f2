"""What a Markdown page is: a model whose text editors write in Markdown, rendered once on
save and stored as HTML, so that no reader's request ever renders Markdown.

An app says a model is a Markdown page by subclassing ``MarkdownPage`` and naming its
fields. Everything that works on "every Markdown page" finds the subclasses here, so no
shared code names an app:

* rendering on save, with the glossary linked and slug links resolved (``save``);
* rendering again, without a revision, when the glossary changes or a page that slug
  links name appears, moves or goes (the receivers at the end of this module);
* the link check (``exosite.editorial.linkcheck``) and the search index
  (``exosite.search``) read ``markdown_page_models()``.

Which model is the glossary is the setting ``GLOSSARY_MODEL`` (like ``AUTH_USER_MODEL``);
its objects give the pipeline their ``as_term()``. Which model holds the content blocks
that ``{{ slug }}`` includes is ``CONTENT_BLOCK_MODEL``.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from exosite.markdown import (
    Rendered,
    TocEntry,
    normalise_newlines,
    reading_minutes,
    render,
    scope_of,
)
from exosite.markdown import limits as markdown_limits
from exosite.markdown.citations import Block, Reference, included_slugs
from exosite.markdown.glossary import Term
from exosite.markdown.slug_links import link_targets, page_urls

# Sent once after glossary terms were added, changed or removed, so that every Markdown
# page is rendered again with the new terms.
glossary_changed = Signal()
# Sent (sender: the model, instance: the page) after a page was rendered again without
# being saved, so that what keeps a copy of its text (the search index) keeps up.
page_rendered_again = Signal()


class _Batch:
    """Many pages saved in one go (a content load): the glossary is read once, and pages
    are rendered again once at the end instead of after every save that affects them."""

    def __init__(self) -> None:
        self.terms: list[Term] | None = None
        self.everything = False  # the glossary changed: every page
        self.pending: set[tuple[type[MarkdownPage], int]] = set()

    def render_again(self) -> None:
        if self.everything:
            render_every_page_again()
            return
        by_model: dict[type[MarkdownPage], set[int]] = {}
        for model, pk in self.pending:
            by_model.setdefault(model, set()).add(pk)
        for model, pks in by_model.items():
            for page in model._base_manager.filter(pk__in=pks):
                page.refresh_rendering()


_batch: contextvars.ContextVar[_Batch | None] = contextvars.ContextVar("batch", default=None)


@contextlib.contextmanager
def batch() -> Iterator[None]:
    """Save many pages; every page is rendered once more at the end, with everything
    they link to, include and cite in place, if any page changed."""
    current = _Batch()
    token = _batch.set(current)
    try:
        yield
    finally:
        _batch.reset(token)
    current.render_again()


class MarkdownPage(models.Model):
    """A page written in Markdown. Subclasses set the names of their fields:

    * ``markdown_field``: the Markdown editors write (default ``body``);
    * ``html_field``: where the rendered HTML is stored (default ``body_html``);
    * ``page_label``: what editors call one, e.g. "Guide section" (in link-check reports);
    * ``public_view``: the URL name of its public page, e.g. "articles:section".

    A subclass that stores more than the HTML (a contents list, a word count) extends
    ``rendered_values``.
    """

    # The page's reference list as readers see it: its sources and its blocks' sources,
    # numbered as the citations in the text are (see exosite.markdown.citations).
    references = models.JSONField(default=list, editable=False)

    markdown_field = "body"
    html_field = "body_html"
    page_label = "Page"
    public_view = ""
    # Shown with other pages on one page (FAQ answers): heading ids start with the slug,
    # and citations link to the reference list on the page's own page.
    shown_with_others = False

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        setattr(self, self.markdown_field, normalise_newlines(self.markdown_text))
        values = self.rendered_values(self.render_markdown())
        for name, value in values.items():
            setattr(self, name, value)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *values}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        """Refuse, with a sentence the editor can act on, Markdown too large or tangled to
        render in reasonable time (``exosite.markdown.limits``)."""
        super().clean()
        found = markdown_limits.problems(normalise_newlines(self.markdown_text or ""))
        if found:
            raise ValidationError({self.markdown_field: found})

    @property
    def markdown_text(self) -> str:
        return getattr(self, self.markdown_field)

    @property
    def rendered_html(self) -> str:
        return getattr(self, self.html_field)

    @property
    def citation_scope(self) -> str:
        """The part of citation ids that is this page's (see ``render``)."""
        return scope_of(getattr(self, "slug", ""))

    @property
    def reference_list(self) -> list[Reference]:
        return [Reference.from_dict(entry) for entry in self.references]

    def citation_sources(self) -> list[Reference]:
        """The page's own sources, which its text cites as [^key] (none by default)."""
        return []

    def render_markdown(self, text: str | None = None) -> Rendered:
        """The page's text as it is published today: glossary linked, slug links resolved,
        blocks included, citations numbered. The slug keeps tooltip and citation ids
        unique where several pages share one page."""
        return render_with_glossary(
            self.markdown_text if text is None else text,
            scope=getattr(self, "slug", ""),
            references=self.citation_sources(),
            scoped_headings=self.shown_with_others,
            citation_base=self.get_absolute_url() if self.shown_with_others else "",
        )

    def rendered_values(self, rendered: Rendered) -> dict[str, Any]:
        """The stored fields a rendering sets."""
        return {
            self.html_field: rendered.html,
            "references": [reference.as_dict() for reference in rendered.references],
        }

    def refresh_rendering(self) -> None:
        """Render again (the glossary or a linked page changed) without touching anything
        else: the text is the same, so this is not a revision and changes no dates. In a
        batch, this waits for the batch's end."""
        if (current := _batch.get()) is not None:
            current.pending.add((type(self), self.pk))
            return
        values = self.rendered_values(self.render_markdown())
        for name, value in values.items():
            setattr(self, name, value)
        type(self)._base_manager.filter(pk=self.pk).update(**values)
        page_rendered_again.send(sender=type(self), instance=self)


class ContentsAndLength(models.Model):
    """For a long page: its contents list ("On this page") and word count, stored with its
    HTML."""

    toc = models.JSONField(editable=False, default=list)
    word_count = models.PositiveIntegerField(editable=False, default=0)

    class Meta:
        abstract = True

    def rendered_values(self, rendered: Rendered) -> dict[str, Any]:
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


def markdown_page_models() -> list[type[MarkdownPage]]:
    return [model for model in apps.get_models() if issubclass(model, MarkdownPage)]


def glossary_terms() -> list[Term]:
    """Today's glossary, as the pipeline links it (none without ``GLOSSARY_MODEL``); read
    once per batch."""
    current = _batch.get()
    if current is not None and current.terms is not None:
        return current.terms
    label = getattr(settings, "GLOSSARY_MODEL", "")
    terms = (
        [entry.as_term() for entry in apps.get_model(label)._default_manager.all()] if label else []
    )
    if current is not None:
        current.terms = terms
    return terms


def content_blocks(slugs) -> dict[str, Block]:
    """The blocks that exist among these slugs (none without ``CONTENT_BLOCK_MODEL``)."""
    label = getattr(settings, "CONTENT_BLOCK_MODEL", "")
    if not label:
        return {}
    model = apps.get_model(label)
    return {
        block.slug: Block(block.markdown_text, block.citation_sources())
        for block in model._default_manager.filter(slug__in=set(slugs))
    }


def render_with_glossary(
    text: str,
    scope: str = "",
    references: list[Reference] | tuple = (),
    scoped_headings: bool = False,
    citation_base: str = "",
) -> Rendered:
    """What pages store: the text rendered with today's glossary, slug links turned into
    the current addresses of the pages they name, and content blocks included."""
    return render(
        text,
        terms=glossary_terms(),
        scope=scope,
        resolve_links=page_urls,
        references=references,
        resolve_blocks=content_blocks,
        scoped_headings=scoped_headings,
        citation_base=citation_base,
    )


def render_preview(text: str, references: list[Reference] | tuple = ()) -> Rendered:
    """What the editor's live preview shows: the text exactly as it will be published,
    its citations numbered against the page's sources."""
    return render_with_glossary(text, scope="preview", references=references)


def render_markdown(text: str) -> str:
    """markdownx's MARKDOWNX_MARKDOWNIFY_FUNCTION: the same HTML the public page shows."""
    return render_preview(text).html


def refresh_pages_including(slug: str) -> None:
    """Render again every page that includes the block ``slug``."""
    for model in markdown_page_models():
        lookup = {f"{model.markdown_field}__contains": slug}
        for page in model._base_manager.filter(**lookup):
            if slug in included_slugs(page.markdown_text):
                page.refresh_rendering()


def refresh_pages_linking_to(kind: str, slug: str) -> None:
    """Render again every page whose Markdown links to ``kind:slug``."""
    for model in markdown_page_models():
        lookup = {f"{model.markdown_field}__contains": f"{kind}:{slug}"}
        for page in model._base_manager.filter(**lookup):
            page.refresh_rendering()


@receiver(glossary_changed, dispatch_uid="markdown-pages-glossary-changed")
def render_every_page_again(**kwargs) -> None:
    if (current := _batch.get()) is not None:
        current.everything = True
        current.terms = None
        return
    for model in markdown_page_models():
        for page in model._base_manager.all():
            page.refresh_rendering()


@receiver(post_save, dispatch_uid="markdown-pages-link-target-saved")
@receiver(post_delete, dispatch_uid="markdown-pages-link-target-deleted")
def render_pages_linking_to(sender, instance, raw: bool = False, **kwargs) -> None:
    """A page that slug links can name appeared, moved (a question changed category) or
    went: the pages linking to it get its new address, or show the link as broken."""
    kind = getattr(sender, "slug_link_kind", None)
    if raw or kind is None or link_targets().get(kind) is not sender:
        return
    refresh_pages_linking_to(kind, instance.slug)


@receiver(post_save, dispatch_uid="markdown-pages-block-saved")
@receiver(post_delete, dispatch_uid="markdown-pages-block-deleted")
def render_pages_including(sender, instance, raw: bool = False, **kwargs) -> None:
    """A content block changed (or went): every page that includes it is rendered again."""
    label = getattr(settings, "CONTENT_BLOCK_MODEL", "")
    if raw or not label or sender is not apps.get_model(label):
        return
    refresh_pages_including(instance.slug)
