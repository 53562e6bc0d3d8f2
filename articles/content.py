"""How the guide, the glossary, the content blocks and the standing pages are written as
files in content/.

``content/guide/<slug>.md``, one guide section per file; its front matter, in the order
export writes it::

    title, slug, order, status, publish_at, summary, key_takeaway, author, updated,
    sources, review_note

``content/blocks/<slug>.md``: ``title, slug, sources, review_note``;
``content/pages/<slug>.md``: ``title, slug, status, publish_at, summary, updated, sources,
review_note``; ``content/glossary/terms.yml``: a list of ``term, slug, definition,
aliases``.

``status`` is draft, scheduled, published or archived; ``publish_at`` (a date and time,
e.g. ``2027-01-15 09:00:00+00:00``) is needed for scheduled. Each of ``sources`` has a
``key`` (cited in the text as ``[^key]``), ``title`` and a ``url`` or ``doi``, and may
have ``publisher``, ``date``, ``checked`` and ``background``. Every field is checked by
the model's own form, as in the admin. Medical sign-offs are made in the admin, never in
a file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from articles.models import ContentBlock, GlossaryTerm, Page, Section
from exosite.editorial.content_io import ContentKind, Document, Problem, YamlListKind
from exosite.markdown.pages import glossary_changed


class GlossaryContent(YamlListKind):
    """content/glossary/terms.yml: the aliases are a YAML list (a comma-separated field in
    the admin)."""

    folder = "glossary"
    filename = "terms.yml"
    label = "glossary term"
    model = GlossaryTerm
    fields = ("term", "slug", "definition", "aliases")

    def check(self, document: Document) -> tuple[dict[str, Any], list[Problem]]:
        values, problems = super().check(document)
        aliases = document.front_matter.get("aliases") or []
        if not isinstance(aliases, list) or any("," in str(alias) for alias in aliases):
            problems.append(
                Problem(
                    document.path or Path("?"),
                    "'aliases' must be a list, each alias its own item, without commas",
                    document.line_of("aliases"),
                )
            )
        return values, problems

    def to_form(self, name: str, value: Any) -> Any:
        if name == "aliases" and isinstance(value, list):
            return ", ".join(str(alias) for alias in value)
        return super().to_form(name, value)

    def from_model(self, name: str, value: Any) -> Any:
        if name == "aliases" and isinstance(value, str):
            return [alias.strip() for alias in value.split(",") if alias.strip()]
        return super().from_model(name, value)

    def save(self, values: dict[str, Any], term: GlossaryTerm | None) -> GlossaryTerm:
        term = term or GlossaryTerm()
        for name in self.fields:
            setattr(term, name, values[name])
        term.save(refresh_links=False)  # once for the whole load, in after_load
        return term

    def after_load(self) -> None:
        glossary_changed.send(sender=GlossaryTerm)


class BlockContent(ContentKind):
    folder = "blocks"
    label = "content block"
    model = ContentBlock
    fields = ("title", "slug", "sources", "review_note")


class GuideContent(ContentKind):
    folder = "guide"
    label = "guide section"
    model = Section
    fields = (
        "title",
        "slug",
        "order",
        "status",
        "publish_at",
        "summary",
        "key_takeaway",
        "author",
        "updated",
        "sources",
        "review_note",
    )


class PageContent(ContentKind):
    folder = "pages"
    label = "page"
    model = Page
    fields = (
        "title",
        "slug",
        "status",
        "publish_at",
        "summary",
        "updated",
        "sources",
        "review_note",
    )


# The glossary first, so that pages created in the same load link its terms; blocks
# before the pages that include them.
CONTENT_KINDS: list[ContentKind] = [
    GlossaryContent(),
    BlockContent(),
    GuideContent(),
    PageContent(),
]
