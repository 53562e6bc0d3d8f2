import os

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import requires_csrf_token
from django.views.static import serve

from articles.models import Page, Section
from exosite import search
from exosite.editorial.models import Reviewer
from exosite.editorial.page_urls import page_url
from exosite.web import page_cache
from exosite.web.page_cache import public_page
from exosite.web.security import csp_nonce
from exosite.web.site import absolute_site_url
from faq.models import Question


@public_page(query=("q",))
def search_page(request: HttpRequest) -> HttpResponse:
    """Results for ?q=, ranked; with no results, the guide and common questions instead."""
    query = search.parse_query(request.GET.get("q", ""))
    results = search.search(query)
    context = {"query": query, "results": results, "search_text": query.text}
    if not results:
        context["suggested_sections"] = Section.objects.published()
        context["suggested_questions"] = common_questions()
    return render(request, "search/results.html", context)


@public_page
def reviewer(request: HttpRequest, slug: str) -> HttpResponse:
    """A medical reviewer's public profile: credentials, registration, conflicts, and the
    pages they have signed off."""
    profile = get_object_or_404(Reviewer, slug=slug)
    reviewed = [
        page
        for model in (Section, Question, Page)
        for page in model.objects.published().filter(medical_reviewer=profile)
    ]
    context = {
        "reviewer": profile,
        "reviewed_pages": reviewed,
        "breadcrumbs": [
            {"title": "About us", "url": page_url("page", slug="about")},
            {"title": profile.name, "url": profile.get_absolute_url()},
        ],
    }
    return render(request, "reviewer.html", context)


def common_questions(limit: int = 6) -> list[Question]:
    """The first published question of each FAQ category: the ones people ask first."""
    first_of_each: dict[int, Question] = {}
    for question in (
        Question.objects.published().select_related("category").order_by("category__order", "order")
    ):
        first_of_each.setdefault(question.category_id, question)
    return list(first_of_each.values())[:limit]


@public_page
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /markdownx/",
        "Disallow: /search/",
        f"Sitemap: {absolute_site_url(request)}{reverse('sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@cache_control(max_age=86400, public=True)
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico even when the page names its icon."""
    return redirect(static("img/favicon.svg"), permanent=True)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page: standalone, so it renders even when the database or templates that
    need context are broken; the nonce lets its inline styles through the CSP."""
    html = loader.get_template("500.html").render({"csp_nonce": csp_nonce(request)})
    return HttpResponse(html, status=500)


def benchmark_floor(request: HttpRequest) -> HttpResponse:
    """The benchmark's reference: a fixed string through the full middleware stack, the
    fastest any Django page here could be. Routed only when BENCHMARK_ENDPOINTS is on."""
    return HttpResponse("exosite", content_type="text/plain; charset=utf-8")


def benchmark_cache(request: HttpRequest) -> JsonResponse:
    """How many pages this process's page cache holds, for the benchmark's cache flood.
    Routed only when BENCHMARK_ENDPOINTS is on."""
    return JsonResponse({"process": os.getpid(), "pages": page_cache.stored_page_count()})


def media_file(request: HttpRequest, path: str) -> HttpResponse:
    """An uploaded image. A name the file system cannot even look up (too long, say)
    is simply not there. Every upload gets a new random name, so a file never changes:
    browsers and shared caches may keep it for a year."""
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except (OSError, ValueError):
        raise Http404("No such file.") from None
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
