from django import template
from django.utils.safestring import mark_safe

from exosite.web import structured_data

register = template.Library()


@register.filter
def json_ld(data) -> str:
    """{{ structured_data|json_ld }} writes a safe <script type="application/ld+json">."""
    return structured_data.script_tag(data) if data else ""


@register.simple_tag(takes_context=True)
def site_structured_data(context) -> str:
    """The JSON-LD every page carries: the site with its search, and the breadcrumbs."""
    site_url = context.get("site_url", "")
    blocks = [
        structured_data.website(
            site_url, context.get("site_name", ""), context.get("site_tagline", "")
        )
    ]
    crumbs = context.get("breadcrumbs")
    if crumbs:
        blocks.append(structured_data.breadcrumb_list(site_url, crumbs))
    return mark_safe("".join(structured_data.script_tag(block) for block in blocks))
