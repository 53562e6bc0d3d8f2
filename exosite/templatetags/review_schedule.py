"""The review summary on the admin's home page."""

from django import template

from exosite.editorial.review import ReviewSchedule, review_schedule

register = template.Library()


@register.simple_tag(takes_context=True)
def review_summary(context) -> ReviewSchedule:
    request = context.get("request")
    return review_schedule(request.user if request is not None else None)
