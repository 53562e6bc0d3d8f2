"""Guard rails on publishing actions, for every page with a status (``Publishable``).

``PublishingGuards`` is mixed into the admin of every kind of page. For pages with a
status it:

* refuses "Scheduled" with a publish time that has passed, in the change form and in the
  list's in-place status editing (``Publishable.past_schedule_problem``);
* adds a "Visitors" column to the list: "Live now" or "Not live".
"""

from __future__ import annotations

from django.contrib import admin

from exosite.editorial.publishing import Publishable

STATUS_COLUMNS = ("status", "publication")


def _refuses_past_schedules(form_class):
    """The admin's form, with the past-schedule check run on the page as it would be
    saved (after the model's own checks, so a missing publish time is reported first)."""

    class ScheduleCheckedForm(form_class):
        def _post_clean(self):
            super()._post_clean()
            if self.has_error("status") or self.has_error("publish_at"):
                return
            problem = self.instance.past_schedule_problem()
            if problem:
                self.add_error("status" if "status" in self.fields else None, problem)

    ScheduleCheckedForm.__name__ = form_class.__name__
    return ScheduleCheckedForm


class PublishingGuards:
    """Admin guard rails for pages with a status; harmless for other models."""

    @property
    def _has_status(self) -> bool:
        return issubclass(self.model, Publishable)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return _refuses_past_schedules(form) if self._has_status else form

    def get_changelist_form(self, request, **kwargs):
        form = super().get_changelist_form(request, **kwargs)
        return _refuses_past_schedules(form) if self._has_status else form

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        if not self._has_status or "visitors" in columns:
            return columns
        after = next((i for i, name in enumerate(columns) if name in STATUS_COLUMNS), None)
        columns.insert(len(columns) if after is None else after + 1, "visitors")
        return columns

    @admin.display(description="Visitors")
    def visitors(self, page: Publishable) -> str:
        return page.visitors_label
