"""``{% feedback_form %}``: "Was this page helpful?" at the foot of any page. The form is
the same for every reader of the page, so the page can still be cached."""

from django import template

from feedback.forms import MAX_COMMENT
from feedback.protection import form_token

register = template.Library()


@register.inclusion_tag("feedback/form.html", takes_context=True)
def feedback_form(context, comment: str = "", token: str = "") -> dict:
    page = context["request"].path
    return {
        "token": token or form_token(page),
        "comment": comment,
        "max_comment": MAX_COMMENT,
    }
