from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from articles.models import GlossaryTerm, Page, Section
from exosite.editorial.publishing import gone_when_archived, visible_page_or_404
from exosite.web.page_cache import public_page
from exosite.web.site import SITE_NAME, absolute_site_url
from exosite.web.structured_data import defined_term_set, medical_web_page


@public_page
def home(request: HttpRequest) -> HttpResponse:
    """The guide's overview: what the therapy is, the sections in order, the key takeaways."""
    sections = list(Section.objects.published())
    return render(request, "articles/home.html", {"sections": sections})


@public_page
@gone_when_archived
def section_detail(request: HttpRequest, slug: str) -> HttpResponse:
    section = visible_page_or_404(
        request, Section.objects.select_related("medical_reviewer"), slug=slug
    )
    guide = list(Section.reading_order())
    context = {
        # The menus' list, fetched once for the menus and the pager alike.
        "guide_sections": guide,
        "section": section,
        "breadcrumbs": [{"title": section.title, "url": section.get_absolute_url()}],
        "previous_section": section.previous_section(guide),
        "next_section": section.next_section(guide),
        "structured_data": medical_web_page(section, absolute_site_url(request), SITE_NAME),
        "related_questions": list(
            section.questions.published()
            .select_related("category")
            .only("question", "slug", "category__slug")  # what a link needs, no more
            .order_by("category__order", "order")
        ),
    }
    return render(request, "articles/section_detail.html", context)


@public_page
def glossary(request: HttpRequest) -> HttpResponse:
    """Every term, alphabetically (sorted here, so every database orders them alike)."""
    terms = sorted(GlossaryTerm.objects.all(), key=lambda term: term.term.lower())
    letters: dict[str, list[GlossaryTerm]] = {}
    for term in terms:
        letters.setdefault(term.term[0].upper(), []).append(term)
    reviewed = [term.last_reviewed for term in terms]
    context = {
        "letters": letters,
        # The date by which every definition had been checked; none until all have been.
        "glossary_reviewed": min(reviewed) if reviewed and all(reviewed) else None,
        "structured_data": defined_term_set(terms, absolute_site_url(request), request.path),
        "breadcrumbs": [{"title": "Glossary", "url": request.path}],
    }
    return render(request, "articles/glossary.html", context)


# Standing pages printed and taken to a clinic show how to print them.
PRINTABLE_PAGES = {"before-you-book", "questions-for-your-consultation"}


@public_page
@gone_when_archived
def page_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A standing page: about us, the editorial policy, privacy, Before you book."""
    page = visible_page_or_404(request, Page.objects.select_related("medical_reviewer"), slug=slug)
    context = {
        "page": page,
        "printable": page.slug in PRINTABLE_PAGES,
        "breadcrumbs": [{"title": page.title, "url": page.get_absolute_url()}],
    }
    return render(request, "articles/page_detail.html", context)
