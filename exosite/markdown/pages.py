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
its objects give the pipeline their ``as_term()``.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from exosite.markdown import Rendered, normalise_newlines, render
from exosite.markdown import limits as markdown_limits
from exosite.markdown.glossary import Term
from exosite.markdown.slug_links import link_targets, page_urls

# Sent once after glossary terms were added, changed or removed, so that every Markdown
# page is rendered again with the new terms.
glossary_changed = Signal()


class MarkdownPage(models.Model):
    """A page written in Markdown. Subclasses set the names of their fields:

    * ``markdown_field``: the Markdown editors write (default ``body``);
    * ``html_field``: where the rendered HTML is stored (default ``body_html``);
    * ``page_label``: what editors call one, e.g. "Guide section" (in link-check reports);
    * ``public_view``: the URL name of its public page, e.g. "articles:section".

    A subclass that stores more than the HTML (a contents list, a word count) extends
    ``rendered_values``.
    """

    markdown_field = "body"
    html_field = "body_html"
    page_label = "Page"
    public_view = ""

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

    def render_markdown(self) -> Rendered:
        """The page's text as it is published today: glossary linked, slug links resolved.
        The slug keeps glossary tooltip ids unique where several pages share one page."""
        return render_with_glossary(self.markdown_text, scope=getattr(self, "slug", ""))

    def rendered_values(self, rendered: Rendered) -> dict[str, Any]:
        """The stored fields a rendering sets."""
        return {self.html_field: rendered.html}

    def refresh_rendering(self) -> None:
        """Render again (the glossary or a linked page changed) without touching anything
        else: the text is the same, so this is not a revision and changes no dates."""
        values = self.rendered_values(self.render_markdown())
        for name, value in values.items():
            setattr(self, name, value)
        type(self)._base_manager.filter(pk=self.pk).update(**values)


def markdown_page_models() -> list[type[MarkdownPage]]:
    return [model for model in apps.get_models() if issubclass(model, MarkdownPage)]


def glossary_terms() -> list[Term]:
    """Today's glossary, as the pipeline links it (none without ``GLOSSARY_MODEL``)."""
    label = getattr(settings, "GLOSSARY_MODEL", "")
    if not label:
        return []
    return [entry.as_term() for entry in apps.get_model(label)._default_manager.all()]


def render_with_glossary(text: str, scope: str = "") -> Rendered:
    """What pages store: the text rendered with today's glossary, and slug links turned
    into the current addresses of the pages they name."""
    return render(text, terms=glossary_terms(), scope=scope, resolve_links=page_urls)


def render_preview(text: str) -> Rendered:
    """What the editor's live preview shows: the text exactly as it will be published."""
    return render_with_glossary(text, scope="preview")


def render_markdown(text: str) -> str:
    """markdownx's MARKDOWNX_MARKDOWNIFY_FUNCTION: the same HTML the public page shows."""
    return render_preview(text).html


def refresh_pages_linking_to(kind: str, slug: str) -> None:
    """Render again every page whose Markdown links to ``kind:slug``."""
    for model in markdown_page_models():
        lookup = {f"{model.markdown_field}__contains": f"{kind}:{slug}"}
        for page in model._base_manager.filter(**lookup):
            page.refresh_rendering()


@receiver(glossary_changed, dispatch_uid="markdown-pages-glossary-changed")
def render_every_page_again(**kwargs) -> None:
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
