"""The site's URLconf plus one public page that counts how often it is rendered, for the
tests of the page cache's render lock."""

import time

from django.http import HttpResponse
from django.urls import include, path

from exosite.web.page_cache import public_page

renders: list[float] = []


@public_page
def counted(request):
    renders.append(time.monotonic())
    time.sleep(0.3)  # long enough for every other reader to arrive while it renders
    return HttpResponse(f"<p>Rendering number {len(renders)}</p>\n" * 40)


urlpatterns = [path("counted/", counted), path("", include("exosite.urls"))]
