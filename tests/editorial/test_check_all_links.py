"""One link check for every kind of page, worded for what the linked page is, and an
optional check of links to other sites, bounded in time and never run on a request."""

import http.server
import threading
import time

import pytest
from django.core.management import CommandError, call_command

from articles.models import Page, Section
from exosite.editorial.linkcheck import check_external_links, check_links
from exosite.editorial.models import Source
from faq.models import Question


def problems(page) -> dict[str, str]:
    return {broken.target: broken.problem for broken in check_links([page]).broken}


def test_a_link_to_an_archived_page_is_reported_as_archived_not_as_a_draft(
    make_section, make_question
):
    make_section(title="Old safety page", slug="old-safety", status=Section.Status.ARCHIVED)
    linking = make_question(answer="[safety](guide:old-safety) and [again](/guide/old-safety/)\n")
    found = problems(linking)
    assert set(found) == {"guide:old-safety", "/guide/old-safety/"}
    for problem in found.values():
        assert "“Old safety page” is archived" in problem
        assert "draft" not in problem


def test_a_link_to_a_page_scheduled_for_later_says_when_it_goes_live(make_section):
    import datetime

    from django.utils import timezone

    later = timezone.now() + datetime.timedelta(days=3)
    make_section(title="Coming", slug="coming", status=Section.Status.SCHEDULED, publish_at=later)
    [problem] = problems(make_section(body="[soon](guide:coming)\n")).values()
    assert "is scheduled to go live on" in problem


def test_the_check_all_links_page_covers_every_kind_of_page(
    editor_client, make_section, make_question
):
    make_section(title="Section with a bad link", body="[x](guide:no-such-section)\n")
    make_question(question="Question with a bad link?", answer="[x](/no-such-page/)\n")
    Page.objects.create(
        title="Standing page with a bad link",
        slug="standing-bad",
        summary="s",
        body="[x](faq:no-such-question)\n",
        status=Page.Status.PUBLISHED,
    )
    index = editor_client.get("/admin/").content.decode()
    assert 'href="/admin/links/"' in index and "Check all links" in index

    response = editor_client.get("/admin/links/")
    html = response.content.decode()
    assert response.status_code == 200
    for title in (
        "Section with a bad link",
        "Question with a bad link?",
        "Standing page with a bad link",
    ):
        assert title in html
    assert "are broken" in html
    assert "manage.py checklinks --external" in html


def test_only_staff_can_open_the_check_all_links_page(client, db):
    response = client.get("/admin/links/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


# --- Links to other sites -----------------------------------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self):
        if self.path.startswith("/slow"):
            time.sleep(1.5)
        if self.path == "/no-head":
            self.send_response(405)
        else:
            self.send_response(404 if self.path == "/missing" else 200)
        self.end_headers()

    def do_GET(self):
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def other_site():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_external_links_and_sources_are_fetched_with_a_timeout(make_section, other_site):
    section = make_section(
        body=f"[ok]({other_site}/ok) [gone]({other_site}/missing) [slow]({other_site}/slow) "
        f"[no head]({other_site}/no-head)\n"
    )
    Source.objects.create(
        page=section, key="old", title="An old source", url=f"{other_site}/missing", order=1
    )
    report = check_external_links([section], timeout=0.5, max_seconds=30)
    assert report.links == 4 and report.checked == 4
    broken = {(b.target, b.text): b.problem for b in report.broken}
    assert broken[(f"{other_site}/missing", "gone")] == (
        "The other site says this page does not exist (404)."
    )
    assert (f"{other_site}/missing", "Source: An old source") in broken
    assert broken[(f"{other_site}/slow", "slow")] == (
        "The other site did not answer within 0.5 seconds."
    )
    assert not any(target.endswith(("/ok", "/no-head")) for target, _ in broken)


def test_the_external_check_stops_after_its_total_time_and_says_what_it_did_not_reach(
    make_section, other_site
):
    links = " ".join(f"[s{n}]({other_site}/slow?{n})" for n in range(12))
    section = make_section(body=f"{links}\n")
    started = time.monotonic()
    report = check_external_links([section], timeout=5, max_seconds=1)
    assert time.monotonic() - started < 5
    assert report.not_checked and report.checked + len(report.not_checked) == 12
    assert "not checked: the check stops after 1 seconds" in report.summary()


def test_the_command_checks_external_links_only_when_asked(
    empty_site, make_section, other_site, capsys
):
    make_section(body=f"[gone]({other_site}/missing)\n")
    call_command("checklinks")
    assert "other sites" not in capsys.readouterr().out
    with pytest.raises(CommandError, match="1 broken"):
        call_command("checklinks", "--external", "--timeout", "2", "--max-seconds", "10")
    assert "does not exist (404)" in capsys.readouterr().out


def test_the_admin_page_never_fetches_other_sites(editor_client, make_section, monkeypatch):
    import urllib.request

    def refuse(*args, **kwargs):
        raise AssertionError("the admin fetched another site")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    make_section(body="[FDA](https://www.fda.gov/)\n")
    Question.objects.update()  # nothing else needed
    assert editor_client.get("/admin/links/").status_code == 200
