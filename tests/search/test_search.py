"""Site search: plain-English queries land on the answer, on PostgreSQL and on SQLite."""

import re

import pytest
from django.db import connection

from articles.models import Section
from exosite import search
from exosite.markdown import render
from exosite.markdown.citations import Reference
from faq.models import Question


def result_urls(client, query: str) -> list[str]:
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return re.findall(r'class="search-result__title"><a href="([^"]+)"', response.content.decode())


@pytest.mark.parametrize(
    ("query", "expected_first"),
    [
        ("aftercare", {"/guide/aftercare/"}),
        ("does it hurt", {"/faq/treatment/does-it-hurt/"}),
        ("price in Korea", {"/faq/cost/cost-in-korea/", "/guide/cost/"}),
        ("side effects", {"/guide/safety/", "/faq/safety/side-effects/"}),
        ("how much does it cost", {"/guide/cost/", "/faq/cost/cost-in-the-us/"}),
        (
            "who is a good candidate",
            {"/guide/candidates/", "/faq/candidacy/who-is-a-good-candidate/"},
        ),
    ],
)
def test_a_query_about_a_topic_ranks_its_page_first(client, site_content, query, expected_first):
    urls = result_urls(client, query)
    assert urls, f"no results for {query!r}"
    assert urls[0] in expected_first, urls[:3]


def test_search_runs_on_the_engine_of_the_database_in_use(site_content):
    from exosite.models import SearchEntry

    entry = SearchEntry.objects.get(page_type="section", url="/guide/cost/")
    if connection.vendor == "postgresql":
        assert entry.search_vector is not None
    else:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {search.FTS_TABLE} WHERE rowid = %s", [entry.pk])
            assert cursor.fetchone()[0] == 1


def test_stemming_finds_other_forms_of_a_word(client, make_section):
    make_section(slug="stem-page", body="## Part\n\nOne treatment is enough for the zanzibarian.\n")
    assert "/guide/stem-page/" in result_urls(client, "treatments zanzibarian")
    assert "/guide/stem-page/" in result_urls(client, "treated zanzibarian")


def test_several_words_must_all_match_when_some_page_has_them_all(client, make_section):
    make_section(slug="both", body="## Part\n\nQuokka and wombat together.\n")
    make_section(slug="one", body="## Part\n\nOnly a quokka here.\n")
    assert result_urls(client, "quokka wombat") == ["/guide/both/"]


def test_when_no_page_has_every_word_pages_with_some_of_them_are_shown(client, make_section):
    make_section(slug="one", body="## Part\n\nOnly a quokka here.\n")
    assert result_urls(client, "quokka platypus") == ["/guide/one/"]


def test_quoted_phrases_match_words_in_that_order(client, make_section):
    make_section(slug="in-order", body="## Part\n\nThe purple walrus sings.\n")
    make_section(slug="apart", body="## Part\n\nA walrus that is purple.\n")
    assert result_urls(client, '"purple walrus"') == ["/guide/in-order/"]
    assert sorted(result_urls(client, "purple walrus")) == ["/guide/apart/", "/guide/in-order/"]


def test_results_show_title_place_and_a_highlighted_escaped_snippet(
    client, make_section, make_question
):
    make_section(
        slug="snip",
        title="Snippet page",
        body="## Part\n\nKeep SPF 30 < 50 for the narwhal sunscreen.\n",
    )
    make_question(question="What about the narwhal?", answer="A narwhal answer.")
    html = client.get("/search/", {"q": "narwhal"}).content.decode()
    assert '<a href="/guide/snip/">Snippet page</a>' in html
    assert '<p class="search-result__place">Guide</p>' in html
    assert '<p class="search-result__place">Questions and answers</p>' in html
    assert "<mark>narwhal</mark>" in html
    assert "30 &lt; 50" in html


def test_drafts_are_never_found(client, make_section, make_question):
    section = make_section(
        slug="hidden", status=Section.Status.DRAFT, body="## A\n\nsecretword here\n"
    )
    make_question(status=Question.Status.DRAFT, answer="secretword again")
    assert result_urls(client, "secretword") == []
    section.status = Section.Status.PUBLISHED
    section.save()
    assert result_urls(client, "secretword") == ["/guide/hidden/"]


