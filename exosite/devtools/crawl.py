"""Every public page, found the way a visitor finds them: by following links from the home page.

The browser tests and `manage.py pageweight` both use this, so a page added later (a
search page, a glossary) is checked as soon as something links to it, with no list of
addresses to keep up to date. A form that is sent with GET (the search box) counts as a
link to its action.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from django.test import Client

# Not pages for visitors: the admin, the editor's endpoints, files, the health check.
NOT_PAGES = ("/admin/", "/markdownx/", "/static/", "/media/", "/healthz")
MAX_PAGES = 500


@dataclass
class Crawl:
    pages: list[str] = field(default_factory=list)
    # Internal links that did not answer 200 (or a redirect to a page), with the page linking.
    broken: dict[str, str] = field(default_factory=dict)


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        elif tag == "form" and (values.get("method") or "get").lower() == "get":
            self.links.append(values.get("action") or "")


def links_in(html: str, base: str) -> list[str]:
    """Same-site paths linked from a page, without #fragments."""
    parser = _LinkParser()
    parser.feed(html)
    paths = []
    for href in parser.links:
        url = urldefrag(urljoin(base, href)).url
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not path.startswith(NOT_PAGES):
            paths.append(path)
    return paths


def crawl(client: Client | None = None, start: str = "/") -> Crawl:
    """Follow internal links breadth-first from `start`; HTML pages that answer 200, in order."""
    client = client or Client()
    result = Crawl()
    queue: deque[tuple[str, str]] = deque([(start, "")])
    seen = {start}
    while queue and len(result.pages) < MAX_PAGES:
        path, linked_from = queue.popleft()
        response = client.get(path, follow=True, secure=True)
        if response.status_code != 200:
            result.broken[path] = linked_from
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        if response.redirect_chain:
            query = response.request.get("QUERY_STRING")
            path = response.request["PATH_INFO"] + (f"?{query}" if query else "")
            if path in result.pages:
                continue
            seen.add(path)
        result.pages.append(path)
        for link in links_in(response.content.decode(), path):
            if link not in seen:
                seen.add(link)
                queue.append((link, path))
    return result
