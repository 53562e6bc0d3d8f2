from django.http import HttpRequest

from articles.models import Section
from exosite.web.site import SITE_NAME, SITE_TAGLINE, absolute_site_url


def site(request: HttpRequest) -> dict:
    """Names every page uses; the navigation itself comes from the guide's published sections."""
    site_url = absolute_site_url(request)
    return {
        "site_name": SITE_NAME,
        "site_tagline": SITE_TAGLINE,
        "site_url": site_url,
        # The page's address without its query string: one canonical URL per page.
        "canonical_url": f"{site_url}{request.path}",
        "guide_sections": Section.reading_order(),
    }
