"""The site's own name and public address, for pages, feeds and structured data."""

from django.conf import settings
from django.http import HttpRequest

SITE_NAME = "exosite"
SITE_TAGLINE = "Plain answers about exosome therapy for the skin"


def absolute_site_url(request: HttpRequest) -> str:
    """The site's public address: SITE_URL when set, else the address of this request."""
    return settings.SITE_URL or request.build_absolute_uri("/").rstrip("/")
