"""Shared fixtures: small factories, the real guide loaded from content/, and an editor."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.cache import cache

from articles.content import GuideContent
from articles.models import Section
from exosite.editorial import content_io
from exosite.editorial.groups import EDITORS_GROUP

CONTENT_DIR = Path(settings.BASE_DIR) / "content"


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: the database is rolled back between tests,
    so pages and login counts cached by one test must not leak into the next."""
    cache.clear()
    yield
    cache.clear()


GUIDE_SLUGS = [
    "what-are-exosomes",
    "how-it-works",
    "results",
    "cost",
    "safety",
    "candidates",
    "aftercare",
]


@pytest.fixture
def make_section(db):
    counter = iter(range(100, 10_000))

    def make(**overrides) -> Section:
        number = next(counter)
        values = {
            "title": f"Section {number}",
            "slug": f"section-{number}",
            "order": number,
            "status": Section.Status.PUBLISHED,
            "summary": f"Summary of section {number}.",
            "body": "## First part\n\nSome words.\n\n## Second part\n\nMore words.\n",
            "last_reviewed": datetime.date(2026, 11, 1),
            "next_review_due": datetime.date(2027, 5, 1),
            "author": "Test author",
            "reviewer": "Test reviewer",
        }
        values.update(overrides)
        return Section.objects.create(**values)

    return make


@pytest.fixture
def guide(db) -> list[Section]:
    """The real guide, loaded from content/ the way `manage.py loadcontent` does."""
    content_io.load([GuideContent()], CONTENT_DIR)
    return list(Section.objects.all())


@pytest.fixture
def editor(db) -> User:
    user = User.objects.create_user("editor", password="a-long-editor-password", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def site_content(db) -> None:
    """Everything in content/: the guide and the FAQ, loaded as `loadcontent` does."""
    content_io.load(content_io.registered_kinds(), CONTENT_DIR)


@pytest.fixture
def make_question(db):
    from faq.models import Category, Question

    counter = iter(range(100, 10_000))

    def make(category: str = "basics", sections=(), **overrides) -> Question:
        number = next(counter)
        category_obj, _ = Category.objects.get_or_create(
            slug=category, defaults={"title": category.title(), "order": number}
        )
        values = {
            "question": f"Question number {number}?",
            "slug": f"question-{number}",
            "answer": f"Answer number {number}.",
            "order": number,
            "status": Question.Status.PUBLISHED,
            "category": category_obj,
        }
        values.update(overrides)
        question = Question.objects.create(**values)
        question.sections.set(sections)
        return question

    return make
