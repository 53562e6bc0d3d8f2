"""No Markdown an editor can write stalls a worker: the shapes of text that used to take
time growing with the square of their length render in bounded time, and texts beyond any
real page are refused with a sentence that says what to do."""

import signal
from contextlib import contextmanager

import pytest

from exosite.markdown import TooComplex, render
from exosite.markdown.limits import MAX_CHARACTERS, problems

# Generous: each of these renders in about a second on a slow machine; before the fix the
# smallest of them took 20 seconds and the largest killed the worker.
BUDGET_SECONDS = 15


@contextmanager
def finishes_within(seconds: int):
    def too_slow(signum, frame):
        raise TimeoutError(f"did not finish within {seconds} seconds")

    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def paragraph_of(unit: str, characters: int = MAX_CHARACTERS - 100) -> str:
    """``unit`` repeated to ``characters``, in lines of 4,000 characters with no blank line:
    one paragraph, as large as the limits allow."""
    line = (unit * (4000 // len(unit) + 1))[:4000]
    return "\n".join([line] * (characters // 4001 + 1))[:characters]


PATHOLOGICAL = ["[", "![", "[a](b ", "[a](b 'c", "[[]", "[a](<", "_a_ ", "*_", "# h {: ", "<a>"]


@pytest.mark.parametrize("unit", PATHOLOGICAL)
def test_pathological_markdown_renders_in_bounded_time(unit):
    with finishes_within(BUDGET_SECONDS):
        rendered = render(paragraph_of(unit))
    assert rendered.html


def test_ten_thousand_opening_brackets_render_as_text(db):
    text = "\n".join(["[" * 100] * 100)
    with finishes_within(BUDGET_SECONDS):
        html = render(text).html
    assert html.count("[") == 10_000


def test_links_still_work_after_many_stray_brackets():
    text = "[" * 3000 + "\n\nSee [the cost page](https://example.org/cost) for prices.\n"
    html = render(text).html
    assert '<a class="link--external" href="https://example.org/cost"' in html


def test_a_page_with_hundreds_of_links_renders_every_one():
    text = "\n\n".join(f"Item [{n}](https://example.org/{n})" for n in range(400))
    html = render(text).html
    assert html.count('href="https://example.org/') == 400


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("x" * (MAX_CHARACTERS + 1), "the limit is 50,000"),
        ("[" * 10_000, "Line 1 is 10,000 characters long"),
        ("## h\n\n" * 400, "400 headings"),
        ("- a\n" * 300, "Line 1 starts more than 200 lines with no blank line"),
        ("<a " * 100 + "\n", "start no HTML tag"),
    ],
)
def test_texts_beyond_any_real_page_are_refused_with_a_reason(text, says):
    assert any(says in problem for problem in problems(text))
    with pytest.raises(TooComplex, match=says.split(" ")[0]), finishes_within(BUDGET_SECONDS):
        render(text)


def test_every_page_in_content_is_within_the_limits(site_content):
    from articles.models import Section
    from faq.models import Question

    for page in [*Section.objects.all(), *Question.objects.all()]:
        assert problems(page.markdown_text) == [], page


def test_the_admin_refuses_such_a_text_and_says_why(editor_client, guide):
    from articles.models import Section
    from tests.editorial.admin_forms import change_form_data

    section = Section.objects.get(slug="cost")
    response = editor_client.post(
        f"/admin/articles/section/{section.pk}/change/",
        change_form_data(editor_client, section, body="[" * 10_000),
    )
    assert response.status_code == 200
    assert "characters long; the limit is 5,000" in response.content.decode()
    section.refresh_from_db()
    assert "[" * 100 not in section.body


def test_the_live_preview_refuses_such_a_text_at_once(editor_client):
    with finishes_within(BUDGET_SECONDS):
        response = editor_client.post("/markdownx/markdownify/", {"content": "[" * 25_000})
    assert response.status_code == 400
    assert "the limit is 5,000" in response.json()["error"]
