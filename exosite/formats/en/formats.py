"""Dates as the site writes them everywhere, the admin's lists included: "1 December 2026"
(Django's English default would be "Dec. 1, 2026")."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
