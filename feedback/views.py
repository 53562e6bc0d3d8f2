"""Where "Was this page helpful?" is sent. Without JavaScript the answer comes as a normal
POST and the reader is sent back to the page, where "#feedback-thanks" shows the thanks
(so the page itself stays the same cached HTML for everyone); with JavaScript it comes by
fetch and the answer is JSON. No cookie is set and nothing about the sender is kept."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from exosite.web.security import same_origin_post
from feedback.forms import FeedbackForm
from feedback.models import Feedback
from feedback.protection import SenderCount, fresh_token

THANKS = "Thank you. Your answer goes to the editors who keep this page up to date."
TOO_MANY = (
    "We have had a lot of answers from your connection in a short time. Please try again "
    "in a few minutes."
)


@require_http_methods(["POST"])
@same_origin_post
def send(request: HttpRequest) -> HttpResponse:
    form = FeedbackForm(request.POST)
    if form.is_trapped():  # a script filled in the field people never see
        return _thanks(request, "/")
    if not form.is_valid():
        return _problem(request, form, status=400)
    if not SenderCount(request).allows_another():
        return _problem(request, form, status=429, message=TOO_MANY)
    Feedback.objects.create(
        page=form.page,
        helpful=form.cleaned_data["helpful"] == "yes",
        comment=form.cleaned_data["comment"],
    )
    return _thanks(request, form.page)


def _wants_json(request: HttpRequest) -> bool:
    return request.headers.get("Accept", "").startswith("application/json")


def _thanks(request: HttpRequest, page: str) -> HttpResponse:
    if _wants_json(request):
        return _kept_nowhere(JsonResponse({"message": THANKS}))
    if not url_has_allowed_host_and_scheme(page, allowed_hosts=None):
        page = "/"
    return _kept_nowhere(HttpResponseRedirect(f"{page}#feedback-thanks", status=303))


def _problem(
    request: HttpRequest, form: FeedbackForm, *, status: int, message: str = ""
) -> HttpResponse:
    """The answer was not saved: say why, and give the form back with the comment in it."""
    messages = [message] if message else [e for errors in form.errors.values() for e in errors]
    if _wants_json(request):
        return _kept_nowhere(JsonResponse({"error": " ".join(messages)}, status=status))
    token = fresh_token(form.data.get("token", ""))
    context = {
        "messages_for_reader": messages,
        "comment": form.data.get("comment", ""),
        "token": token or "",
        "page": token.rsplit(":", 2)[0] if token else None,
    }
    return _kept_nowhere(render(request, "feedback/problem.html", context, status=status))


def _kept_nowhere(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response
