"""How the FAQ is written in content/faq/.

``categories.yml`` lists the categories (slug, title, order, description). Each
question is its own file, ``<slug>.md``, with the answer as its body::

    question, slug, category, order, status, publish_at, last_reviewed,
    next_review_due, sections

``sections`` lists the slugs of guide sections the answer relates to. ``publish_at`` is
needed for a scheduled question. ``next_review_due`` is left out when it is the usual six
months after ``last_reviewed``.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from articles.content import GuideContent, check_schedule
from articles.models import Section
from exosite.editorial.content_io import (
    Checked,
    ContentKind,
    Document,
    FieldChecker,
    Problem,
    YamlListKind,
    omit_empty,
)
from exosite.editorial.review import REVIEW_INTERVAL
from exosite.editorial.revisions import record_linked
from faq.models import Category, Question


class CategoryContent(YamlListKind):
    folder = "faq"
    filename = "categories.yml"
    label = "FAQ category"
    model = Category
    fields = ("slug", "title", "order", "description")

    def check(self, document: Document) -> tuple[dict[str, Any], list[Problem]]:
        check = FieldChecker(document, self.fields, Category)
        values = {
            "slug": check.slug(),
            "title": check.text("title"),
            "order": check.integer("order"),
            "description": check.text("description", required=False),
        }
        return values, check.problems

    def export_order(self, category: Category):
        return (category.order, category.slug)

    def values_of(self, category: Category) -> dict[str, Any]:
        return {name: getattr(category, name) for name in self.fields}

    def save(self, values: dict[str, Any], category: Category | None) -> Category:
        category = category or Category()
        for key in self.fields:
            setattr(category, key, values[key])
        category.save()
        return category


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
        "last_reviewed",
        "next_review_due",
        "sections",
    )

    def check(self, document: Document) -> tuple[dict[str, Any], list[Problem]]:
        check = FieldChecker(document, self.fields, Question)
        values = {
            "question": check.text("question"),
            "slug": check.slug(),
            "category": check.slug("category"),
            "order": check.integer("order"),
            "status": check.choice("status", Question.Status.values, Question.Status.DRAFT),
            "publish_at": check.moment("publish_at"),
            "last_reviewed": check.date("last_reviewed"),
            "next_review_due": check.date("next_review_due", required=False),
            "sections": check.string_list("sections"),
            "body": document.body,
        }
        check_schedule(check, values)
        first, due = values["last_reviewed"], values["next_review_due"]
        if first and due is None:
            values["next_review_due"] = first + REVIEW_INTERVAL
        elif first and due and due < first:
            check.fail("next_review_due", "'next_review_due' must be on or after 'last_reviewed'")
        if values["question"] and not values["question"].endswith("?"):
            check.fail("question", "'question' should be written as a question, ending in '?'")
        if not document.body.strip():
            check.fail("question", "the question has no answer: write it below the front matter")
        return values, check.problems

    def check_all(self, checked: list[Checked], loading: dict[str, list[Checked]]) -> list[Problem]:
        """Every question's category and sections must exist, in this load or already."""
        categories = {values["slug"] for _, values in loading.get(CategoryContent.label, [])}
        sections = {values["slug"] for _, values in loading.get(GuideContent.label, [])}
        sections |= set(Section.objects.values_list("slug", flat=True))
        problems = []
        for document, values in checked:
            path = document.path
            if values["category"] not in categories:
                problems.append(
                    Problem(
                        path,
                        f"the category '{values['category']}' is not in categories.yml "
                        f"(known: {', '.join(sorted(categories))})",
                        document.line_of("category"),
                    )
                )
            for slug in values["sections"]:
                if slug not in sections:
                    problems.append(
                        Problem(
                            path,
                            f"'sections' names '{slug}', which is not a guide section",
                            document.line_of("sections"),
                        )
                    )
        return problems

    def values_of(self, question: Question) -> dict[str, Any]:
        return {
            "question": question.question,
            "slug": question.slug,
            "category": question.category.slug,
            "order": question.order,
            "status": question.status,
            "publish_at": question.publish_at,
            "last_reviewed": question.last_reviewed,
            "next_review_due": question.next_review_due,
            "sections": [section.slug for section in question.sections.all()],
            "body": question.answer,
        }

    def front_matter(self, values: dict[str, Any]) -> dict[str, Any]:
        front = {key: values[key] for key in self.fields}
        front["sections"] = sorted(front["sections"])  # one canonical order, for stable files
        if front["last_reviewed"] and front["next_review_due"] == (
            front["last_reviewed"] + REVIEW_INTERVAL
        ):
            front["next_review_due"] = None  # the usual interval goes without saying
        return omit_empty(front)

    def queryset(self):
        return Question.objects.select_related("category").prefetch_related("sections")

    @transaction.atomic
    def save(self, values: dict[str, Any], question: Question | None) -> Question:
        question = question or Question()
        question.question = values["question"]
        question.slug = values["slug"]
        question.category = Category.objects.get(slug=values["category"])
        question.order = values["order"]
        question.status = values["status"]
        question.publish_at = values["publish_at"]
        question.last_reviewed = values["last_reviewed"]
        question.next_review_due = values["next_review_due"]
        question.answer = values["body"]
        question.save()
        question.set_linked(values["sections"])
        record_linked(question)
        return question


CONTENT_KINDS: list[ContentKind] = [CategoryContent(), QuestionContent()]
