"""The home page's short answers and quick facts, from the figures editors keep, so the
guide's overview needs nothing from its own view: ``{% load quick_answers %}``."""

from django import template

from tools.models import PriceFigure, QuickFact, StudiedCourse

register = template.Library()


@register.inclusion_tag("tools/includes/quick_answers.html")
def quick_answers() -> dict:
    """Six shortcuts, each with its answer in a few words."""
    return {"us_session": PriceFigure.objects.filter(item="session", country="us").first()}


@register.inclusion_tag("tools/includes/quick_facts.html")
def quick_facts() -> dict:
    """The dated facts panel: the editors' quick facts, then session prices and the
    sessions studies gave, each with its source and when it was last checked."""
    return {
        "facts": list(QuickFact.objects.all()),
        "prices": list(PriceFigure.objects.filter(item="session").order_by("-country")),
        "studies": list(StudiedCourse.objects.all()),
    }
