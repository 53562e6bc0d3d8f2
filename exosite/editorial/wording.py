"""How people and dates are written for editors and readers: one way each, everywhere.

Dates read "1 December 2026" and moments "1 December 2026, 09:30" in the site's time zone,
as on the public pages (their templates use the same ``j F Y`` form).
"""

from __future__ import annotations

import datetime

from django.utils import timezone


def display_name(user) -> str:
    """A person as the admin names them: their full name, else their user name."""
    return user.get_full_name() or user.get_username()


def date_label(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def moment_label(moment: datetime.datetime) -> str:
    moment = timezone.localtime(moment)
    return f"{moment.day} {moment:%B %Y, %H:%M}"
