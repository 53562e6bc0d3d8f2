"""Draft, scheduled, published, archived: a scheduled page goes live by itself at its
publish time, with no job to run, on every public path at once."""

import datetime
import shutil

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.content import GuideContent
from articles.models import Section
from exosite.editorial import content_io
from exosite.search import parse_query, search
from faq.models import Question
from tests.conftest import CONTENT_DIR

NOW = timezone.now()


def hours(n: float) -> datetime.datetime:
    return NOW + datetime.timedelta(hours=n)


def public_paths(client) -> str:
    """Everything visitors can reach that lists pages, joined into one text."""
    return "".join(
        client.get(path).content.decode() for path in ("/", "/sitemap.xml", "/feed/", "/faq/")
    )


def test_a_scheduled_page_is_hidden_until_its_time_then_public_everywhere(
    client, make_section, make_question
):
    section = make_section(
        title="Coming soon",
        body="## Words\n\nZygomatic words.\n",
        status=Section.Status.SCHEDULED,
        publish_at=hours(2),
    )
    question = make_question(
        question="Scheduled question?", status=Question.Status.SCHEDULED, publish_at=hours(2)
    )
    assert client.get(section.get_absolute_url()).status_code == 404
    assert client.get(question.get_absolute_url()).status_code == 404
    assert "Coming soon" not in public_paths(client)
    assert "Scheduled question?" not in public_paths(client)
    assert not search(parse_query("zygomatic"))

    Section.objects.filter(pk=section.pk).update(publish_at=hours(-1))
    Question.objects.filter(pk=question.pk).update(publish_at=hours(-1))
    from exosite.models import SearchEntry

    SearchEntry.objects.filter(page_type="section", object_id=section.pk).update(
        publish_at=hours(-1)
    )
    # Moving the publish time back with update() stands in for two hours passing; the page
    # cache would notice the real clock pass it (tests/test_caching.py checks that), not this.
    cache.clear()
    assert client.get(section.get_absolute_url()).status_code == 200
    assert client.get(question.get_absolute_url()).status_code == 200
    paths = public_paths(client)
    assert "Coming soon" in paths and "Scheduled question?" in paths
    assert [result.title for result in search(parse_query("zygomatic"))] == ["Coming soon"]


def test_a_scheduled_page_becomes_searchable_at_its_time_without_being_saved_again(
    make_section, monkeypatch
):
    make_section(
        title="Later",
        body="## Words\n\nQuixotic words.\n",
        status=Section.Status.SCHEDULED,
        publish_at=hours(1),
    )
    assert not search(parse_query("quixotic"))
    monkeypatch.setattr(timezone, "now", lambda: hours(2))
    assert [result.title for result in search(parse_query("quixotic"))] == ["Later"]


def test_a_scheduled_page_needs_a_publish_time(make_section):
    section = make_section()
    section.status = Section.Status.SCHEDULED
    with pytest.raises(ValidationError) as error:
        section.full_clean()
    assert "Publish at" in error.value.message_dict["status"][0]


def test_an_archived_page_tells_visitors_it_was_removed(client, make_section, make_question):
    section = make_section(status=Section.Status.ARCHIVED)
    question = make_question(status=Question.Status.ARCHIVED)
    for url in (section.get_absolute_url(), question.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 410
        assert "This page has been removed" in response.content.decode()
    assert section.title not in public_paths(client)


def test_scheduling_from_the_faq_list_without_a_time_is_refused_clearly(
    editor_client, make_question
):
    question = make_question()
    response = editor_client.post(
        "/admin/faq/question/",
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": question.pk,
            "form-0-order": question.order,
            "form-0-status": "scheduled",
            "_save": "Save",
        },
    )
    assert response.status_code == 200
    assert "A scheduled page needs the date and time it goes live" in response.content.decode()
    question.refresh_from_db()
    assert question.status == Question.Status.PUBLISHED


def test_a_draft_is_still_not_found_for_visitors(client, make_section):
    assert (
        client.get(make_section(status=Section.Status.DRAFT).get_absolute_url()).status_code == 404
    )


