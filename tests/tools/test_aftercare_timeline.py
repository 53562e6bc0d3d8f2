"""The aftercare timeline: stage by stage from the treatment day, with when to get help,
printable; and calendar reminders made from a day the reader enters and kept nowhere."""

import datetime
import re
from pathlib import Path

import icalendar
import pytest
from django.test import Client
from django.utils import timezone

from articles.models import ContentBlock
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


def stages_of(html: str) -> list[str]:
    return html.split('<li class="timeline__stage"')[1:]


def help_section_of(html: str) -> str:
    start = html.index('<section class="when-to-get-help" id="when-to-get-help"')
    return html[start : html.index("</section>", start)]


def test_every_stage_says_what_is_normal_what_to_do_and_names_its_sources(client, site_content):
    html = client.get(URL).content.decode()
    stages = stages_of(html)
    assert len(stages) == len(STAGES)
    for stage in stages:
        assert "<h3>What is normal</h3>" in stage and "<h3>What to do</h3>" in stage
        assert '<a href="#when-to-get-help">When to call your clinic or get help</a>' in stage
        assert 'class="timeline__sources">Source' in stage


def test_when_to_get_help_is_the_urgent_care_block_shown_once_before_the_stages(
    client, site_content
):
    html = client.get(URL).content.decode()
    help_section = help_section_of(html)
    assert html.index('id="when-to-get-help"') < html.index('<ol class="timeline">')
    assert '<h2 id="when-to-get-help-heading">When to get help</h2>' in help_section
    for words in [
        "Call 911 (US) or 119 (South Korea) now if",
        "Your lips, tongue, throat or face swell up suddenly.",
        ">See a doctor today if<",
        ">Call your clinic if<",
        "How to report a problem",
    ]:
        assert words in help_section, words
        assert html.count(words) == 1, f"{words!r} is on the page more than once"


def test_the_stages_no_longer_repeat_the_urgent_care_lists(client, site_content):
    for stage in stages_of(client.get(URL).content.decode()):
        for repeated in [
            ">Call your clinic if<",
            ">See a doctor today if<",
            "911",
            "yellow crusts",
        ]:
            assert repeated not in stage, repeated


def test_the_timeline_code_and_template_hold_no_copy_of_the_urgent_care_message():
    root = Path(__file__).resolve().parents[2]
    for path in ["tools/aftercare.py", "tools/views.py", "templates/tools/aftercare_timeline.html"]:
        text = (root / path).read_text()
        for copied in ["911", "119", "swell up suddenly", "trouble breathing", "MedWatch"]:
            assert copied not in text, f"{path} repeats {copied!r}"


def test_the_help_sections_citations_lead_to_its_own_list_of_sources(client, site_content):
    help_section = help_section_of(client.get(URL).content.decode())
    cited = set(re.findall(r'href="#(ref-when-to-get-help-\d+)"', help_section))
    listed = set(re.findall(r'<li id="(ref-when-to-get-help-\d+)"', help_section))
    assert cited and cited <= listed
    assert (
        "MedWatch: The FDA Safety Information and Adverse Event Reporting Program" in help_section
    )
    for back in re.findall(r'href="#(cite-when-to-get-help-\d+)"', help_section):
        assert f'id="{back}"' in help_section


def test_a_change_to_the_urgent_care_block_shows_on_the_timeline(client, site_content):
    client.get(URL)
    block = ContentBlock.objects.get(slug="urgent-care")
    block.body = block.body.replace(
        "You feel faint, very dizzy or confused.", "You feel faint or very dizzy."
    )
    block.save()
    html = client.get(URL).content.decode()
    assert "You feel faint or very dizzy." in help_section_of(html)
    assert "very dizzy or confused" not in html


def test_without_the_urgent_care_block_the_timeline_still_says_to_get_help(client, site_content):
    ContentBlock.objects.filter(slug="urgent-care").delete()
    response = client.get(URL)
    assert response.status_code == 200
    help_section = help_section_of(response.content.decode())
    assert "contact your clinic or a doctor" in help_section
    assert "call your local emergency number now" in help_section
    assert "link--broken" not in help_section and "{{" not in help_section


def test_the_late_lumps_are_noted_in_the_weeks_they_can_appear(client, site_content):
    html = client.get(URL).content.decode()
    stages = dict(zip([stage.key for stage in STAGES], stages_of(html), strict=True))
    for key in ["weeks-2-4", "months-1-3"]:
        assert "<h3>Look out for</h3>" in stages[key]
        assert "2 weeks to 3 months after exosome injections" in stages[key]
        assert "Complications After Exosome Treatment" in stages[key]
    assert "Look out for" not in stages["first-hours"]


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
    first = str(events[0]["DESCRIPTION"])
    assert first.endswith("http://testserver/tools/aftercare-timeline/#when-to-get-help")
    assert "911" not in first, "the emergency numbers live in the urgent-care block only"
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
