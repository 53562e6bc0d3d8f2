"""The tools' pages. The index, the cost estimator and the empty self-check are public
pages like any other (cached, shareable: nothing about the reader's health is in their
addresses). What a reader sends about their health (the self-check without JavaScript)
is answered once with ``Cache-Control: no-store`` and kept nowhere: not in the database,
the cache, a cookie, a log line or an address."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from articles.models import Page, Section
from exosite.web.page_cache import public_page
from exosite.web.security import same_origin_post
from exosite.web.site import absolute_site_url
from faq.models import Question
from tools import aftercare, self_check
from tools.cost import estimate
from tools.forms import CostForm, ReminderForm
from tools.models import FollowUpInterval

NOTHING_KEPT = "no-store"


# The standing page listed with the tools: questions to print and take to a clinic.
CONSULTATION_QUESTIONS = "questions-for-your-consultation"


@public_page
def index(request: HttpRequest) -> HttpResponse:
    """The tools, and the questions to take to a consultation while that page is published
    (so the list never links to a page readers cannot open)."""
    consultation = Page.objects.published().filter(slug=CONSULTATION_QUESTIONS).first()
    return render(
        request,
        "tools/index.html",
        {
            "consultation": consultation,
            "breadcrumbs": [{"title": "Tools", "url": request.path}],
        },
    )


@public_page(query=CostForm.PARAMETERS)
def cost(request: HttpRequest) -> HttpResponse:
    """The full-course cost estimator: a GET form answered on the server, so a result has
    its own address. It reads only ``CostForm.PARAMETERS`` from the query string."""
    form = CostForm.from_query(request.GET)
    result = estimate(**form.estimate_arguments()) if form.is_valid() else None
    context = {
        "form": form,
        "chosen_extras": form.data.getlist("extra"),
        "answers_address": f"{request.path}?{form.address()}",
        "estimate": result,
        "interval": result.interval if result else FollowUpInterval.objects.first(),
        "breadcrumbs": [
            {"title": "Tools", "url": "/tools/"},
            {"title": "Cost of a full course", "url": request.path},
        ],
    }
    return render(request, "tools/cost.html", context)


def read_more_links(concerns) -> dict[tuple[str, str], tuple[str, str]]:
    """(title, address) of each published guide section and FAQ answer the concerns point
    to, by ("guide" or "faq", slug); a page that is not published is left out, so no
    link leads nowhere."""
    wanted = {kind: set() for kind in ("guide", "faq")}
    for concern in concerns:
        for kind, slug in concern.read_more:
            wanted[kind].add(slug)
    links = {}
    for section in Section.objects.published().filter(slug__in=wanted["guide"]):
        links["guide", section.slug] = (section.title, section.get_absolute_url())
    questions = Question.objects.published().select_related("category")
    for question in questions.filter(slug__in=wanted["faq"]):
        links["faq", question.slug] = (question.question, question.get_absolute_url())
    return links


def _with_links(items) -> list[tuple]:
    """Each item (a self-check concern, a timeline stage) with its read-more links."""
    links = read_more_links(items)
    return [(item, [links[ref] for ref in item.read_more if ref in links]) for item in items]


def _self_check_context(result: self_check.Result | None) -> dict:
    return {
        "health": self_check.HEALTH,
        "hopes": self_check.HOPES,
        "always": self_check.ALWAYS,
        "result": result,
        "ticked": result.ticked if result else set(),
        "items": _with_links([*self_check.CONCERNS, self_check.ALWAYS]),
        "breadcrumbs": [
            {"title": "Tools", "url": "/tools/"},
            {"title": "Is it for me?", "url": "/tools/is-it-for-me/"},
        ],
    }


def _self_check_answered(request: HttpRequest) -> HttpResponse:
    """The list for the boxes ticked, worked out from the POST body and forgotten with
    this response: nothing is written anywhere, and the page says it must not be kept
    (``@public_page`` marks every answer to a POST ``no-store``)."""
    ticked = {key for key in self_check.KEYS if request.POST.get(key) == "yes"}
    return render(
        request, "tools/is_it_for_me.html", _self_check_context(self_check.Result(ticked))
    )


@public_page(methods=("GET", "HEAD", "POST"))
@same_origin_post
def is_it_for_me(request: HttpRequest) -> HttpResponse:
    """The self-check. With JavaScript the page works out the list in the browser and
    sends nothing; without it, the form is POSTed here once."""
    if request.method == "POST":
        return _self_check_answered(request)
    return render(request, "tools/is_it_for_me.html", _self_check_context(None))


def _timeline(request: HttpRequest, form: ReminderForm, status: int = 200) -> HttpResponse:
    context = {
        "stages": _with_links(aftercare.STAGES),
        "when_to_get_help": aftercare.when_to_get_help(),
        "help_scope": aftercare.WHEN_TO_GET_HELP,
        "form": form,
        "breadcrumbs": [
            {"title": "Tools", "url": "/tools/"},
            {"title": "Aftercare timeline", "url": "/tools/aftercare-timeline/"},
        ],
    }
    return render(request, "tools/aftercare_timeline.html", context, status=status)


@public_page
def aftercare_timeline(request: HttpRequest) -> HttpResponse:
    return _timeline(request, ReminderForm())


@require_http_methods(["POST"])
@same_origin_post
def aftercare_reminders(request: HttpRequest) -> HttpResponse:
    """A calendar file of reminders from the treatment day in the POST body, made for this
    response only; a day that cannot be used gets the timeline back with the reason."""
    form = ReminderForm(request.POST)
    if not form.is_valid():
        response = _timeline(request, form, status=400)
    else:
        page = absolute_site_url(request) + "/tools/aftercare-timeline/"
        response = HttpResponse(
            aftercare.calendar_file(form.cleaned_data["treatment_day"], page, request.get_host()),
            content_type="text/calendar; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="exosite-aftercare-reminders.ics"'
    response["Cache-Control"] = NOTHING_KEPT
    return response
