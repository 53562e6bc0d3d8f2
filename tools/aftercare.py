"""The aftercare timeline, stage by stage from the treatment day, and the calendar file of
reminders built from a reader's treatment day.

The stages say what the guide's aftercare and safety pages say, arranged by time, with
their sources. When to call the clinic, see a doctor or call the emergency number is the
site's one urgent-care message, the content block ``urgent-care``, shown once near the top
of the page (``when_to_get_help``); a stage adds only what its timing brings, such as lumps
that can appear weeks later. The calendar file is made for one response from the day the
reader enters and stored nowhere (see ``tools.views.aftercare_reminders``).
"""

from __future__ import annotations

import calendar
import datetime
import uuid
from dataclasses import dataclass

from exosite.markdown import Rendered
from exosite.markdown.pages import render_with_glossary
from tools.sources import SOURCES, Source

# The content block with the urgent-care message, and where the timeline shows it.
URGENT_CARE_BLOCK = "urgent-care"
WHEN_TO_GET_HELP = "when-to-get-help"


def when_to_get_help() -> Rendered | None:
    """The urgent-care block through the site's Markdown pipeline (glossary, citations
    numbered for this page), or None when there is no such block to show."""
    rendered = render_with_glossary(f"{{{{ {URGENT_CARE_BLOCK} }}}}", scope=WHEN_TO_GET_HELP)
    if rendered.problems or not rendered.html.strip():
        return None
    return rendered


@dataclass(frozen=True)
class Stage:
    key: str
    title: str
    when: str
    normal: tuple[str, ...]
    to_do: tuple[str, ...]
    sources: tuple[str, ...]
    # What to look out for at this time in particular, beyond "When to get help".
    watch_for: tuple[str, ...] = ()
    # Where the site says more: ("guide", slug) or ("faq", slug).
    read_more: tuple[tuple[str, str], ...] = ()

    @property
    def cited(self) -> list[Source]:
        return [SOURCES[key] for key in self.sources]


LATE_LUMPS = (
    "Firm, red bumps or lumps can appear where you were treated, even weeks later. Doctors "
    "in South Korea reported 8 people with such lumps, 2 weeks to 3 months after exosome "
    "injections. Call your clinic if you get them."
)

STAGES = [
    Stage(
        key="first-hours",
        title="The first hours",
        when="The day of your treatment",
        normal=(
            "Some redness, swelling or tenderness where you were treated.",
            "A little bruising or itching.",
        ),
        to_do=(
            "Follow your clinic's own steps first.",
            "Do not touch the treated area.",
            "Keep it clean.",
            "Use a cold pack if your provider says it is fine. It may help with swelling.",
        ),
        sources=("background", "cleveland-co2"),
        read_more=(("faq", "what-to-do-right-after"), ("guide", "aftercare")),
    ),
    Stage(
        key="days-1-3",
        title="Days 1 to 3",
        when="The first 24 to 72 hours, or as long as your clinic says",
        normal=(
            "Mild redness, swelling, soreness, bruising or itching. These often fade within "
            "hours or a few days.",
        ),
        to_do=(
            "Avoid hard exercise.",
            "Avoid saunas, steam rooms and other strong heat.",
            "Stay out of direct sun. If you have to go out, use a broad-spectrum sunscreen "
            "with SPF 30 or higher.",
            "Redness may fade before your skin has healed: keep to these steps for as long as "
            "your clinic says.",
        ),
        sources=("background", "mayo-laser-risks"),
        read_more=(("faq", "what-to-avoid-first-days"), ("guide", "aftercare")),
    ),
    Stage(
        key="first-week",
        title="Days 4 to 7",
        when="The rest of the first week",
        normal=(
            "Skin that is settling down.",
            "After a strong laser, redness can last for weeks or months. Ask your clinic "
            "what to expect.",
        ),
        to_do=(
            "Keep your skin care simple for as long as your clinic says: only a gentle "
            "cleanser and moisturizer it suggests.",
            "No harsh scrubs or peels, and no retinoid creams, until your clinic says.",
            "If you take isotretinoin, a pill for acne, ask your doctor about it.",
            "Not sure a product is safe to use? Ask your clinic first.",
        ),
        sources=("background", "mayo-laser-risks", "asds-2017"),
        read_more=(("faq", "what-skincare-to-use"), ("guide", "aftercare")),
    ),
    Stage(
        key="weeks-2-4",
        title="Weeks 2 to 4",
        when="The rest of the first month",
        normal=("Changes, if they come, build slowly.",),
        to_do=(
            "Protect your skin from the sun every day.",
            "Do not smoke. Smoking harms healing.",
        ),
        watch_for=(LATE_LUMPS,),
        sources=("background", "cleveland-co2", "nahm-2024"),
        read_more=(("faq", "long-term-care"), ("guide", "aftercare")),
    ),
    Stage(
        key="months-1-3",
        title="Months 1 to 3",
        when="Up to about 12 weeks",
        normal=(
            "Changes, if they come, build over weeks to months.",
            "The studies we cite checked results after 12 weeks.",
        ),
        to_do=(
            "Keep up a gentle daily skin care routine.",
            "Keep protecting your skin from the sun.",
        ),
        watch_for=(LATE_LUMPS,),
        sources=("background", "nahm-2024", "kwon-2020", "skin-ageing-2023"),
        read_more=(("faq", "when-will-i-see-results"), ("guide", "results")),
    ),
    Stage(
        key="follow-ups",
        title="Follow-ups",
        when="6 to 12 months after treatment",
        normal=(
            "Some clinics suggest a follow-up session every 6 to 12 months. This is how some "
            "clinics work, not a finding from studies.",
            "No one knows how long results last.",
        ),
        to_do=(
            "Ask your clinic whether you need another session, and what it would cost.",
            "Keep protecting your skin from the sun every day.",
        ),
        sources=("background", "queen-2025"),
        read_more=(("faq", "how-long-do-results-last"), ("faq", "long-term-care")),
    ),
]


