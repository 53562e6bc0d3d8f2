"""The aftercare timeline: stage by stage from the treatment day, with when to get help,
printable; and calendar reminders made from a day the reader enters and kept nowhere."""

import datetime
import re

import icalendar
import pytest
from django.test import Client
from django.utils import timezone

from tests.tools.privacy import access_log_line, cache_keys, every_log_record, row_counts
from tests.web.cache_headers import PUBLIC_PAGE
from tools.aftercare import STAGES, add_months

URL = "/tools/aftercare-timeline/"
REMINDERS = "/tools/aftercare-timeline/reminders/"
SAME_SITE = {"Origin": "http://testserver"}


def days_from_now(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def test_the_timeline_runs_from_the_first_hours_to_the_follow_ups(client, site_content):
    html = client.get(URL).content.decode()
    titles = re.findall(r'<h2 class="timeline__title">([^<]+?) <span', html)
    assert titles == [
        "The first hours",
        "Days 1 to 3",
        "Days 4 to 7",
        "Weeks 2 to 4",
        "Months 1 to 3",
        "Follow-ups",
    ]


def test_every_stage_says_what_is_normal_what_to_do_and_names_its_sources(client, site_content):
    html = client.get(URL).content.decode()
    stages = html.split('<li class="timeline__stage"')[1:]
    assert len(stages) == len(STAGES)
    for stage in stages:
        assert "<h3>What is normal</h3>" in stage and "<h3>What to do</h3>" in stage
        assert "Call your clinic if" in stage
        assert "In an emergency, call 911 (US) or 119 (South Korea)." in stage
        assert 'class="timeline__sources">Source' in stage


def test_the_emergency_signs_come_first_with_both_numbers(client, site_content):
    html = client.get(URL).content.decode()
    emergency = html.index("Call 911 (US) or 119 (South Korea) now if")
    assert emergency < html.index('<ol class="timeline">')
    assert "Your lips, tongue, throat or face swell up suddenly." in html


def test_the_read_more_links_lead_to_published_pages(client, site_content):
    html = client.get(URL).content.decode()
    links = set(re.findall(r"Read more: (.*?)</p>", html))
    assert links
    for paragraph in links:
        for link in re.findall(r'href="(/[^"]+)"', paragraph):
            assert client.get(link).status_code == 200, link


def test_the_timeline_is_a_cacheable_public_page_that_prints_its_own_address(site_content):
    reader = Client()
    response = reader.get(URL)
    assert response["Cache-Control"] == PUBLIC_PAGE and not response.cookies
    assert reader.get(URL)["X-Page-Cache"] == "hit"
    html = response.content.decode()
    assert (
        '<p class="print-only">From exosite: http://testserver/tools/aftercare-timeline/</p>'
        in html
    )
    assert "csrfmiddlewaretoken" not in html


def test_the_guide_aftercare_page_leads_to_the_timeline(client, site_content):
    html = client.get("/guide/aftercare/").content.decode()
    assert 'href="/tools/aftercare-timeline/">See the timeline</a>' in html


def parsed_calendar(response) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(response.content.decode())


def test_a_treatment_day_gives_a_calendar_file_of_three_reminders(client, site_content):
    day = days_from_now(10)
    response = client.post(REMINDERS, {"treatment_day": day.isoformat()}, headers=SAME_SITE)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert (
        response["Content-Disposition"] == 'attachment; filename="exosite-aftercare-reminders.ics"'
    )
    events = [component for component in parsed_calendar(response).walk("VEVENT")]
    assert [event.decoded("DTSTART") for event in events] == [
        day + datetime.timedelta(days=3),
        add_months(day, 6),
        add_months(day, 12),
    ]
    assert [str(event["SUMMARY"]) for event in events] == [
        "Aftercare: the first three days are over",
        "Follow-up session? Six months on",
        "Follow-up session? A year on",
    ]
    for event in events:
        assert event.decoded("DTEND") - event.decoded("DTSTART") == datetime.timedelta(days=1)
        assert str(event["URL"]) == "http://testserver/tools/aftercare-timeline/"
        assert len(event.subcomponents) == 1 and event.subcomponents[0]["ACTION"] == "DISPLAY"
    assert "call 911 (US) or 119 (South Korea)" in str(events[0]["DESCRIPTION"])
    assert "not a finding from studies" in str(events[1]["DESCRIPTION"])


def test_the_calendar_file_keeps_the_icalendar_line_rules(client, site_content):
    response = client.post(
        REMINDERS, {"treatment_day": days_from_now(1).isoformat()}, headers=SAME_SITE
    )
    raw = response.content
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    lines = raw.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines), "long descriptions are folded"
    unfolded = raw.replace(b"\r\n ", b"").decode()
    assert "exercise\\, strong heat and direct sun" in unfolded  # commas escaped


def test_a_long_line_is_folded_without_splitting_a_character():
    from tools.aftercare import _fold

    folded = _fold("DESCRIPTION:" + "₩" * 60)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "DESCRIPTION:" + "₩" * 60


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2027, 8, 31), 6, datetime.date(2028, 2, 29)),
        (datetime.date(2027, 1, 15), 12, datetime.date(2028, 1, 15)),
        (datetime.date(2027, 11, 30), 6, datetime.date(2028, 5, 30)),
    ],
)
def test_months_are_added_on_the_calendar(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Enter the day of your treatment to make the reminders."),
        ("next tuesday", "Enter the day as a date, for example 2027-03-14."),
        ("1999-01-01", "Enter a day within the last year or the next two years"),
    ],
)
def test_a_day_that_cannot_be_used_gets_the_timeline_back_with_the_reason(
    client, site_content, value, message
):
    response = client.post(REMINDERS, {"treatment_day": value}, headers=SAME_SITE)
    assert response.status_code == 400
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert message in html
    assert 'aria-invalid="true"' in html


def test_the_day_is_never_stored_cached_logged_or_put_in_a_cookie(client, site_content):
    day = days_from_now(20).isoformat()
    rows, keys = row_counts(), cache_keys()
    with every_log_record() as records:
        response = client.post(REMINDERS, {"treatment_day": day}, headers=SAME_SITE)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies
    assert row_counts() == rows and cache_keys() == keys
    assert day not in "\n".join(record.getMessage() for record in records)
    assert day not in access_log_line(
        "POST", REMINDERS, {"HTTP_REFERER": "https://x.example" + URL}
    )


def test_reminders_from_another_site_are_refused(client, site_content):
    response = client.post(
        REMINDERS,
        {"treatment_day": days_from_now(2).isoformat()},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403


def test_the_reminders_address_only_takes_the_form(client, site_content):
    assert client.get(REMINDERS).status_code == 405
