"""How many bytes a visitor downloads on a first visit: a page's HTML plus its CSS and JS.

Sizes are counted compressed, as a browser receives them (gzip at level 9, and brotli at
quality 11 when the brotli package is installed, as whitenoise serves them). A budget of
50 KB per page keeps the site quick on a slow phone connection. Images are left out:
they load lazily and only some pages have them.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.test import Client

try:
    import brotli
except ImportError:  # pragma: no cover - brotli is in the test extra
    brotli = None

BUDGET_BYTES = 50_000


@dataclass(frozen=True)
class Resource:
    url: str
    raw: int
    gzip: int
    brotli: int | None


@dataclass(frozen=True)
class PageWeight:
    path: str
    html: Resource
    assets: tuple[Resource, ...]

    @property
    def total_gzip(self) -> int:
        return self.html.gzip + sum(asset.gzip for asset in self.assets)

    @property
    def total_brotli(self) -> int | None:
        if self.html.brotli is None:
            return None
        return self.html.brotli + sum(asset.brotli or 0 for asset in self.assets)


def compressed(url: str, data: bytes) -> Resource:
    return Resource(
        url=url,
        raw=len(data),
        gzip=len(gzip.compress(data, compresslevel=9, mtime=0)),
        brotli=len(brotli.compress(data, quality=11)) if brotli else None,
    )


class _AssetParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and "stylesheet" in (values.get("rel") or "").split():
            self.urls.append(values.get("href") or "")
        elif tag == "script" and values.get("src"):
            self.urls.append(values["src"] or "")


def assets_of(html: str) -> list[str]:
    """The stylesheets (print ones too: browsers fetch them) and scripts a page loads."""
    parser = _AssetParser()
    parser.feed(html)
    return [url for url in dict.fromkeys(parser.urls) if url]


def static_file(url: str) -> bytes:
    """The bytes of a file under STATIC_URL, from collectstatic's output or the source."""
    if not url.startswith(settings.STATIC_URL):
        raise ValueError(f"{url} is not a static file; the site loads nothing from elsewhere.")
    name = url.removeprefix(settings.STATIC_URL).split("?")[0]
    if staticfiles_storage.exists(name):
        with staticfiles_storage.open(name) as handle:
            return handle.read()
    found = finders.find(name)
    if not found:
        raise FileNotFoundError(f"{url} is linked from a page but no such static file exists.")
    return Path(found).read_bytes()


def measure(paths: list[str], client: Client | None = None) -> list[PageWeight]:
    client = client or Client()
    weights = []
    for path in paths:
        response = client.get(path, secure=True)
        html = response.content
        assets = tuple(compressed(url, static_file(url)) for url in assets_of(html.decode("utf-8")))
        weights.append(PageWeight(path=path, html=compressed(path, html), assets=assets))
    return weights
