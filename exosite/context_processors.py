from django.conf import settings
from django.http import HttpRequest

SITE_NAME = "exosite"
SITE_TAGLINE = "Plain answers about exosome therapy for the skin"


def site(request: HttpRequest) -> dict:
    """Names every page uses; the navigation itself comes from the guide's published sections."""
    from articles.models import Section

    return {
        "site_name": SITE_NAME,
        "site_tagline": SITE_TAGLINE,
        "site_url": settings.SITE_URL or request.build_absolute_uri("/").rstrip("/"),
        "guide_sections": Section.objects.published().only("title", "slug", "order"),
    }
