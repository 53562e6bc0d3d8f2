"""Random and hostile requests at every public address and the admin sign-in: none may
crash the site (a 500) or write anything to the database.

Hypothesis generates the requests. Runs are derandomized, so CI is repeatable; set
HYPOTHESIS_EXAMPLES to explore more (say 5000) on a developer machine.
"""

import os
import string
from urllib.parse import quote, urlencode

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exosite.devtools.crawl import crawl

EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "150"))
fuzz = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

WRITES = ("INSERT", "UPDATE", "DELETE", "DROP", "ALTER", "CREATE", "TRUNCATE", "REPLACE")
LOGIN = "/admin/login/"
ADDRESSES = [
    "/",
    "/guide/cost/",
    "/guide/",
    "/faq/",
    "/faq/cost/",
    "/faq/cost/cost-in-korea/",
    "/glossary/",
    "/search/",
    "/feed/",
    "/sitemap.xml",
    "/robots.txt",
    "/healthz",
    LOGIN,
    "/admin/",
    "/markdownx/markdownify/",
    "/markdownx/upload/",
    "/media/",
    "/static/",
    "/tools/cost/",
    "/tools/is-it-for-me/",
    "/tools/aftercare-timeline/",
    "/tools/aftercare-timeline/reminders/",
    "/feedback/",
]

# Text meant to break things: control characters, NUL, surrogates, right-to-left marks,
# SQL and HTML fragments, format strings, path traversal and very long runs.
nasty = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
    st.sampled_from(
        [
            "\x00",
            "' OR 1=1 --",
            '"; DROP TABLE articles_section; --',
            "<script>alert(1)</script>",
            "%s%s%n",
            "{{ settings.SECRET_KEY }}",
            "../../../../etc/passwd",
            "\u202e\u200b\ufeff",
            '"unclosed phrase',
            "a" * 5000,
            "-" * 300,
            "or or and not",
            "*:*",
            "\\",
        ]
    ),
)
header_text = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=200)
header_names = st.sampled_from(
    [
        "HTTP_ACCEPT",
        "HTTP_ACCEPT_LANGUAGE",
        "HTTP_ACCEPT_ENCODING",
        "HTTP_USER_AGENT",
        "HTTP_REFERER",
        "HTTP_COOKIE",
        "HTTP_IF_NONE_MATCH",
        "HTTP_IF_MODIFIED_SINCE",
        "HTTP_RANGE",
        "HTTP_X_FORWARDED_FOR",
        "HTTP_X_FORWARDED_PROTO",
        "HTTP_HOST",
        "CONTENT_TYPE",
        "HTTP_ORIGIN",
    ]
)
path_segment = st.one_of(
    st.text(alphabet=string.ascii_letters + string.digits + "-_.~", max_size=20),
    nasty.map(lambda text: quote(text.encode("utf-8", "surrogatepass"), safe="")),
    st.sampled_from(["%00", "%ff%fe", "..", "%2e%2e", "//", "%c0%af", ";", "?#"]),
)


@pytest.fixture
def hostile_client(site_content):
    return Client(raise_request_exception=False)


def writes(context: CaptureQueriesContext) -> list[str]:
    """Writes, apart from counting sign-in attempts (the throttle doing its job)."""
    return [
        query["sql"]
        for query in context.captured_queries
        if query["sql"].lstrip().upper().startswith(WRITES)
        and "signinattempts" not in query["sql"].lower()
    ]


def assert_survives(client: Client, verb: str, path: str, **extra) -> None:
    with CaptureQueriesContext(connection) as queries:
        response = (
            client.generic(verb, path, **extra) if verb == "POST" else client.get(path, **extra)
        )
    assert response.status_code < 500, (verb, path, response.status_code)
    assert not writes(queries), (verb, path, writes(queries))


def safe(text: str) -> str:
    """The test client sends str; lone surrogates cannot be encoded, so replace them."""
    return text.encode("utf-8", "replace").decode("utf-8")


@fuzz
@given(
    base=st.sampled_from(ADDRESSES),
    segments=st.lists(path_segment, max_size=4),
)
def test_random_paths_never_crash_or_write(hostile_client, base, segments):
    path = base + "/".join(segments)
    assert_survives(hostile_client, "GET", path)


@fuzz
@given(
    address=st.sampled_from(ADDRESSES),
    params=st.lists(
        st.tuples(st.sampled_from(["q", "page", "next", "p", "format"]) | nasty, nasty),
        max_size=4,
    ),
)
def test_random_query_strings_never_crash_or_write(hostile_client, address, params):
    query = urlencode([(safe(key), safe(value)) for key, value in params])
    assert_survives(hostile_client, "GET", f"{address}?{query}")


@fuzz
@given(
    address=st.sampled_from(ADDRESSES),
    headers=st.dictionaries(header_names, header_text, max_size=5),
)
def test_random_headers_never_crash_or_write(hostile_client, address, headers):
    assert_survives(hostile_client, "GET", address, **headers)


@fuzz
@given(
    address=st.sampled_from(ADDRESSES),
    form=st.dictionaries(
        st.sampled_from(
            [
                "username",
                "password",
                "q",
                "content",
                "next",
                "csrfmiddlewaretoken",
                "token",
                "helpful",
                "comment",
                "website",
                "treatment_day",
                "sessions",
                "pregnant",
            ]
        )
        | nasty,
        nasty,
        max_size=5,
    ),
)
def test_random_form_posts_never_crash_or_write(hostile_client, address, form):
    body = urlencode({safe(key): safe(value) for key, value in form.items()})
    assert_survives(
        hostile_client,
        "POST",
        address,
        data=body,
        content_type="application/x-www-form-urlencoded",
    )


@fuzz
@given(body=st.binary(max_size=2000), content_type=header_text)
def test_random_bodies_at_the_sign_in_never_crash_or_write(hostile_client, body, content_type):
    assert_survives(hostile_client, "POST", LOGIN, data=body, content_type=content_type)


def test_every_crawled_page_survives_a_hostile_query_string(hostile_client):
    pages = crawl(Client()).pages
    for path in pages:
        separator = "&" if "?" in path else "?"
        assert_survives(hostile_client, "GET", f"{path}{separator}q=%00%ff'%22<x>&page=-1")
