"""The link check: every internal link in the guide and the FAQ leads somewhere visitors can go."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import ContentBlock, GlossaryTerm, Page, Section
from exosite.editorial.linkcheck import Link, check_links, links_in
from exosite.editorial.workflow import PageWorkflow
from faq.models import Question
from tests.editorial.admin_forms import change_form_data


def broken_targets(obj) -> dict[str, str]:
    return {broken.target: broken.problem for broken in check_links([obj]).broken}


# --- Finding links in Markdown ------------------------------------------------------


def test_links_are_found_with_their_line_text_and_target_in_every_markdown_form():
    text = (
        "## Cost\n"
        "See [the cost page](/guide/cost/) and [safety](guide:safety#risks).\n"
        "\n"
        "A [reference link][ref] and ![a diagram](/media/uploads/a.png).\n"
        '<a href="/faq/#does-it-hurt">raw HTML</a>\n'
        "\n"
        "[ref]: /guide/results/\n"
    )
    assert links_in(text) == [
        Link(2, "the cost page", "/guide/cost/"),
        Link(2, "safety", "guide:safety#risks"),
        Link(4, "a diagram", "/media/uploads/a.png", image=True),
        Link(5, "", "/faq/#does-it-hurt", html=True),
        Link(7, "ref", "/guide/results/"),
    ]


def test_links_shown_as_code_are_not_links():
    text = "Write `[cost](guide:nope)` like this:\n\n```\n[x](/nowhere/)\n```\n\n[real](/guide/)\n"
    assert links_in(text) == [Link(7, "real", "/guide/")]


def test_link_text_over_two_lines_is_reported_on_the_line_where_the_link_starts():
    assert links_in("Intro.\n\nRead [the whole\nguide](/guide/) now.\n") == [
        Link(3, "the whole guide", "/guide/")
    ]


# --- What counts as broken ----------------------------------------------------------


def test_the_real_content_has_no_broken_links(site_content):
    report = check_links()
    assert report.ok, "\n".join(str(broken) for broken in report.broken)
    pages = [Section, Question, Page, ContentBlock]
    assert report.pages == sum(model.objects.count() for model in pages)
    assert report.links > 20


def test_a_link_to_a_missing_page_is_reported_with_page_line_text_and_reason(make_section):
    section = make_section(
        title="Costs", body="## Prices\n\nIntro.\n\nSee [safety](/guide/safty/).\n"
    )
    [broken] = check_links([section]).broken
    assert broken.page == "Guide section “Costs”"
    assert broken.page_url == section.get_absolute_url()
    assert broken.edit_url == f"/admin/articles/section/{section.pk}/change/"
    assert (broken.line, broken.text, broken.target) == (5, "safety", "/guide/safty/")
    assert "page not found" in broken.problem
    assert str(broken) == (
        f"Guide section “Costs”, line 5: [safety](/guide/safty/): {broken.problem}"
    )


def test_an_address_that_matches_no_url_pattern_is_reported(make_section):
    section = make_section(body="[x](/no/such/place/)\n")
    assert broken_targets(section) == {"/no/such/place/": "No page on this site has this address."}


def test_a_link_from_a_published_page_to_a_draft_is_broken_for_visitors(make_section):
    make_section(slug="coming-soon", title="Coming soon", status=Section.Status.DRAFT)
    published = make_section(body="[soon](/guide/coming-soon/) and [again](guide:coming-soon)\n")
    problems = broken_targets(published)
    assert set(problems) == {"/guide/coming-soon/", "guide:coming-soon"}
    assert all("“Coming soon” is a draft" in problem for problem in problems.values())


def test_a_draft_may_link_to_another_draft_until_it_is_published(make_section):
    make_section(slug="coming-soon", status=Section.Status.DRAFT)
    draft = make_section(status=Section.Status.DRAFT, body="[soon](guide:coming-soon)\n")
    assert check_links([draft]).ok


def test_anchors_must_exist_on_the_target_page_as_visitors_see_it(
    empty_site, make_section, make_question
):
    make_section(slug="cost", body="## Rough price ranges\n\nText.\n")
    make_question(category="cost", slug="cost-in-korea")
    GlossaryTerm.objects.create(term="Exosome", slug="exosome", definition="A tiny parcel.")
    section = make_section(
        body=(
            "[ok](/guide/cost/#rough-price-ranges) [bad](/guide/cost/#rough-prices)\n"
            "[faq ok](/faq/#cost-in-korea) [faq bad](/faq/#cost-in-japan)\n"
            "[term ok](/glossary/#exosome) [term bad](glossary:exosome#nope)\n"
            "[slug ok](guide:cost#rough-price-ranges) [slug bad](guide:cost#nope)\n"
            "[page furniture](/guide/cost/#trust-heading)\n"
        )
    )
    problems = broken_targets(section)
    assert set(problems) == {
        "/guide/cost/#rough-prices",
        "/faq/#cost-in-japan",
        "glossary:exosome#nope",
        "guide:cost#nope",
    }
    assert problems["/guide/cost/#rough-prices"] == (
        "The page /guide/cost/ has no “#rough-prices” (no heading or item has that id)."
    )


def test_an_anchor_on_the_same_page_must_be_one_of_its_headings(make_section):
    section = make_section(body="## Side effects\n\n[up](#side-effects) [gone](#aftercare)\n")
    assert set(broken_targets(section)) == {"#aftercare"}


def test_slug_links_to_pages_that_do_not_exist_are_reported(make_section):
    section = make_section(body="[a](guide:nope) [b](faq:nope) [c](glossary:nope)\n")
    assert broken_targets(section) == {
        "guide:nope": "No guide section has the slug “nope”.",
        "faq:nope": "No FAQ question has the slug “nope”.",
        "glossary:nope": "No glossary term has the slug “nope”.",
    }


def test_a_slug_link_to_a_question_follows_it_to_its_category(
    empty_site, make_section, make_question
):
    make_question(category="cost", slug="cost-in-korea")
    section = make_section(
        body="[korea](faq:cost-in-korea) [old address](/faq/basics/cost-in-korea/)\n"
    )
    assert set(broken_targets(section)) == {"/faq/basics/cost-in-korea/"}


def test_misspelt_slug_links_and_unknown_kinds_of_link_say_how_to_write_them(make_section):
    section = make_section(body="[a](guide:Cost) [b](section:cost) [c](cost/)\n")
    problems = broken_targets(section)
    assert "write guide: and the page's slug in lower case" in problems["guide:Cost"]
    assert "Unknown kind of link “section:”" in problems["section:cost"]
    assert "relative address" in problems["cost/"].lower()


def test_links_to_other_sites_email_and_phone_are_not_checked(make_section):
    section = make_section(
        body="[fda](https://www.fda.gov/nowhere) [mail](mailto:a@b.example) [call](tel:911)\n"
    )
    report = check_links([section])
    assert report.ok and report.links == 0


def test_an_absolute_address_on_this_site_is_checked_like_a_path(make_section, settings):
    settings.SITE_URL = "https://exosite.example"
    settings.ALLOWED_HOSTS = ["exosite.example"]
    section = make_section(body="[x](https://exosite.example/guide/nope/)\n")
    assert list(broken_targets(section)) == ["https://exosite.example/guide/nope/"]


def test_static_and_uploaded_files_must_exist(make_section):
    default_storage.save("uploads/present.png", ContentFile(b"png"))
    section = make_section(
        body=(
            "![a](/media/uploads/present.png) ![b](/media/uploads/missing.png)\n\n"
            "[icon](/static/img/favicon.svg) [gone](/static/img/nothing.svg)\n"
        )
    )
    assert set(broken_targets(section)) == {"/media/uploads/missing.png", "/static/img/nothing.svg"}


def test_a_redirect_to_a_page_counts_as_working(make_section):
    assert check_links([make_section(body="[guide](/guide/) [no slash](/glossary)\n")]).ok


def test_faq_answers_are_checked_too(make_question):
    question = make_question(question="Does it hurt?", answer="Read [this](/guide/gone/).\n")
    [broken] = check_links([question]).broken
    assert broken.page == "FAQ answer “Does it hurt?”"
    assert broken.edit_url == f"/admin/faq/question/{question.pk}/change/"


def test_each_target_page_is_looked_up_once_per_check(empty_site, make_section):
    make_section(slug="cost", body="## A\n\n## B\n")
    sections = [
        make_section(body="[a](/guide/cost/#a) [b](guide:cost#b) [c](guide:cost)\n")
        for _ in range(5)
    ]
    with CaptureQueriesContext(connection) as one_page:
        assert check_links(sections[:1]).ok
    with CaptureQueriesContext(connection) as five_pages:
        assert check_links(sections).ok
    assert len(five_pages) == len(one_page)


# --- The command --------------------------------------------------------------------


def test_checklinks_prints_each_broken_link_and_fails(empty_site, make_section, capsys):
    make_section(title="Costs", body="Intro.\n\n[safety](/guide/safty/)\n")
    make_section(body="[fine](/guide/)\n")
    with pytest.raises(CommandError, match=r"Checked 2 internal links on 2 pages: 1 is broken\."):
        call_command("checklinks")
    output = capsys.readouterr().out
    assert "Guide section “Costs” (/guide/section-" in output and "line 3" in output
    assert "[safety](/guide/safty/)" in output
    assert "page not found" in output


def test_checklinks_succeeds_quietly_when_every_link_works(site_content, capsys):
    call_command("checklinks")
    assert "none is broken" in capsys.readouterr().out


# --- The admin ----------------------------------------------------------------------


def test_the_check_links_action_lists_broken_links_with_a_way_to_fix_each(
    editor_client, make_section
):
    good = make_section(body="[fine](/guide/)\n")
    bad = make_section(title="Costs", body="[safety](guide:safty)\n")
    response = editor_client.post(
        "/admin/articles/section/",
        {"action": "check_links", "_selected_action": [good.pk, bad.pk]},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Checked 2 internal links on 2 pages: 1 is broken." in html
    assert f'href="/admin/articles/section/{bad.pk}/change/"' in html
    assert "Guide section “Costs”" in html and "guide:safty" in html
    assert "No guide section has the slug “safty”." in html


def test_the_check_links_action_says_so_when_nothing_is_broken(editor_client, make_question):
    question = make_question(answer="[guide](/guide/)\n")
    response = editor_client.post(
        "/admin/faq/question/",
        {"action": "check_links", "_selected_action": [question.pk]},
        follow=True,
    )
    assert "Checked 1 internal link on 1 page: none is broken." in response.content.decode()


def test_saving_a_page_with_a_broken_link_warns_the_editor_but_keeps_the_text(
    editor_client, make_question
):
    question = make_question(category="cost")
    response = editor_client.post(
        f"/admin/faq/question/{question.pk}/change/",
        change_form_data(editor_client, question, answer="See [cost](guide:nope)."),
        follow=True,
    )
    html = response.content.decode()
    assert "Broken link on line 1: [cost](guide:nope). No guide section has the slug" in html
    # Kept as the pending change of the live answer (readers do not see it yet).
    assert PageWorkflow.of(question).pending["fields"]["answer"] == "See [cost](guide:nope).\n"


def test_the_markdown_fields_help_text_shows_how_to_link_by_slug(
    editor_client, make_section, make_question
):
    section = make_section()
    question = make_question()
    for url in (
        f"/admin/articles/section/{section.pk}/change/",
        f"/admin/faq/question/{question.pk}/change/",
    ):
        html = editor_client.get(url).content.decode()
        assert "[cost](guide:cost), [a question](faq:does-it-hurt)" in html
        assert "guide:cost#rough-price-ranges" in html
