"""Links by slug: ``[cost](guide:cost)``, ``[question](faq:cost-in-korea)``,
``[term](glossary:exosome)``, each optionally with ``#anchor``.

A slug never changes once a page exists (see ``FixedSlugAdminMixin``), while a page's
address can (a question moves to another category, the guide moves under a new path).
So editors may link by slug and the Markdown pipeline turns the slug into the page's
current address when the text is rendered. A slug that names no page, or a page readers
cannot see (a draft, an archived page), renders as plain text marked ``link--broken``
(the editor's preview shows why); the link check reports it.

Pages store their rendered HTML, so when a page that slug links name appears, moves
(a question changes category) or goes, the pages that link to it are rendered again
(``exosite.markdown.pages``). A model becomes a link target by declaring its
``slug_link_kind`` and ``slug_link_label``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db import models

SLUG_LINK = re.compile(
    r"^(?P<kind>[a-z]+):(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)(?:#(?P<anchor>[\w-]+))?$"
)

HELP_TEXT = (
    "Link to another page by its slug, so the link survives address changes: "
    "[cost](guide:cost), [a question](faq:does-it-hurt), [a term](glossary:exosome); "
    "add #anchor for a heading, e.g. guide:cost#rough-price-ranges."
)


@functools.cache
def link_targets() -> dict[str, type[models.Model]]:
    """The kinds of page a slug link can name: every model that declares its
    ``slug_link_kind`` ("guide") and ``slug_link_label`` ("guide section")."""
    return {
        model.slug_link_kind: model
        for model in apps.get_models()
        if getattr(model, "slug_link_kind", None)
    }


@dataclass(frozen=True)
class SlugLink:
    kind: str
    slug: str
    anchor: str = ""

    @classmethod
    def parse(cls, href: str) -> SlugLink | None:
        """The slug link an href is written as, or None if it is an ordinary address."""
        match = SLUG_LINK.match(href.strip())
        if match is None or match["kind"] not in link_targets():
            return None
        return cls(match["kind"], match["slug"], match["anchor"] or "")

    @property
    def target(self) -> tuple[str, str]:
        return (self.kind, self.slug)

    @property
    def kind_name(self) -> str:
        return link_targets()[self.kind].slug_link_label

    def missing_message(self) -> str:
        return f"No {self.kind_name} has the slug “{self.slug}”."

    def hidden_message(self) -> str:
        return f"This {self.kind_name} is not published: the link works once it is."

    def url(self, page_url: str) -> str:
        """The address to link to: the page's, with this link's own anchor if it has one."""
        return f"{page_url.split('#')[0]}#{self.anchor}" if self.anchor else page_url


def find_targets(links: Iterable[SlugLink]) -> dict[tuple[str, str], object]:
    """The objects the links name, by (kind, slug): one query per kind that is used."""
    slugs_by_kind: dict[str, set[str]] = {}
    for link in links:
        slugs_by_kind.setdefault(link.kind, set()).add(link.slug)
    found: dict[tuple[str, str], object] = {}
    for kind, slugs in slugs_by_kind.items():
        model = link_targets()[kind]
        queryset = model._default_manager.filter(slug__in=slugs)
        # A page whose address names another object (a question's category) says so.
        if related := getattr(model, "slug_link_related", ()):
            queryset = queryset.select_related(*related)
        found.update({(kind, obj.slug): obj for obj in queryset})
    return found


def is_linkable(obj: object) -> bool:
    """Readers may follow a link to it: it is public, or scheduled to become public (so
    the link works the moment it does). A draft or an archived page is not linked, so its
    address never appears on a public page."""
    if not hasattr(obj, "is_published"):
        return True
    return bool(obj.is_published or getattr(obj, "goes_live_at", None))


def page_urls(links: Iterable[SlugLink]) -> dict[tuple[str, str], str | None]:
    """The current address of each page the links name; None for a page readers cannot
    see; unknown slugs are left out.

    This is the resolver that ``render_with_glossary`` hands to the Markdown pipeline.
    """
    return {
        target: obj.get_absolute_url() if is_linkable(obj) else None
        for target, obj in find_targets(links).items()
    }
