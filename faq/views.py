from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from articles.models import Section
from exosite.editorial.publishing import gone_when_archived, visible_page_or_404
from exosite.web.page_cache import public_page
from exosite.web.structured_data import faq_page
from faq.models import Category, Question


def _categories_with_questions(questions) -> list[Category]:
    """Categories in order, each with its visible questions; empty categories left out."""
    categories = Category.objects.prefetch_related(
        Prefetch("questions", queryset=questions, to_attr="visible_questions")
    )
    return [category for category in categories if category.visible_questions]


def _questions(request: HttpRequest):
    return (
        Question.objects.visible_to(request.user)
        .select_related("category")
        .prefetch_related(Prefetch("sections", queryset=Section.reading_order()))
    )


@public_page
def index(request: HttpRequest) -> HttpResponse:
    categories = _categories_with_questions(_questions(request).order_by("order", "question"))
    questions = [question for category in categories for question in category.visible_questions]
    context = {
        "categories": categories,
        "questions": questions,
        # Search engines get the public answers only, even on a staff preview.
        "structured_data": faq_page([question for question in questions if question.is_published]),
        "breadcrumbs": [{"title": "Questions and answers", "url": Category.index_url()}],
    }
    return render(request, "faq/index.html", context)


@public_page
def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(Category, slug=slug)
    questions = list(_questions(request).filter(category=category).order_by("order", "question"))
    if not questions:
        raise Http404("This category has no published questions.")
    context = {
        "category": category,
        "questions": questions,
        "breadcrumbs": [
            {"title": "Questions and answers", "url": Category.index_url()},
            {"title": category.title, "url": category.get_absolute_url()},
        ],
    }
    return render(request, "faq/category_detail.html", context)


@public_page
@gone_when_archived
def question_detail(request: HttpRequest, category: str, slug: str) -> HttpResponse:
    question = visible_page_or_404(
        request,
        Question.objects.select_related("category").prefetch_related(
            Prefetch("sections", queryset=Section.reading_order())
        ),
        slug=slug,
        category__slug=category,
    )
    others = (
        Question.objects.published()
        .select_related("category")
        .filter(category=question.category)
        .exclude(pk=question.pk)
        .order_by("order")
    )
    context = {
        "question": question,
        "other_questions": others,
        "breadcrumbs": [
            {"title": "Questions and answers", "url": Category.index_url()},
            {"title": question.category.title, "url": question.category.get_absolute_url()},
            {"title": question.question, "url": question.get_absolute_url()},
        ],
    }
    return render(request, "faq/question_detail.html", context)
