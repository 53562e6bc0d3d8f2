from django.urls import path
from django.views.generic import RedirectView

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("guide/", RedirectView.as_view(pattern_name="articles:home", permanent=True)),
    path("guide/<slug:slug>/", views.section_detail, name="section"),
    path("glossary/", views.glossary, name="glossary"),
]