# --- Calendar reminders --------------------------------------------------------------


@dataclass(frozen=True)
class Reminder:
    day: datetime.date
    summary: str
    description: str
    # Where on the timeline the reminder leads, if not its top.
    anchor: str = ""


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the month's last day if it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def reminders(treatment_day: datetime.date) -> list[Reminder]:
    """What to be reminded of after a treatment on ``treatment_day``: the end of the first
    three days, and the 6- and 12-month marks when some clinics suggest a follow-up."""
    follow_up = (
        "Some clinics suggest a follow-up session every 6 to 12 months. This is how some "
        "clinics work, not a finding from studies. Ask your clinic whether you need one, and "
        "what it would cost. Keep protecting your skin from the sun every day."
    )
    return [
        Reminder(
            treatment_day + datetime.timedelta(days=3),
            "Aftercare: the first three days are over",
            "For the first 24 to 72 hours, or as long as your clinic says, avoid hard "
            "exercise, strong heat and direct sun. Mild redness or swelling often fades "
            "within hours or a few days. If something worries you, see When to get help on "
            "the timeline.",
            anchor=f"#{WHEN_TO_GET_HELP}",
        ),
        Reminder(add_months(treatment_day, 6), "Follow-up session? Six months on", follow_up),
        Reminder(add_months(treatment_day, 12), "Follow-up session? A year on", follow_up),
    ]


def _escape(text: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and newline escaped."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continued on the next line after a space (RFC 5545
    3.1), never splitting a character."""
    pieces, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        if size + width > 75:
            pieces.append(current)
            current, size = " ", 1
        current += char
        size += width
    pieces.append(current)
    return "\r\n".join(pieces)


def calendar_file(treatment_day: datetime.date, page_address: str, host: str) -> bytes:
    """An iCalendar file of all-day reminders, each with a 9 a.m. alert, built in memory."""
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//exosite//Aftercare reminders//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    for reminder in reminders(treatment_day):
        description = f"{reminder.description} Aftercare timeline: {page_address}{reminder.anchor}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uuid.uuid4()}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{reminder.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{reminder.day + datetime.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(reminder.summary)}",
            f"DESCRIPTION:{_escape(description)}",
            f"URL:{page_address}",
            "TRANSP:TRANSPARENT",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{_escape(reminder.summary)}",
            "TRIGGER:PT9H",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode()
