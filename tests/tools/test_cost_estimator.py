"""The full-course cost estimator: sourced figures only, the sums written out, a plain
"ask the clinic" where no source gives a price, and a page that can be cached and shared."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from tests.web.cache_headers import PUBLIC_PAGE
from tools.cost import Amount, follow_ups_per_year
from tools.models import ExchangeRate, FollowUpInterval, PriceFigure, StudiedCourse

TIMES = "\u00d7"  # the multiplication sign the sums are written with


def estimate_text(client, **params) -> str:
    """The words of the result (the range, the sums, the sources), tags removed."""
    response = client.get("/tools/cost/", params)
    assert response.status_code == 200
    html = response.content.decode()
    summary = re.search(r'<section class="estimate" id="estimate-summary".*?</section>', html, re.S)
    details = re.search(r'<div class="estimate-details" id="estimate".*?<aside', html, re.S)
    words = re.sub(r"<[^>]+>", " ", summary.group(0) + details.group(0))
    return re.sub(r"\s+", " ", words).replace(" .", ".")


def test_the_page_opens_with_a_full_course_range_from_the_sourced_prices(client, db):
    text = estimate_text(client)
    # 3 sessions, as the acne-scar study gave, at $500 to $2,000 or more a session.
    assert "3 sessions (what the study gave), in the United States, for acne scars" in text
    assert "Full course $1,500 to $6,000 or more" in text
    assert f"3 sessions {TIMES} $500 to $2,000 or more = $1,500 to $6,000 or more" in text


def test_the_first_year_adds_follow_ups_every_six_to_twelve_months(client, db):
    text = estimate_text(client)
    assert "0 to 1 more session in the rest of the first year, then 1 to 2 sessions a year" in text
    assert "First year, with follow-ups $1,500 to $8,000 or more" in text
    assert "Each year after that $500 to $4,000 or more" in text


def test_without_follow_ups_only_the_course_is_counted(client, db):
    text = estimate_text(client, followups="no")
    assert "Full course $1,500 to $6,000 or more" in text
    assert "First year" not in text


def test_korea_is_in_won_with_a_dated_rough_dollar_guide(client, db):
    text = estimate_text(client, country="kr", sessions="5")
    assert "Full course ₩1,500,000 to ₩5,000,000 or more (about $1,125 to $3,755 or more)" in text
    assert "1,331.78 won to the dollar (the rate on 1 February 2024)" in text
    assert "check today's rate" in text


def test_a_number_of_sessions_the_reader_enters_replaces_the_studies(client, db):
    text = estimate_text(client, sessions="6")
    assert "6 sessions, in the United States" in text
    assert f"6 sessions {TIMES} $500 to $2,000 or more = $3,000 to $12,000 or more" in text
    assert "what the study gave" not in text


def test_the_studies_session_count_is_shown_as_what_a_study_did_not_advice(client, db):
    text = estimate_text(client, goal="skin-ageing")
    assert "gave 3 sessions, 3 weeks apart, to 28 people" in text
    assert "This is what a study did, not advice." in text


def test_with_no_study_for_a_goal_the_reader_is_asked_for_the_number(client, db):
    text = estimate_text(client, goal="hair")
    assert "No study we found gives a number of sessions for thinning hair." in text
    assert "Full course" not in text
    assert "One session costs about $500 to $2,000 or more" in text


def test_extras_with_no_sourced_price_are_named_and_left_to_the_clinic(client, db):
    text = estimate_text(client, extra=["procedure", "consultation", "products", "travel"])
    listed = text.split("Not included: ask the clinic")[1].split("We found no reliable")[0]
    for item in (
        "Microneedling, when the clinic prices it on its own",
        "A first consultation",
        "Skin care products for aftercare",
        "Travel",
        "Time off work",
    ):
        assert item in listed
    assert "Full course $1,500 to $6,000 or more" in text  # none of them changed the sums


def test_an_extra_an_editor_gives_a_sourced_price_joins_the_sums(client, db):
    PriceFigure.objects.create(
        item=PriceFigure.Item.CONSULTATION,
        country="us",
        currency="USD",
        low=100,
        high=300,
        source_title="A test source",
        checked_on=datetime.date(2026, 11, 30),
    )
    text = estimate_text(client, extra=["consultation"])
    assert "First consultation: $100 to $300" in text
    assert "Added up, the full course: $1,600 to $6,300 or more" in text
    assert "A test source" in text


def test_a_micro_injection_has_no_separate_procedure_to_price(client, db):
    text = estimate_text(client, delivery="injection", extra=["procedure"])
    assert "Microneedling" not in text and "Laser fees" not in text


def test_every_figure_names_its_source_and_when_it_was_last_checked(client, db):
    text = estimate_text(client, country="kr")
    sources = text.split("Where the figures come from")[1]
    assert "Background article on exosome therapy in regenerative dermatology" in sources
    assert "The source has no date, so these prices may be out of date." in sources
    assert "Acta Dermato-Venereologica 2020" in sources
    assert "Foreign Exchange Rates - H.10 Weekly" in sources
    assert sources.count("Last checked 30 November 2026") == 4


@pytest.mark.parametrize(
    ("sessions", "message"),
    [
        ("abc", "Enter the number of sessions as a whole number, such as 3."),
        ("0", "Enter at least 1 session."),
        ("500", "Enter 20 sessions or fewer."),
    ],
)
def test_a_bad_number_of_sessions_gets_a_clear_message_and_no_sums(client, db, sessions, message):
    html = client.get("/tools/cost/", {"sessions": sessions}).content.decode()
    assert message in html
    assert 'aria-invalid="true"' in html
    assert "Full course" not in html
    assert f'value="{sessions}"' in html  # what was typed is kept


def test_a_nonsense_choice_falls_back_to_a_message_not_an_error(client, db):
    response = client.get("/tools/cost/", {"country": "mars"})
    assert response.status_code == 200
    assert "Please check your answers" in response.content.decode()


def test_the_estimate_is_a_cacheable_public_page_with_no_cookie(db):
    reader = Client()
    first = reader.get("/tools/cost/", {"country": "kr", "sessions": "4"})
    assert first["Cache-Control"] == PUBLIC_PAGE and not first.cookies
    again = reader.get("/tools/cost/", {"country": "kr", "sessions": "4"})
    assert again["X-Page-Cache"] == "hit"


def test_other_query_parameters_change_nothing(client, db):
    assert estimate_text(client, utm_source="x", q="y") == estimate_text(client)

    def page(**params) -> str:  # the feedback form's token carries the time: leave it out
        html = client.get("/tools/cost/", params).content.decode()
        return re.sub(r'name="token" value="[^"]*"', "", html)

    assert page(utm_source="x", country="kr") == page(country="kr")


def test_the_printed_address_holds_the_answers_and_nothing_else(client, db):
    html = client.get("/tools/cost/", {"sessions": "4", "utm_source": "x"}).content.decode()
    assert (
        '<p class="print-only">From exosite: http://testserver/tools/cost/?country=us&amp;'
        "goal=acne-scars&amp;delivery=microneedling&amp;sessions=4&amp;followups=yes</p>"
    ) in html


def test_an_editors_new_figure_reaches_the_cached_page_at_once(editor_client, db):
    reader = Client()
    assert "$500 to $2,000" in estimate_text(reader)
    price = PriceFigure.objects.get(item="session", country="us")
    response = editor_client.post(
        f"/admin/tools/pricefigure/{price.pk}/change/",
        {
            "item": "session",
            "country": "us",
            "currency": "USD",
            "low": "600",
            "high": "2100",
            "or_more": "on",
            "source_title": price.source_title,
            "source_publisher": price.source_publisher,
            "source_url": "",
            "source_date": "",
            "checked_on": "2026-12-01",
        },
    )
    assert response.status_code == 302
    text = estimate_text(reader)
    assert f"3 sessions {TIMES} $600 to $2,100 or more = $1,800 to $6,300 or more" in text
    assert "Last checked 1 December 2026" in text


def test_editors_may_keep_the_figures_but_not_delete_them(editor_client, db):
    from django.contrib.auth.models import Group

    codenames = set(
        Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
    )
    for model in ("pricefigure", "exchangerate", "studiedcourse", "followupinterval"):
        assert {f"view_{model}", f"add_{model}", f"change_{model}"} <= codenames
        assert f"delete_{model}" not in codenames
    assert editor_client.get("/admin/tools/pricefigure/").status_code == 200


def laser_price(**values) -> PriceFigure:
    return PriceFigure(
        item="laser", source_title="x", checked_on=datetime.date(2026, 11, 30), **values
    )


def test_a_price_range_must_run_from_low_to_high(db):
    figure = laser_price(country="us", currency="USD", low=900, high=100)
    with pytest.raises(ValidationError) as refused:
        figure.full_clean()
    assert "at least the lowest price" in str(refused.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        figure.save()


def test_a_price_must_be_in_its_countrys_currency(db):
    figure = laser_price(country="kr", currency="USD", low=100, high=200)
    with pytest.raises(ValidationError) as refused:
        figure.full_clean()
    assert "Prices for South Korea are shown in South Korean won" in str(refused.value)


def test_a_follow_up_interval_must_run_from_shortest_to_longest(db):
    interval = FollowUpInterval(
        shortest_months=12,
        longest_months=6,
        source_title="x",
        checked_on=datetime.date(2026, 11, 30),
    )
    with pytest.raises(ValidationError):
        interval.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        interval.save()


def test_the_seeded_figures_are_the_sourced_ones_and_no_others(db):
    prices = {(p.item, p.country): (p.low, p.high, p.or_more) for p in PriceFigure.objects.all()}
    assert prices == {
        ("session", "us"): (500, 2000, True),
        ("session", "kr"): (300_000, 1_000_000, True),
    }
    assert ExchangeRate.objects.get().per_dollar == Decimal("1331.78")
    assert sorted(StudiedCourse.objects.values_list("goal", "sessions")) == [
        ("acne-scars", 3),
        ("skin-ageing", 3),
    ]


@pytest.mark.parametrize(
    ("shortest", "longest", "first_year", "later_years"),
    [(6, 12, (0, 1), (1, 2)), (3, 6, (1, 3), (2, 4)), (12, 12, (0, 0), (1, 1))],
)
def test_follow_ups_are_counted_from_their_interval(shortest, longest, first_year, later_years):
    interval = FollowUpInterval(shortest_months=shortest, longest_months=longest)
    assert follow_ups_per_year(interval) == (first_year, later_years)


def test_amounts_add_multiply_and_convert_roughly():
    session = Amount(300_000, 1_000_000, "KRW", or_more=True)
    course = session.times(3, 3)
    assert str(course) == "₩900,000 to ₩3,000,000 or more"
    assert str(course + Amount(10, 20, "KRW")) == "₩900,010 to ₩3,000,020 or more"
    rate = ExchangeRate(currency="KRW", per_dollar=Decimal("1331.78"))
    assert str(session.in_dollars(rate)) == "$225 to $750 or more"
    assert str(Amount(500, 500, "USD")) == "$500"


def test_the_cost_page_of_the_guide_leads_to_the_estimator(client, site_content):
    html = client.get("/guide/cost/").content.decode()
    assert '<a class="button" href="/tools/cost/">Estimate a full course</a>' in html
    assert "/tools/cost/" not in client.get("/guide/safety/").content.decode()
