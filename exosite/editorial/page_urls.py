"""Page addresses, worked out once per process.

Django's ``reverse()`` walks the URL patterns on every call, and a page asks for many
addresses: the menus alone list every guide section twice. The patterns cannot change
while a process runs, so each answer is kept, keyed by everything it depends on: the
URLconf in use, the script prefix (where the site is mounted) and the arguments. A test
that swaps ``ROOT_URLCONF`` clears what was kept, through Django's ``setting_changed``.
"""

import functools

from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse


@functools.lru_cache(maxsize=4096)
def _reverse(urlconf: str | None, prefix: str, viewname: str, kwargs: tuple) -> str:
    return reverse(viewname, urlconf=urlconf, kwargs=dict(kwargs))


def page_url(viewname: str, **kwargs: str) -> str:
    """``reverse(viewname, kwargs=kwargs)``, remembered: page_url("faq:category", slug="cost")."""
    return _reverse(get_urlconf(), get_script_prefix(), viewname, tuple(sorted(kwargs.items())))


@receiver(setting_changed)
def forget_addresses(*, setting: str, **kwargs) -> None:
    if setting == "ROOT_URLCONF":
        _reverse.cache_clear()


def admin_url(page: models.Model, view: str = "change") -> str:
    """A page's address in the admin: its change form, or ``view`` ("history", …)."""
    opts = page._meta
    return page_url(f"admin:{opts.app_label}_{opts.model_name}_{view}", object_id=str(page.pk))