def test_the_index_follows_an_admin_edit_once_it_is_published(editor_client, make_section):
    from tests.editorial.admin_forms import change_form_data, publish

    section = make_section(slug="edited", body="## Part\n\nAn ordinary body.\n")
    assert result_urls(editor_client, "capybara") == []
    response = editor_client.post(
        f"/admin/articles/section/{section.pk}/change/",
        change_form_data(editor_client, section, body="## Part\n\nNow about the capybara.\n"),
    )
    assert response.status_code == 302
    # A pending change: search still finds the live text only.
    assert result_urls(editor_client, "capybara") == []
    assert result_urls(editor_client, "ordinary") == ["/guide/edited/"]
    publish(editor_client, section)
    assert result_urls(editor_client, "capybara") == ["/guide/edited/"]
    assert result_urls(editor_client, "ordinary") == []


def test_a_deleted_question_leaves_the_index(client, make_question):
    question = make_question(answer="The okapi question.")
    assert result_urls(client, "okapi") == [question.get_absolute_url()]
    question.delete()
    assert result_urls(client, "okapi") == []


@pytest.mark.parametrize(
    "query",
    [
        "x" * 10_000,
        "word " * 2_000,
        "!!! ??? ... ;;; ***",
        "\x00\x01\x02 side\x07 effects \x1b[31m",
        "'; DROP TABLE exosite_searchentry; --",
        "1' OR '1'='1",
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        'NEAR(side effects) AND "" OR * ^ : -',
        '"unclosed quote',
        "\u202e\u200b\ufeff",
        "😀🙂",
    ],
)
def test_absurd_queries_get_a_calm_page_and_are_echoed_safely(client, site_content, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "\x00" not in html
    assert 'role="status"' in html


def test_a_very_long_query_is_shortened_and_says_so(client, site_content):
    html = client.get("/search/", {"q": "cost " * 100}).content.decode()
    assert "we used its first 200 characters" in html
    value = re.search(r'id="site-search-q"[^>]*value="([^"]*)"', html).group(1)
    assert len(value) <= 200


def test_an_empty_search_suggests_where_to_start(client, site_content):
    html = client.get("/search/", {"q": "   "}).content.decode()
    assert "Type one or more words" in html
    assert "The guide, section by section" in html


def test_no_results_suggests_the_guide_and_common_questions(client, site_content):
    html = client.get("/search/", {"q": "xylophone"}).content.decode()
    assert "We found nothing for “xylophone”" in html
    for section in Section.objects.published():
        assert f'href="{section.get_absolute_url()}"' in html
    assert "Common questions" in html
    assert html.count("/faq/") >= 5


def test_every_page_has_a_search_box(client, site_content):
    for url in ["/", "/guide/cost/", "/faq/", "/glossary/", "/search/?q=cost"]:
        html = client.get(url).content.decode()
        assert '<form class="site-search" action="/search/" method="get" role="search">' in html


def test_parse_query_keeps_only_words_and_phrases():
    query = search.parse_query('  "Side  Effects" of\x00 treatments; DROP--  ')
    assert query.phrases == (("side", "effects"),)
    assert query.words == ("treatments", "drop")
    assert "\x00" not in query.text


@pytest.mark.parametrize("query", ["price", "sessions", "FDA", "side effects", "report"])
def test_snippets_show_the_words_readers_see_never_the_markdown_of_a_citation(
    client, site_content, query
):
    """A page's sources are saved after its text, so its citations are numbered when it
    is rendered again: the index takes that rendering, not the first."""
    page = client.get("/search/", {"q": query}).content.decode()
    assert 'class="search-result__place"' in page  # there are results
    assert "[^" not in page


def test_the_index_leaves_out_citation_numbers():
    """ "session.² In one study" must not read "session.2 In one study" in a snippet."""
    sources = [Reference(key="a", title="A")]
    html = render("Clinics suggest one session.[^a] In one study, 3.", references=sources).html
    assert search.searchable_text(html) == "Clinics suggest one session. In one study, 3."
