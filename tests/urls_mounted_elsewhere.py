"""The site's URLconf mounted under /elsewhere/, for tests that swap ROOT_URLCONF."""

from django.urls import include, path

urlpatterns = [path("elsewhere/", include("exosite.urls"))]
