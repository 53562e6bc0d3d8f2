"""Shared fixtures: the real site loaded from content/ once per run, small factories, and
an editor.

Every test starts from the site as ``loadcontent`` builds it from content/: the content is
loaded once, when the test database is made, and each test rolls back to it at its end.
Transactional tests (the browser's) get it back from the serialized copy Django restores
before each of them.
"""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.db import connections

from articles.models import ContentBlock, GlossaryTerm, Page, Section
from exosite import search
from exosite.editorial import content_io
from exosite.editorial.groups import EDITORS_GROUP, REVIEWERS_GROUP
from exosite.editorial.models import Reviewer, Source

CONTENT_DIR = Path(settings.BASE_DIR) / "content"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        content_io.load(content_io.registered_kinds(), CONTENT_DIR)
        for connection in connections.all():
            if hasattr(connection, "_test_serialized_contents"):
                contents = connection.creation.serialize_db_to_string()
                connection._test_serialized_contents = contents


@pytest.fixture
def empty_site(db) -> None:
    """For tests that build their pages from nothing: the content loaded for the run is
    gone for this test (the rollback at its end brings it back). Rows are removed without
    signals, since nothing is left to re-render or re-index."""
    from faq.models import Category, Question

    for model in (
        Question.sections.through,
        Question,
        Category,
        Source,
        Section,
        Page,
        ContentBlock,
        GlossaryTerm,
    ):
        model.objects.all()._raw_delete(model.objects.db)
    search.rebuild()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, like a fresh process: the database is rolled
    back between tests, so pages cached by one test, or a database failure it simulated,
    must not leak into the next."""
    from exosite.web import health, page_cache

    cache.clear()
    health.forget_database_failure()
    page_cache.forget_failures()
    yield
    cache.clear()
    health.forget_database_failure()
    page_cache.forget_failures()


GUIDE_SLUGS = [
    "what-are-exosomes",
    "how-it-works",
    "results",
    "research",
    "cost",
    "safety",
    "regulation",
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
            "updated": datetime.date(2026, 11, 1),
            "author": "Test author",
        }
        values.update(overrides)
        return Section.objects.create(**values)

    return make


@pytest.fixture
def guide(db) -> list[Section]:
    """The real guide's sections, as content/ has them."""
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
def reviewer(db) -> User:
    """A medical reviewer: an account in the Medical reviewers group with a public profile."""
    user = User.objects.create_user(
        "reviewer", password="a-long-reviewer-password", is_staff=True, first_name="Rita"
    )
    user.groups.add(Group.objects.get(name=REVIEWERS_GROUP))
    Reviewer.objects.create(
        user=user,
        name="Dr Rita Example",
        slug="rita-example",
        credentials="MD",
        registered_with="Test Medical Board, licence T-1",
        role="Dermatologist",
        conflicts_of_interest="None declared.",
    )
    return user


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


@pytest.fixture
def site_content(db) -> None:
    """Everything in content/: the guide, the FAQ and the glossary (loaded once per run)."""


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
