"""The tools' forms. The cost estimator's is read from the address (GET), so a result can
be shared and cached; the self-check's and the reminders' are sent once (POST) and kept
nowhere."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django import forms
from django.http import QueryDict
from django.utils import timezone

from tools.cost import Delivery, Extra
from tools.models import Country, Goal

MAX_SESSIONS = 20


class CostForm(forms.Form):
    """What the estimator needs. Every field has a default, so a link that gives only some
    of them (``?country=kr``) still shows a result."""

    country = forms.ChoiceField(choices=Country.choices, initial=Country.US)
    goal = forms.ChoiceField(choices=Goal.choices, initial=Goal.ACNE_SCARS)
    delivery = forms.ChoiceField(choices=Delivery.CHOICES, initial=Delivery.MICRONEEDLING)
    sessions = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_SESSIONS,
        error_messages={
            "invalid": "Enter the number of sessions as a whole number, such as 3.",
            "min_value": "Enter at least 1 session.",
            "max_value": f"Enter {MAX_SESSIONS} sessions or fewer.",
        },
    )
    extra = forms.MultipleChoiceField(choices=Extra.CHOICES, required=False)
    followups = forms.ChoiceField(choices=[("yes", "Yes"), ("no", "No")], initial="yes")

    # The GET parameters the estimator reads, and nothing else.
    PARAMETERS = ("country", "goal", "delivery", "sessions", "extra", "followups")

    @classmethod
    def from_query(cls, query: QueryDict) -> CostForm:
        data = QueryDict(mutable=True)
        for name in cls.PARAMETERS:
            values = [value for value in query.getlist(name) if value != ""]
            if values:
                data.setlist(name, values[:10])
            elif cls.base_fields[name].initial is not None:
                data[name] = cls.base_fields[name].initial
        return cls(data)

    def address(self) -> str:
        """The query string of these answers and nothing else, in a fixed order: the same
        page whatever else the link carried."""
        pairs = [(name, value) for name in self.PARAMETERS for value in self.data.getlist(name)]
        return urlencode(pairs)

    def estimate_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "country": data["country"],
            "goal": data["goal"],
            "delivery": data["delivery"],
            "sessions": data["sessions"],
            "extras": data["extra"],
            "follow_ups": data["followups"] == "yes",
        }


class SelfCheckForm(forms.Form):
    """The "Is it for me?" answers, sent only when JavaScript is off. Each is a tick box
    ("this applies to me"); nothing else is asked, and nothing is kept."""

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[question.key] = forms.BooleanField(required=False, label=question.text)


class ReminderForm(forms.Form):
    """The treatment day a reader enters to get calendar reminders: used once, kept nowhere."""

    treatment_day = forms.DateField(
        label="Your treatment day",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": "Enter the day of your treatment to make the reminders.",
            "invalid": "Enter the day as a date, for example 2027-03-14.",
        },
    )

    def clean_treatment_day(self) -> datetime.date:
        day = self.cleaned_data["treatment_day"]
        today = timezone.localdate()
        if not today - datetime.timedelta(days=365) <= day <= today + datetime.timedelta(days=730):
            raise forms.ValidationError(
                "Enter a day within the last year or the next two years: the reminders are for "
                "a treatment you have had or have booked."
            )
        return day
