"""How a guide section is written as a file in content/guide/<slug>.md.

Front matter fields, in the order export writes them::

    title, slug, order, status, publish_at, summary, key_takeaway,
    last_reviewed, next_review_due, author, reviewer, sources

``status`` is draft, scheduled, published or archived; ``publish_at`` (a date and time,
e.g. ``2027-01-15 09:00:00+00:00``) is needed for scheduled and left out otherwise.

``sources`` is a list of entries with ``title`` and optionally ``publisher``,
``url`` and ``date``. Optional fields are left out when empty.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.db import transaction

from articles.models import GlossaryTerm, Section
from exosite.editorial.content_io import (
    ContentKind,
    Document,
    FieldChecker,
    Problem,
    YamlListKind,
    omit_empty,
)
from exosite.editorial.revisions import record_linked
from exosite.markdown.pages import glossary_changed

SOURCE_FIELDS = ("title", "publisher", "url", "date")


def check_schedule(check: FieldChecker, values: dict[str, Any]) -> None:
    """A scheduled page needs its publish time; shared by every kind with a status."""
    if values["status"] == Section.Status.SCHEDULED and values["publish_at"] is None:
        check.fail("status", "a scheduled page needs 'publish_at': the date and time it goes live")


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
        "last_reviewed",
        "next_review_due",
        "author",
        "reviewer",
        "sources",
    )

    def check(self, document: Document) -> tuple[dict[str, Any], list[Problem]]:
        check = FieldChecker(document, self.fields, Section)
        values = {
            "title": check.text("title"),
            "slug": check.slug(),
            "order": check.integer("order"),
            "status": check.choice("status", Section.Status.values, Section.Status.DRAFT),
            "publish_at": check.moment("publish_at"),
            "summary": check.text("summary"),
            "key_takeaway": check.text("key_takeaway", required=False),
            "last_reviewed": check.date("last_reviewed"),
            "next_review_due": check.date("next_review_due"),
            "author": check.text("author"),
            "reviewer": check.text("reviewer"),
            "sources": check.mapping_list("sources", SOURCE_FIELDS, required=("title",)),
            "body": document.body,
        }
        check_schedule(check, values)
        first, due = values["last_reviewed"], values["next_review_due"]
        if first and due and due < first:
            check.fail("next_review_due", "'next_review_due' must be on or after 'last_reviewed'")
        for number, source in enumerate(values["sources"], start=1):
            url = source["url"]
            if url and (urlsplit(url).scheme not in {"http", "https"} or not urlsplit(url).netloc):
                check.fail("sources", f"entry {number} of 'sources' has a url that is not http(s)")
        if not document.body.strip():
            check.fail("title", "the file has no body text after its front matter")
        return values, check.problems

    def values_of(self, section: Section) -> dict[str, Any]:
        return {
            "title": section.title,
            "slug": section.slug,
            "order": section.order,
            "status": section.status,
            "publish_at": section.publish_at,
            "summary": section.summary,
            "key_takeaway": section.key_takeaway,
            "last_reviewed": section.last_reviewed,
            "next_review_due": section.next_review_due,
            "author": section.author,
            "reviewer": section.reviewer,
            "sources": [source.as_dict() for source in section.sources.all()],
            "body": section.body,
        }

    def front_matter(self, values: dict[str, Any]) -> dict[str, Any]:
        front = omit_empty({key: values[key] for key in self.fields})
        if "sources" in front:
            front["sources"] = [omit_empty(source) for source in front["sources"]]
        return front

    def queryset(self):
        return Section.objects.prefetch_related("sources")

    @transaction.atomic
    def save(self, values: dict[str, Any], section: Section | None) -> Section:
        section = section or Section()
        for key, value in values.items():
            if key != "sources":
                setattr(section, key, value)
        section.save()
        section.set_linked(values["sources"])
        record_linked(section)
        return section


class GlossaryContent(YamlListKind):
    """content/glossary/terms.yml: a list of terms with slug, definition and aliases, and
    optionally ``last_reviewed`` and ``next_review_due`` (left out until a term is reviewed)."""

    folder = "glossary"
    filename = "terms.yml"
    label = "glossary term"
    model = GlossaryTerm
    fields = ("term", "slug", "definition", "aliases", "last_reviewed", "next_review_due")

    def check(self, document: Document) -> tuple[dict[str, Any], list[Problem]]:
        check = FieldChecker(document, self.fields, GlossaryTerm)
        values = {
            "term": check.text("term"),
            "slug": check.slug(),
            "definition": check.text("definition"),
            "aliases": check.string_list("aliases"),
            "last_reviewed": check.date("last_reviewed", required=False),
            "next_review_due": check.date("next_review_due", required=False),
        }
        if any("," in alias for alias in values["aliases"]):
            check.fail("aliases", "write each alias as its own list item, without commas")
        first, due = values["last_reviewed"], values["next_review_due"]
        if first and due and due < first:
            check.fail("next_review_due", "'next_review_due' must be on or after 'last_reviewed'")
        return values, check.problems

    def values_of(self, term: GlossaryTerm) -> dict[str, Any]:
        return {
            "term": term.term,
            "slug": term.slug,
            "definition": term.definition,
            "aliases": term.alias_list,
            "last_reviewed": term.last_reviewed,
            "next_review_due": term.next_review_due,
        }

    def save(self, values: dict[str, Any], term: GlossaryTerm | None) -> GlossaryTerm:
        term = term or GlossaryTerm()
        term.term = values["term"]
        term.slug = values["slug"]
        term.definition = values["definition"]
        term.aliases = ", ".join(values["aliases"])
        term.last_reviewed = values["last_reviewed"]
        term.next_review_due = values["next_review_due"]
        term.save(refresh_links=False)  # once for the whole load, in after_load
        return term

    def after_load(self) -> None:
        glossary_changed.send(sender=GlossaryTerm)


# The glossary first, so that sections created in the same load link its terms.
CONTENT_KINDS: list[ContentKind] = [GlossaryContent(), GuideContent()]
