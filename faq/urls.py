from django.urls import path

from faq import views

app_name = "faq"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.category_detail, name="category"),
    path("<slug:category>/<slug:slug>/", views.question_detail, name="question"),
]