@pytest.mark.parametrize(
    ("status", "publish_in", "banner"),
    [
        ("draft", None, "Draft: only staff can see it"),
        ("scheduled", 48, "Scheduled to go live on"),
        ("archived", None, "Archived: visitors are told the page was removed"),
    ],
)
def test_staff_preview_any_page_with_a_banner_saying_it_is_not_public(
    editor_client, make_section, status, publish_in, banner
):
    section = make_section(status=status, publish_at=hours(publish_in) if publish_in else None)
    response = editor_client.get(section.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Preview: this page is not public." in html and banner in html
    assert '<meta name="robots" content="noindex">' in html


def test_a_published_page_has_no_preview_banner_for_staff(editor_client, make_section):
    html = editor_client.get(make_section().get_absolute_url()).content.decode()
    assert "Preview: this page is not public" not in html


def test_neighbours_skip_pages_that_are_not_live_yet(empty_site, make_section):
    first = make_section(order=1)
    make_section(order=2, status=Section.Status.SCHEDULED, publish_at=hours(1))
    third = make_section(order=3)
    assert first.next_section() == third
    assert third.previous_section() == first


def test_faq_structured_data_lists_only_public_answers_even_for_staff(editor_client, make_question):
    make_question(question="Public one?")
    make_question(question="Draft one?", status=Question.Status.DRAFT)
    html = editor_client.get("/faq/").content.decode()
    data = html[html.index("application/ld+json") :]
    assert "Public one?" in data and '"Draft one?"' not in data


def test_scheduled_pages_round_trip_through_content_files(db, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    path = content / "guide" / "cost.md"
    path.write_text(
        path.read_text().replace(
            "status: published\n", "status: scheduled\npublish_at: 2027-01-15 09:00:00+00:00\n"
        )
    )
    original = path.read_text()
    content_io.load([GuideContent()], content)
    cost = Section.objects.get(slug="cost")
    assert cost.status == Section.Status.SCHEDULED
    assert cost.publish_at == datetime.datetime(2027, 1, 15, 9, tzinfo=datetime.UTC)
    content_io.export([GuideContent()], content)
    assert path.read_text() == original
    assert not content_io.load([GuideContent()], content).changed


def test_a_scheduled_file_without_publish_time_is_refused(db, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    path = content / "guide" / "cost.md"
    path.write_text(path.read_text().replace("status: published\n", "status: scheduled\n"))
    with pytest.raises(content_io.ContentError) as error:
        content_io.load([GuideContent()], content)
    assert "line 5: 'status': A scheduled page needs the date and time it goes live" in str(
        error.value
    )


def test_content_files_round_trip_byte_for_byte(db, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    content_io.load(content_io.registered_kinds(), content)
    report = content_io.export(content_io.registered_kinds(), content)
    assert not report.written


def test_a_scheduled_page_is_dated_from_when_it_went_live_in_feed_and_sitemap(
    empty_site, client, make_section
):
    went_live = hours(-1).replace(microsecond=0)
    section = make_section(title="Went live", status=Section.Status.SCHEDULED, publish_at=went_live)
    Section.objects.filter(pk=section.pk).update(created_at=hours(-48), updated_at=hours(-48))
    feed = client.get("/feed/").content.decode()
    entry = feed[feed.index("New: Went live") :]
    assert f"<published>{went_live.isoformat()}</published>" in entry
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"<lastmod>{went_live.date().isoformat()}</lastmod>" in sitemap


def test_the_glossary_shows_when_every_definition_was_last_reviewed(empty_site, client, db):
    from articles.models import GlossaryTerm

    GlossaryTerm.objects.create(
        term="Serum", slug="serum", definition="A liquid.", last_reviewed=datetime.date(2026, 10, 1)
    )
    unreviewed = GlossaryTerm.objects.create(term="Laser", slug="laser", definition="A light.")
    assert "Definitions last reviewed" not in client.get("/glossary/").content.decode()
    unreviewed.last_reviewed = datetime.date(2026, 11, 20)
    unreviewed.save()
    html = client.get("/glossary/").content.decode()
    assert 'Definitions last reviewed <time datetime="2026-10-01">1 October 2026</time>' in html
