"""The list of tools at /tools/: every tool, and the questions to take to a consultation."""

import re

from django.test import Client

from articles.models import Page

URL = "/tools/"


def tool_links(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a class="tool-list__link" href="([^"]+)">([^<]+)</a>', html)


def test_the_tools_page_lists_each_tool_and_the_questions_for_a_consultation(client, site_content):
    links = tool_links(client.get(URL).content.decode())
    assert links == [
        ("/tools/cost/", "What a full course could cost"),
        ("/tools/is-it-for-me/", "Is it for me?"),
        ("/tools/aftercare-timeline/", "Aftercare, day by day"),
        ("/questions-for-your-consultation/", "Questions for your consultation"),
    ]
    for address, _title in links:
        assert client.get(address).status_code == 200, address


def test_the_questions_are_described_in_the_pages_own_summary(client, site_content):
    page = Page.objects.get(slug="questions-for-your-consultation")
    html = client.get(URL).content.decode()
    item = html[html.index('href="/questions-for-your-consultation/"') :]
    assert f"<p>{page.summary}</p>" in item[: item.index("</li>")]


def test_an_unpublished_questions_page_is_not_linked(site_content):
    Page.objects.filter(slug="questions-for-your-consultation").update(status=Page.Status.DRAFT)
    html = Client().get(URL).content.decode()
    assert "/questions-for-your-consultation/" not in html
    assert len(tool_links(html)) == 3
