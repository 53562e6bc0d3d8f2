from django.conf import settings
from django.http import HttpRequest

SITE_NAME = "exosite"
SITE_TAGLINE = "Plain answers about exosome therapy for the skin"


def absolute_site_url(request: HttpRequest) -> str:
    """The site's public address: SITE_URL when set, else the address of this request."""
    return settings.SITE_URL or request.build_absolute_uri("/").rstrip("/")


def site(request: HttpRequest) -> dict:
    """Names every page uses; the navigation itself comes from the guide's published sections."""
    from articles.models import Section

    site_url = absolute_site_url(request)
    return {
        "site_name": SITE_NAME,
        "site_tagline": SITE_TAGLINE,
        "site_url": site_url,
        # The page's address without its query string: one canonical URL per page.
        "canonical_url": f"{site_url}{request.path}",
        "guide_sections": Section.reading_order(),
    }
