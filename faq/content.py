"""How the FAQ is written in content/faq/.

``categories.yml`` lists the categories (slug, title, order, description). Each
question is its own file, ``<slug>.md``, with the answer as its body::

    question, slug, category, order, status, publish_at, updated, sections, sources,
    review_note

``category`` is a category's slug and ``sections`` the slugs of the guide sections the
answer relates to (each lists the question in return). ``sources`` are the answer's own
(cited as ``[^key]``); without them it shows its guide sections' sources.
"""

from __future__ import annotations

from articles.models import Section
from exosite.editorial.content_io import ContentKind, YamlListKind
from faq.models import Category, Question


class CategoryContent(YamlListKind):
    folder = "faq"
    filename = "categories.yml"
    label = "FAQ category"
    model = Category
    fields = ("slug", "title", "order", "description")

    def export_order(self, category: Category):
        return (category.order, category.slug)


class QuestionContent(ContentKind):
    folder = "faq"
    label = "FAQ question"
    model = Question
    fields = (
        "question",
        "slug",
        "category",
        "order",
        "status",
        "publish_at",
        "updated",
        "sections",
        "sources",
        "review_note",
    )
    related = {"category": (Category, False), "sections": (Section, True)}


CONTENT_KINDS: list[ContentKind] = [CategoryContent(), QuestionContent()]
