from django.urls import path

from tools import views

app_name = "tools"

urlpatterns = [
    path("", views.index, name="index"),
    path("cost/", views.cost, name="cost"),
    path("is-it-for-me/", views.is_it_for_me, name="is-it-for-me"),
    path("aftercare-timeline/", views.aftercare_timeline, name="aftercare-timeline"),
    path("aftercare-timeline/reminders/", views.aftercare_reminders, name="aftercare-reminders"),
]
