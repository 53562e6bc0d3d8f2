"""Page addresses are worked out once per process, and stay right when what they depend on
changes: the URLconf and the prefix the site is mounted under."""

import pytest
from django.test import override_settings
from django.urls import reverse, set_script_prefix

from exosite.editorial.page_urls import page_url


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("articles:home", {}),
        ("articles:section", {"slug": "cost"}),
        ("faq:category", {"slug": "safety"}),
        ("faq:question", {"category": "safety", "slug": "is-it-safe"}),
        ("search", {}),
    ],
)
def test_an_address_is_the_one_django_reverses(name, kwargs):
    assert page_url(name, **kwargs) == reverse(name, kwargs=kwargs)
    assert page_url(name, **kwargs) == reverse(name, kwargs=kwargs)  # and again, remembered


def test_a_site_mounted_under_a_prefix_gets_prefixed_addresses():
    assert page_url("articles:section", slug="cost") == "/guide/cost/"
    set_script_prefix("/health/")
    try:
        assert page_url("articles:section", slug="cost") == "/health/guide/cost/"
    finally:
        set_script_prefix("/")
    assert page_url("articles:section", slug="cost") == "/guide/cost/"


def test_swapping_the_urlconf_forgets_the_old_addresses():
    assert page_url("articles:home") == "/"
    with override_settings(ROOT_URLCONF="tests.urls_mounted_elsewhere"):
        assert page_url("articles:home") == "/elsewhere/"
    assert page_url("articles:home") == "/"


def test_an_unknown_page_is_an_error_not_a_remembered_blank():
    from django.urls import NoReverseMatch

    for _ in range(2):
        with pytest.raises(NoReverseMatch):
            page_url("articles:section", slug="not a slug!")
