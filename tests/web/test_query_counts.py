"""Every public page makes a small, fixed number of database queries, however much content
there is: no query per section, question or term (no N+1)."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import GlossaryTerm, Section
from exosite.web import page_cache
from faq.models import Category, Question

PAGES = [
    "/",
    "/guide/cost/",
    "/faq/",
    "/faq/cost/",
    "/faq/cost/cost-in-korea/",
    "/glossary/",
    "/search/?q=cost",
    "/search/?q=xylophone",
    "/sitemap.xml",
    "/feed/",
    "/robots.txt",
    "/tools/cost/?country=kr&extra=consultation",
    "/tools/is-it-for-me/",
    "/tools/aftercare-timeline/",
]
# The most any page may make when rendered afresh (a cached page makes none).
BUDGET = 12


def queries_to_render(path: str) -> int:
    cache.clear()  # render afresh
    # The page cache's own check of the content state is made once every few seconds per
    # process, not per page: it is not the page's.
    page_cache.current_state()
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(path, secure=True)
    assert response.status_code == 200, path
    return len(queries)


def add_lots_of_content() -> None:
    """Triple the site: more sections with sources, questions linked to sections, terms."""
    sections = list(Section.objects.all())
    categories = list(Category.objects.all())
    for number in range(8):
        section = Section.objects.create(
            title=f"Extra section {number}",
            slug=f"extra-section-{number}",
            order=100 + number,
            status=Section.Status.PUBLISHED,
            summary="More to read.",
            body="## Part\n\nWords about cost and aftercare.\n",
            updated=datetime.date(2026, 11, 1),
            author="Editorial team",
        )
        sections.append(section)
        section.set_sources(
            [{"key": f"s{n}", "title": f"Source {n}", "url": "https://a.example"} for n in range(3)]
        )
        section.after_sources_changed()
    for number in range(40):
        question = Question.objects.create(
            category=categories[number % len(categories)],
            question=f"Extra question {number} about cost?",
            slug=f"extra-question-{number}",
            answer="A short answer about cost.",
            order=50 + number,
            status=Question.Status.PUBLISHED,
        )
        question.sections.set(sections[number % len(sections) :][:2])
    # In bulk: saving terms one by one would re-render every page forty times.
    GlossaryTerm.objects.bulk_create(
        GlossaryTerm(term=f"Extra term {n}", slug=f"extra-term-{n}", definition="Plain words.")
        for n in range(40)
    )


@pytest.mark.parametrize("path", PAGES)
def test_a_page_makes_the_same_few_queries_however_much_content_there_is(site_content, path):
    Question.objects.filter(slug="cost-in-korea").get().sections.set(Section.objects.all()[:3])
    before = queries_to_render(path)
    add_lots_of_content()
    after = queries_to_render(path)
    assert after == before, f"{path}: {before} queries before, {after} after adding content"
    assert before <= BUDGET, f"{path} makes {before} queries"


@pytest.mark.parametrize("path", PAGES)
def test_a_cached_page_makes_no_queries_at_all(site_content, path):
    client = Client()
    client.get(path, secure=True)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, secure=True)
    assert response["X-Page-Cache"] == "hit"
    assert len(queries) == 0, [query["sql"] for query in queries.captured_queries]
