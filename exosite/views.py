from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from articles.models import Section
from exosite import search
from faq.models import Question


def search_page(request: HttpRequest) -> HttpResponse:
    """Results for ?q=, ranked; with no results, the guide and common questions instead."""
    query = search.parse_query(request.GET.get("q", ""))
    results = search.search(query)
    context = {"query": query, "results": results, "searched": bool(request.GET.get("q"))}
    if not results:
        context["suggested_sections"] = Section.objects.published()
        context["suggested_questions"] = common_questions()
    return render(request, "search/results.html", context)


def common_questions(limit: int = 6) -> list[Question]:
    """The first published question of each FAQ category: the ones people ask first."""
    first_of_each: dict[int, Question] = {}
    for question in (
        Question.objects.published().select_related("category").order_by("category__order", "order")
    ):
        first_of_each.setdefault(question.category_id, question)
    return list(first_of_each.values())[:limit]
