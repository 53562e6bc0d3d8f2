"""What a searchable model hands to the search index (see ``exosite.search``)."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class SearchDocument:
    kind: str  # "section" or "question"
    title: str
    summary: str
    body_html: str
    url: str
    place: str  # where the result lives, shown to the visitor
    published: bool
    # A scheduled page: searchable from this time on, with no job to flip ``published``.
    publish_at: datetime.datetime | None = None
