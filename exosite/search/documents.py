"""What the search index keeps of a page (see ``exosite.search``).

Every Markdown page that names a ``search_place`` ("Guide", "Questions and answers") is
searchable; its entry is built from the page itself, so no model writes its own.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from exosite.markdown.pages import MarkdownPage, markdown_page_models


def searchable_models() -> list[type[MarkdownPage]]:
    return [model for model in markdown_page_models() if getattr(model, "search_place", "")]


def is_searchable(model: type) -> bool:
    return issubclass(model, MarkdownPage) and bool(getattr(model, "search_place", ""))


@dataclass(frozen=True)
class SearchDocument:
    page_type: str  # the model's name: "section", "question"
    title: str
    summary: str
    body_html: str
    url: str
    place: str  # where the result lives, shown to the visitor
    # Who may find it: the page's publishing status, and for a scheduled page the time it
    # goes live (compared with the clock when searching, so no job has to flip a flag).
    status: str
    publish_at: datetime.datetime | None = None

    @classmethod
    def of(cls, page: MarkdownPage) -> SearchDocument:
        return cls(
            page_type=page._meta.model_name,
            title=str(page),
            summary=getattr(page, "summary", ""),
            body_html=page.rendered_html,
            url=page.get_absolute_url(),
            place=page.search_place,
            status=page.status,
            publish_at=page.publish_at,
        )
