"""The link check: does every internal link in the guide and the FAQ lead somewhere?

``check_links()`` reads the Markdown of guide sections and FAQ answers, finds each link
(inline, reference-style, raw HTML and images, outside code), and checks it as a
visitor would follow it:

* an address on this site must resolve to a page (``django.urls.resolve``) that
  answers a visitor: a link from a published page to a draft is broken for visitors;
* a slug link (``guide:cost``, ``faq:does-it-hurt``, ``glossary:exosome``) must name a
  page that exists (and, from a published page, is published);
* a ``#fragment`` must be the id of something on the target page (a heading, a question,
  a glossary term), as the page renders for visitors;
* ``/static/`` and ``/media/`` files must exist;
* a relative address (``cost/``) is reported, because a FAQ answer appears on several
  pages and a relative address leads somewhere different from each.

A link to a page that is not public is reported for what it is: a draft, a page
scheduled for later, or an archived page (whose readers are told it was removed).

Links to other sites are fetched only by ``check_external_links()`` (``manage.py
checklinks --external``), never on a request: each with a timeout, a few at a time, and
the whole check stops after a bounded total time, saying how many it did not reach.

The command ``manage.py checklinks``, the admin's "Check all links" page (every kind of
page at once) and each list's "Check links" action print what this module reports: the
page, the line of its Markdown, the link's text and address, and why it is broken.
"""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.http import Http404
from django.test import RequestFactory
from django.urls import Resolver404, resolve

from exosite.editorial.models import Replacement
from exosite.editorial.page_urls import admin_url
from exosite.editorial.wording import moment_label
from exosite.markdown.pages import MarkdownPage, markdown_page_models
from exosite.markdown.slug_links import SlugLink, find_targets, link_targets

# Schemes that lead off the site, or to an app, not to a page here.
EXTERNAL_SCHEMES = {"http", "https", "mailto", "tel"}
MAX_REDIRECTS = 5

