"""The "Is it for me?" self-check: a list of things to raise with a doctor, never a verdict,
and answers that are never kept: not in the database, the cache, a cookie, a log line or
an address."""

import re

import pytest
from django.test import Client

from tests.tools.privacy import access_log_line, cache_keys, every_log_record, row_counts
from tests.web.cache_headers import PUBLIC_PAGE
from tools import self_check

URL = "/tools/is-it-for-me/"
SAME_SITE = {"Origin": "http://testserver"}
ANSWERS = {"pregnant": "yes", "cold-sores": "yes", "cancer": "yes", "hope-acne-scars": "yes"}


def shown_titles(html: str) -> list[str]:
    """The titles of the list items that are not hidden."""
    return re.findall(
        r'<li class="raise-list__item" data-concern="[^"]+">\s*<h3 class="raise-list__title">([^<]+)</h3>',
        html,
    )


def test_the_empty_page_is_a_cacheable_public_page_holding_every_item_hidden(site_content):
    reader = Client()
    response = reader.get(URL)
    html = response.content.decode()
    assert response["Cache-Control"] == PUBLIC_PAGE and not response.cookies
    assert 'id="self-check-result" aria-labelledby="result-heading" tabindex="-1" hidden' in html
    for concern in self_check.CONCERNS:
        assert f'data-concern="{concern.key}" hidden' in html
    assert reader.get(URL)["X-Page-Cache"] == "hit"
    assert "csrfmiddlewaretoken" not in html


def test_without_javascript_the_ticked_boxes_give_their_items_and_the_general_advice(
    client, site_content
):
    html = client.post(URL, ANSWERS, headers=SAME_SITE).content.decode()
    assert shown_titles(html) == [
        "Being pregnant or breastfeeding",
        "Cold sores",
        "Cancer you have had",
        "What to expect for acne scars",
        "Whatever you answered",
    ]
    assert (
        "It is not a diagnosis, and it does not say whether the treatment is right for you." in html
    )
    assert "A laser can wake up the virus that causes cold sores." in html
    assert '<a href="/faq/candidacy/who-should-not-have-it/">' in html


def test_ticking_nothing_still_says_the_doctor_needs_the_full_history(client, site_content):
    html = client.post(URL, {}, headers=SAME_SITE).content.decode()
    assert shown_titles(html) == ["Whatever you answered"]
    assert "You ticked nothing above. That does not mean the treatment is safe for you" in html


def test_the_list_never_gives_a_verdict(client, site_content):
    everything = {key: "yes" for key in self_check.KEYS}
    html = client.post(URL, everything, headers=SAME_SITE).content.decode().lower()
    verdicts = (
        "you are a good candidate",
        "you should not",
        "not suitable for you",
        "it is safe for you",
    )
    for verdict in verdicts:
        assert verdict not in html


def test_every_item_names_its_sources_and_links_only_to_published_pages(client, site_content):
    everything = {key: "yes" for key in self_check.KEYS}
    html = client.post(URL, everything, headers=SAME_SITE).content.decode()
    assert html.count('class="raise-list__sources"') == len(self_check.CONCERNS) + 1
    for path in set(re.findall(r"Read more: (.*?)</p>", html)):
        for link in re.findall(r'href="(/[^"]+)"', path):
            assert client.get(link).status_code == 200, link


def test_the_answers_are_never_stored_cached_logged_or_put_in_a_cookie(client, site_content):
    client.get(URL)  # the empty page, cached like any other
    rows, keys = row_counts(), cache_keys()
    with every_log_record() as records:
        response = client.post(URL, ANSWERS, headers=SAME_SITE)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies and not response.has_header("Set-Cookie")
    assert "X-Page-Cache" not in response
    assert row_counts() == rows
    assert cache_keys() == keys
    assert any("SELECT" in record.getMessage() for record in records), "SQL is captured too"
    logged = "\n".join(record.getMessage() for record in records)
    for key in ANSWERS:
        assert key not in logged


def test_the_access_log_line_holds_no_answer(site_content):
    line = access_log_line(
        "POST",
        URL,
        {
            "HTTP_REFERER": "https://exosite.example/tools/is-it-for-me/",
            "wsgi.input": b"pregnant=yes",
        },
    )
    assert '"POST /tools/is-it-for-me/ HTTP/1.1" 200' in line
    assert "pregnant" not in line and "yes" not in line


def test_no_address_the_answers_lead_to_carries_them(client, site_content):
    response = client.post(URL, ANSWERS, headers=SAME_SITE)
    assert not response.has_header("Location")
    for address in re.findall(r'(?:href|action)="([^"]*)"', response.content.decode()):
        assert "?" not in address or not any(key in address for key in ANSWERS), address


def test_a_reader_needs_no_csrf_cookie_to_send_the_form(site_content):
    reader = Client(enforce_csrf_checks=True)
    response = reader.post(URL, ANSWERS, headers=SAME_SITE)
    assert response.status_code == 200 and not response.cookies


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Referer": "https://evil.example/page/"},
    ],
)
def test_a_form_sent_from_another_site_is_refused_and_nothing_is_kept(
    client, site_content, headers
):
    rows = row_counts()
    response = client.post(URL, ANSWERS, headers=headers)
    assert response.status_code == 403
    assert "This form could not be sent" in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert row_counts() == rows


def test_a_trusted_origin_may_send_the_form(client, site_content, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://www.exosite.example"]
    response = client.post(URL, ANSWERS, headers={"Origin": "https://www.exosite.example"})
    assert response.status_code == 200


def test_other_methods_are_refused(client, site_content):
    assert client.put(URL).status_code == 405


def test_the_guide_leads_to_the_self_check_from_who_it_may_suit_and_safety(client, site_content):
    for slug in ("candidates", "safety"):
        assert (
            'href="/tools/is-it-for-me/">Make my list</a>'
            in client.get(f"/guide/{slug}/").content.decode()
        )
