from django import template

from exosite import structured_data

register = template.Library()


@register.filter
def json_ld(data) -> str:
    """{{ structured_data|json_ld }} writes a safe <script type="application/ld+json">."""
    return structured_data.script_tag(data) if data else ""