_INLINE_LINK = re.compile(
    r"(?P<image>!?)\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]"
    r"\(\s*(?P<target><[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"
)
_REFERENCE_DEFINITION = re.compile(
    r"^ {0,3}\[(?P<text>[^\]]+)\]:[ \t]*(?P<target><[^<>\n]*>|\S+)", re.MULTILINE
)
_HTML_LINK = re.compile(
    r"<(?P<tag>a|img)\b[^>]*?\s(?:href|src)\s*=\s*(?P<quote>[\"'])(?P<target>.*?)(?P=quote)",
    re.IGNORECASE | re.DOTALL,
)
_FENCED_CODE = re.compile(r"^ {0,3}(```|~~~).*?^ {0,3}\1[^\n]*$", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
_ID = re.compile(r"(?<![\w-])id\s*=\s*[\"']([^\"']+)[\"']")


@dataclass(frozen=True)
class Link:
    """A link as written in Markdown: its line (1 is the text's first), text and target."""

    line: int
    text: str
    target: str
    image: bool = False
    html: bool = False  # written as an HTML <a> or <img>, not in Markdown


@dataclass(frozen=True)
class BrokenLink:
    page: str  # e.g. 'Guide section “How much it costs”'
    page_url: str
    edit_url: str
    line: int
    text: str
    target: str
    problem: str

    def __str__(self) -> str:
        return f"{self.page}, line {self.line}: [{self.text}]({self.target}): {self.problem}"


@dataclass
class LinkReport:
    pages: int = 0
    links: int = 0
    broken: list[BrokenLink] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.broken

    def summary(self) -> str:
        pages = f"{self.pages} page{'s' if self.pages != 1 else ''}"
        links = f"{self.links} internal link{'s' if self.links != 1 else ''}"
        if self.ok:
            return f"Checked {links} on {pages}: none is broken."
        broken = f"{len(self.broken)} {'is' if len(self.broken) == 1 else 'are'} broken"
        return f"Checked {links} on {pages}: {broken}."


def _blank(match: re.Match) -> str:
    """Code is not a link: keep its line breaks so line numbers stay right."""
    return re.sub(r"[^\n]", " ", match.group(0))


def links_in(markdown_text: str) -> list[Link]:
    """Every link and image in a Markdown text, in order, outside code."""
    text = _CODE_SPAN.sub(_blank, _FENCED_CODE.sub(_blank, markdown_text))
    found: list[tuple[int, Link]] = []

    def line_of(position: int) -> int:
        return text.count("\n", 0, position) + 1

    for match in _INLINE_LINK.finditer(text):
        target = match["target"].strip("<>")
        label = " ".join(match["text"].split())
        image = bool(match["image"])
        found.append((match.start(), Link(line_of(match.start()), label, target, image)))
    for match in _REFERENCE_DEFINITION.finditer(text):
        target = match["target"].strip("<>")
        found.append((match.start(), Link(line_of(match.start()), match["text"], target)))
    for match in _HTML_LINK.finditer(text):
        image = match["tag"].lower() == "img"
        link = Link(line_of(match.start()), "", match["target"].strip(), image, html=True)
        found.append((match.start(), link))
    return [link for _, link in sorted(found, key=lambda pair: pair[0])]


@dataclass
class _Visit:
    """What a visitor gets at an address: a page (with its ids) or why not."""

    ids: set[str] = field(default_factory=set)
    problem: str = ""


class LinkChecker:
    """One run of the check. Each target page is rendered once, as a visitor sees it."""

    def __init__(self) -> None:
        self._visits: dict[str, _Visit] = {}
        self._published: dict[type, set[int]] = {}
        self._drafts: dict[str, object | None] = {}
        self._targets: dict[tuple[str, str], object | None] = {}
        self._requests = RequestFactory()

    # --- Pages -------------------------------------------------------------------

    def is_published(self, obj) -> bool:
        model = type(obj)
        if not hasattr(model.objects, "published"):  # e.g. glossary terms: always public
            return True
        if model not in self._published:
            self._published[model] = set(model.objects.published().values_list("pk", flat=True))
        return obj.pk in self._published[model]

    def check(self, page: MarkdownPage) -> list[BrokenLink]:
        """The broken links in one page's Markdown."""
        public = self.is_published(page)
        own_ids = set(_ID.findall(page.rendered_html))
        page_url = page.get_absolute_url()
        broken = []
        for link in links_in(page.markdown_text):
            problem = self.problem_with(link.target, page_url, own_ids, public)
            if problem:
                broken.append(
                    BrokenLink(
                        page=f"{page.page_label} “{page}”",
                        page_url=page_url,
                        edit_url=admin_url(page),
                        line=link.line,
                        text=link.text or ("(image)" if link.image else "(HTML link)"),
                        target=link.target,
                        problem=problem,
                    )
                )
        return broken

    # --- Links -------------------------------------------------------------------

    def problem_with(self, target: str, page_url: str, own_ids: set[str], public: bool) -> str:
        """Why a link from a page is broken for visitors, or '' if it works."""
        if not target:
            return "The link has no address."
        slug_link = SlugLink.parse(target)
        if slug_link is not None:
            return self._slug_link_problem(slug_link, public)
        parts = urlsplit(target)
        if parts.scheme:
            return self._scheme_problem(target, parts.scheme.lower(), parts.netloc, public)
        if parts.netloc:  # //host/path: another site, unless it names this one
            if parts.netloc != site_host():
                return ""
            return self._address_problem(parts.path or "/", parts.fragment, public)
        if not parts.path:  # "#anchor" on this page
            if unquote(parts.fragment) in own_ids:
                return ""
            visit = self.visit(page_url) if public else _Visit()
            if unquote(parts.fragment) in visit.ids:
                return ""
            return f"There is no “#{parts.fragment}” on this page (no heading has that id)."
        if not parts.path.startswith("/"):
            return (
                "A relative address leads somewhere different from each page that shows "
                "this text. Start it with / (e.g. /guide/cost/) or link by slug (guide:cost)."
            )
        return self._address_problem(parts.path, parts.fragment, public)

    def _scheme_problem(self, target: str, scheme: str, netloc: str, public: bool) -> str:
        if scheme in {"http", "https"} and netloc == site_host():
            parts = urlsplit(target)
            return self._address_problem(parts.path or "/", parts.fragment, public)
        if scheme in EXTERNAL_SCHEMES:
            return ""
        if scheme in link_targets():
            return (
                f"“{target}” is not a slug link the site understands: write {scheme}: and "
                f"the page's slug in lower case (e.g. {scheme}:{_example_slug(scheme)}), "
                "then #anchor if needed."
            )
        kinds = ", ".join(f"{kind}:slug" for kind in link_targets())
        return f"Unknown kind of link “{scheme}:”. Link by slug ({kinds}) or by address."

    def _slug_link_problem(self, link: SlugLink, public: bool) -> str:
        if link.target not in self._targets:
            self._targets[link.target] = find_targets([link]).get(link.target)
        target = self._targets[link.target]
        if target is None:
            return link.missing_message()
        if not self.is_published(target):
            return self._draft_message(target) if public else ""
        path, _, own_anchor = target.get_absolute_url().partition("#")
        return self._anchor_problem(path, link.anchor or own_anchor)

    def _address_problem(self, path: str, fragment: str, public: bool) -> str:
        if path.startswith(settings.STATIC_URL):
            name = unquote(path.removeprefix(settings.STATIC_URL))
            return "" if finders.find(name) else "There is no such file in the site's static files."
        if path.startswith(settings.MEDIA_URL):
            name = unquote(path.removeprefix(settings.MEDIA_URL))
            return "" if default_storage.exists(name) else "No uploaded file has this address."
        draft = self._draft_at(path)
        if draft is not None:
            return self._draft_message(draft) if public else ""
        return self._anchor_problem(path, fragment)

    def _anchor_problem(self, path: str, fragment: str) -> str:
        visit = self.visit(path)
        if visit.problem:
            return visit.problem
        if fragment and unquote(fragment) not in visit.ids:
            return f"The page {path} has no “#{fragment}” (no heading or item has that id)."
        return ""

    # --- Targets -----------------------------------------------------------------

    def _draft_at(self, path: str):
        """The draft section or question at an address, if that is what it is."""
        if path not in self._drafts:
            self._drafts[path] = self._find_draft(path)
        return self._drafts[path]

    def _find_draft(self, path: str):
        try:
            match = resolve(path)
        except Resolver404:
            return None
        slug = match.kwargs.get("slug")
        models = {model.public_view: model for model in markdown_page_models()}
        if match.view_name not in models or slug is None:
            return None
        target = models[match.view_name]._default_manager.filter(slug=slug).first()
        if target is None or self.is_published(target):
            return None
        return target

    @staticmethod
    def _draft_message(target) -> str:
        """Why a link to a page visitors cannot open is broken, in the page's own terms."""
        status = getattr(target, "status", "")
        if status == "archived":
            replacement = Replacement.for_page(target)
            instead = f" (“{replacement}”)" if replacement is not None else ""
            return (
                f"“{target}” is archived: visitors are told it was removed. Link to the page "
                f"that replaced it{instead}, or remove the link."
            )
        if status == "scheduled" and getattr(target, "goes_live_at", None):
            return (
                f"“{target}” is scheduled to go live on {moment_label(target.goes_live_at)}; "
                "until then visitors cannot open it. Remove the link or wait to publish this "
                "page."
            )
        return f"“{target}” is a draft, so visitors cannot open it. Publish it or remove the link."

    def visit(self, path: str) -> _Visit:
        """The page at an address as a visitor gets it, following redirects on this site."""
        if path not in self._visits:
            self._visits[path] = self._fetch(path)
        return self._visits[path]

    def _fetch(self, path: str) -> _Visit:
        for _ in range(MAX_REDIRECTS):
            try:
                match = resolve(path)
            except Resolver404:
                if not path.endswith("/"):
                    try:  # CommonMiddleware adds the slash for visitors (APPEND_SLASH)
                        resolve(f"{path}/")
                    except Resolver404:
                        pass
                    else:
                        path = f"{path}/"
                        continue
                return _Visit(problem="No page on this site has this address.")
            request = self._requests.get(path, secure=True, HTTP_HOST=site_host())
            request.user = AnonymousUser()
            try:
                response = match.func(request, *match.args, **match.kwargs)
            except Http404:
                return _Visit(problem="No page here: visitors get “page not found” (404).")
            if hasattr(response, "render"):
                response.render()
            if response.status_code in {301, 302, 303, 307, 308}:
                location = urlsplit(urljoin(path, response["Location"]))
                if location.netloc and location.netloc != site_host():
                    return _Visit()
                path = location.path
                continue
            if response.status_code != 200:
                return _Visit(problem=f"The page answers visitors with {response.status_code}.")
            content = response.content.decode(response.charset or "utf-8", "replace")
            return _Visit(ids=set(_ID.findall(content)))
        return _Visit(problem="The address redirects too many times.")


def site_host() -> str:
    """The host name requests are made for: the public site's, or one Django accepts."""
    if settings.SITE_URL:
        return urlsplit(settings.SITE_URL).netloc
    for host in settings.ALLOWED_HOSTS:
        if host != "*" and not host.startswith("."):
            return host
    return "localhost"


def _example_slug(kind: str) -> str:
    """A real slug of that kind, so the example can be copied."""
    model = link_targets()[kind]
    return model._default_manager.values_list("slug", flat=True).first() or "the-page-slug"


def check_links(pages: Iterable[MarkdownPage] | None = None) -> LinkReport:
    """Check the links in the given pages (every Markdown page by default)."""
    checker = LinkChecker()
    if pages is None:
        pages = [page for model in markdown_page_models() for page in model.objects.all()]
    report = LinkReport()
    for page in pages:
        report.pages += 1
        report.links += sum(1 for link in links_in(page.markdown_text) if _is_internal(link.target))
        report.broken.extend(checker.check(page))
    return report


def _is_internal(target: str) -> bool:
    parts = urlsplit(target)
    if parts.scheme.lower() in EXTERNAL_SCHEMES:
        return parts.netloc == site_host()
    return not parts.netloc


# --- Links to other sites (never on a request: the command only) --------------------------

EXTERNAL_TIMEOUT = 10.0  # seconds for one site to answer
EXTERNAL_MAX_SECONDS = 120.0  # for the whole check
EXTERNAL_WORKERS = 4
USER_AGENT = "exosite-link-check/1.0 (checks that the site's sources still answer)"


@dataclass(frozen=True)
class _ExternalUse:
    page: object
    line: int
    text: str


@dataclass
class ExternalReport:
    links: int = 0
    checked: int = 0
    broken: list[BrokenLink] = field(default_factory=list)
    not_checked: list[str] = field(default_factory=list)
    max_seconds: float = EXTERNAL_MAX_SECONDS

    @property
    def ok(self) -> bool:
        return not self.broken

    def summary(self) -> str:
        text = (
            f"Checked {self.checked} of {self.links} links to other sites: "
            f"{len(self.broken)} broken."
        )
        if self.not_checked:
            text += (
                f" {len(self.not_checked)} not checked: the check stops after "
                f"{self.max_seconds:g} seconds (run it again, or allow more with --max-seconds)."
            )
        return text


def external_links(pages: Iterable[MarkdownPage] | None = None) -> dict[str, list[_ExternalUse]]:
    """Every http(s) address on another site, from the pages' text and their sources."""
    if pages is None:
        pages = [page for model in markdown_page_models() for page in model.objects.all()]
    found: dict[str, list[_ExternalUse]] = {}
    host = site_host()
    for page in pages:
        for link in links_in(page.markdown_text):
            parts = urlsplit(link.target)
            if parts.scheme.lower() in {"http", "https"} and parts.netloc != host:
                text = link.text or ("(image)" if link.image else "(HTML link)")
                found.setdefault(link.target, []).append(_ExternalUse(page, link.line, text))
        sources = page.sources.all() if hasattr(page, "sources") else ()
        for source in sources:
            if source.url:
                use = _ExternalUse(page, 0, f"Source: {source.title}")
                found.setdefault(source.url, []).append(use)
    return found


def fetch_problem(url: str, timeout: float) -> str:
    """Why the address does not answer with a page, or '' if it does."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                if response.status < 400:
                    return ""
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except TimeoutError:
            return f"The other site did not answer within {timeout:g} seconds."
        except (urllib.error.URLError, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            if isinstance(reason, TimeoutError) or "timed out" in str(reason):
                return f"The other site did not answer within {timeout:g} seconds."
            return f"The other site could not be reached ({reason})."
        if method == "HEAD" and status in {403, 405, 501}:
            continue  # some sites refuse HEAD: ask again as a browser would
        break
    if status == 404 or status == 410:
        return f"The other site says this page does not exist ({status})."
    return f"The other site answers {status} instead of a page."


def check_external_links(
    pages: Iterable[MarkdownPage] | None = None,
    *,
    timeout: float = EXTERNAL_TIMEOUT,
    max_seconds: float = EXTERNAL_MAX_SECONDS,
) -> ExternalReport:
    """Fetch each address on another site once, a few at a time. Nothing starts after
    ``max_seconds``; what was not reached by then is listed as not checked."""
    uses = external_links(pages)
    report = ExternalReport(links=len(uses), max_seconds=max_seconds)
    deadline = time.monotonic() + max_seconds

    def check(url: str) -> str | None:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        limit = min(timeout, left)
        problem = fetch_problem(url, limit)
        if limit < timeout and problem.startswith("The other site did not answer"):
            return None  # cut short by the check's own time limit: no verdict on the site
        return problem

    with ThreadPoolExecutor(max_workers=EXTERNAL_WORKERS) as pool:
        results = list(zip(uses, pool.map(check, uses), strict=True))
    for url, problem in results:
        if problem is None:
            report.not_checked.append(url)
            continue
        report.checked += 1
        if problem:
            for use in uses[url]:
                report.broken.append(
                    BrokenLink(
                        page=f"{use.page.page_label} “{use.page}”",
                        page_url=use.page.get_absolute_url(),
                        edit_url=admin_url(use.page),
                        line=use.line,
                        text=use.text,
                        target=url,
                        problem=problem,
                    )
                )
    return report
