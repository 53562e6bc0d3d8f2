"""The one Markdown pipeline: the admin's live preview and the public pages both use it.

``render(text)`` turns an editor's Markdown into sanitised HTML plus the table of
contents and a word count. Models call it in ``save()`` and store the result, so a
public page never renders Markdown per request; markdownx calls ``render_markdown``
for the preview (``exosite.markdown.pages.render_markdown``), so an editor sees exactly
what will be published.

What editors can write, beyond plain Markdown:

* tables (pipe syntax), with column alignment;
* callout boxes::

      !!! doctor "When to see a doctor"
          Indented text, four spaces.

  with the types ``note``, ``important``, ``warning`` and ``doctor``;
* ``{#custom-id}`` after a heading to fix its anchor;
* links by slug, ``[cost](guide:cost)``, ``[answer](faq:does-it-hurt#top)``,
  ``[term](glossary:exosome)``, which become the page's current address (see
  ``exosite/markdown/slug_links.py``);
* citations of the page's sources, ``[^fda-2020-alert]``, and content blocks included with
  a line ``{{ urgent-care }}`` (see ``exosite/markdown/citations.py``).

``exosite.markdown.pages`` adds what needs the database: today's glossary, the addresses
that slug links name, and the ``MarkdownPage`` base that stores a rendering on save.

Whatever an editor pastes, the output goes through an nh3 allow-list last: no
script, no event handlers, no ``javascript:`` URLs, no inline styles.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.toc import slugify as toc_slugify
from markdown.treeprocessors import Treeprocessor

from exosite.markdown.citations import (
    BlockResolver,
    CitationPlan,
    Citations,
    IncludeBlocks,
    Reference,
    allowed_citation_id,
)
from exosite.markdown.glossary import Term, allowed_glossary_id, link_terms, without_tips
from exosite.markdown.limits import BoundedLinksExtension, TooComplex
from exosite.markdown.limits import check as check_limits
from exosite.markdown.slug_links import SlugLink

__all__ = ["Rendered", "TocEntry", "TooComplex", "plain_text", "render", "sanitise"]

# Given the slug links on a page, the address of each page they name, by (kind, slug):
# None for a page readers cannot see.
LinkResolver = Callable[[Iterable[SlugLink]], Mapping[tuple[str, str], str | None]]

WORDS_PER_MINUTE = 200

CALLOUT_TITLES = {
    "note": "Good to know",
    "important": "Important",
    "warning": "Warning",
    "doctor": "When to see a doctor",
    # The urgent-care levels, from "this is normal" to "call the emergency number now".
    "normal": "What is normal",
    "clinic": "Call your clinic",
    "urgent": "See a doctor today",
    "emergency": "Call the emergency number now",
}

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt",
    "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "li",
    "ol", "p", "pre", "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    "div": {"aria-label"},
    # Glossary links and their tooltips; ids are checked by _filter_attribute. A slug
    # link to no page says why in data-link-problem, which the editor's preview shows.
    "span": {"id", "data-link-problem"},
    # Citations: <sup id="cite-…"><a href="#ref-…" aria-label="Source 2">2</a></sup>.
    "sup": {"id"},
}

# Attributes allowed only with these exact values.
ALLOWED_ATTRIBUTE_VALUES = {
    "a": {"target": {"_blank"}},
    "span": {"role": {"tooltip"}},
    "div": {"role": {"note", "region"}, "tabindex": {"0"}},
    "img": {"loading": {"lazy"}, "decoding": {"async"}},
    "th": {"align": {"left", "right", "center"}},
    "td": {"align": {"left", "right", "center"}},
}

ALLOWED_CLASSES = {
    "a": {"link--external", "glossary__term"},
    "div": {"callout", "table-scroll", *(f"callout--{kind}" for kind in CALLOUT_TITLES)},
    "p": {"callout__title"},
    "span": {"visually-hidden", "glossary", "glossary__tip", "link--broken"},
    "sup": {"citation", "citation--next"},
}
# Citations side by side ("text.¹,³"): the second and later get a comma before them. Said
# in the HTML, since CSS's ``+`` would also match two citations with words between them.
_NEXT_CITATION = re.compile(r'</sup><sup class="citation"')


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    """Ids outside headings, and references to them, only in the glossary's and the
    citations' own forms."""
    if attribute in {"id", "aria-describedby"} and element in {"span", "a"}:
        return value if allowed_glossary_id(value) else None
    if attribute == "id" and element == "sup":
        return value if allowed_citation_id(value) else None
    return value


_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style"},
    attributes={
        **ALLOWED_ATTRIBUTES,
        "a": {*ALLOWED_ATTRIBUTES["a"], "aria-describedby", "aria-label"},
    },
    attribute_filter=_filter_attribute,
    tag_attribute_values=ALLOWED_ATTRIBUTE_VALUES,
    allowed_classes=ALLOWED_CLASSES,
    url_schemes={"http", "https", "mailto", "tel"},
    link_rel="noopener noreferrer",
    strip_comments=True,
)


@dataclass(frozen=True)
class TocEntry:
    id: str
    title: str
    level: int


@dataclass(frozen=True)
class Rendered:
    html: str
    toc: list[TocEntry] = field(default_factory=list)
    word_count: int = 0
    # The page's reference list, numbered as its citations are, blocks' sources merged in.
    references: list[Reference] = field(default_factory=list)
    # What makes the text unfit to publish: citations of unlisted sources, missing blocks.
    problems: list[str] = field(default_factory=list)


def reading_minutes(word_count: int) -> int:
    """Estimated reading time, never less than a minute."""
    return max(1, round(word_count / WORDS_PER_MINUTE))


def is_external(href: str) -> bool:
    parts = urlsplit(href)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


class HealthContentProcessor(Treeprocessor):
    """Shapes the tree into the site's components before the HTML is written out.

    Runs after links and emphasis exist (priority below 'inline') and before the
    table of contents is collected (priority above 'toc').
    """

    def __init__(
        self,
        md: markdown.Markdown,
        terms: Sequence[Term],
        scope: str,
        resolve_links: LinkResolver | None,
    ):
        super().__init__(md)
        self.terms = terms
        self.scope = scope
        self.resolve_links = resolve_links

    def run(self, root: etree.Element) -> None:
        self._demote_headings(root)
        self._slug_links(root)
        parents = {child: parent for parent in root.iter() for child in parent}
        for element in list(root.iter()):
            if element.tag == "div" and "admonition" in element.get("class", "").split():
                self._callout(element)
            elif element.tag == "table":
                self._scrollable_table(element, parents[element])
            elif element.tag == "a":
                self._link(element)
            elif element.tag == "img":
                element.set("loading", "lazy")
                element.set("decoding", "async")
        link_terms(root, self.terms, self.scope)

    @staticmethod
    def _demote_headings(root: etree.Element) -> None:
        """The page's title is its only h1, so an editor's '#' heading becomes an h2."""
        headings = [el for el in root.iter() if re.fullmatch(r"h[1-6]", el.tag)]
        if any(el.tag == "h1" for el in headings):
            for element in headings:
                element.tag = f"h{min(int(element.tag[1]) + 1, 6)}"

    @staticmethod
    def _callout(element: etree.Element) -> None:
        kinds = [c for c in element.get("class", "").split() if c != "admonition"]
        kind = next((k for k in kinds if k in CALLOUT_TITLES), "note")
        element.set("class", f"callout callout--{kind}")
        element.set("role", "note")
        first = element.find("p")
        if first is not None and "admonition-title" in first.get("class", ""):
            title = first
        else:  # '!!! note ""' asks for no title; every callout still says what it is.
            title = etree.Element("p")
            element.insert(0, title)
            title.tail = "\n"
        title.set("class", "callout__title")
        text = "".join(title.itertext()).strip()
        if not text or text.lower() in kinds:  # "!!! doctor" alone is titled "Doctor"
            tail = title.tail
            title.clear()
            title.set("class", "callout__title")
            title.tail = tail
            title.text = CALLOUT_TITLES[kind]

    @staticmethod
    def _scrollable_table(table: etree.Element, parent: etree.Element) -> None:
        """Wide tables scroll inside their own box on a phone, reachable by keyboard."""
        first_header = table.find(".//th")
        label = "".join(first_header.itertext()).strip() if first_header is not None else ""
        wrapper = etree.Element(
            "div",
            {
                "class": "table-scroll",
                "role": "region",
                "tabindex": "0",
                "aria-label": f"Table: {label}" if label else "Table",
            },
        )
        index = list(parent).index(table)
        parent.remove(table)
        wrapper.append(table)
        wrapper.tail, table.tail = table.tail, None
        parent.insert(index, wrapper)
        for header in table.iter("th"):
            if header.get("scope") is None:
                header.set("scope", "col")

    def _slug_links(self, root: etree.Element) -> None:
        """guide:cost becomes /guide/cost/; a slug that names no page becomes marked text."""
        found = [
            (element, link)
            for element in root.iter("a")
            if (link := SlugLink.parse(element.get("href", ""))) is not None
        ]
        if not found:
            return
        urls = self.resolve_links([link for _, link in found]) if self.resolve_links else {}
        for element, link in found:
            if urls.get(link.target):
                element.set("href", link.url(urls[link.target]))
                continue
            problem = link.hidden_message() if link.target in urls else link.missing_message()
            element.tag = "span"
            element.attrib.clear()
            element.set("class", "link--broken")
            element.set("data-link-problem", f"Broken link: {problem}")

    @staticmethod
    def _link(element: etree.Element) -> None:
        if not is_external(element.get("href", "")):
            return
        element.set("class", "link--external")
        element.set("target", "_blank")
        warning = etree.SubElement(element, "span", {"class": "visually-hidden"})
        warning.text = " (opens in a new tab)"


class HealthContentExtension(Extension):
    def __init__(
        self,
        terms: Sequence[Term],
        scope: str,
        resolve_links: LinkResolver | None,
        plan: CitationPlan,
        resolve_blocks: BlockResolver | None,
    ):
        super().__init__()
        self.terms = terms
        self.scope = scope
        self.resolve_links = resolve_links
        self.plan = plan
        self.resolve_blocks = resolve_blocks

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # Blocks first (before anything reads the lines), citations before links.
        md.preprocessors.register(IncludeBlocks(md, self.plan, self.resolve_blocks), "blocks", 40)
        md.inlinePatterns.register(Citations(self.plan, md), "citations", 175)
        processor = HealthContentProcessor(md, self.terms, self.scope, self.resolve_links)
        md.treeprocessors.register(processor, "health_content", 6)


def _markdown(
    terms: Sequence[Term],
    scope: str,
    resolve_links: LinkResolver | None,
    plan: CitationPlan,
    resolve_blocks: BlockResolver | None,
    heading_prefix: str,
) -> markdown.Markdown:
    def slugify(value: str, separator: str) -> str:
        return heading_prefix + toc_slugify(value, separator)

    return markdown.Markdown(
        extensions=[
            "attr_list",
            "admonition",
            "sane_lists",
            "tables",
            "toc",
            BoundedLinksExtension(),
            HealthContentExtension(terms, scope, resolve_links, plan, resolve_blocks),
        ],
        extension_configs={
            "tables": {"use_align_attribute": True},
            "toc": {"toc_depth": "2-3", "slugify": slugify},
        },
        output_format="html",
    )


def _flatten(tokens: list[dict]) -> list[TocEntry]:
    entries: list[TocEntry] = []
    for token in tokens:
        entries.append(TocEntry(token["id"], html.unescape(token["name"]), token["level"]))
        entries.extend(_flatten(token["children"]))
    return entries


def sanitise(fragment: str) -> str:
    """Run any HTML fragment through the site's allow-list."""
    return _cleaner.clean(fragment)


def plain_text(fragment: str) -> str:
    """The words of an HTML fragment, for word counts, snippets and search."""
    text = nh3.clean(fragment, tags=set())
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def render(
    text: str,
    *,
    terms: Sequence[Term] = (),
    scope: str = "",
    resolve_links: LinkResolver | None = None,
    references: Sequence[Reference] = (),
    resolve_blocks: BlockResolver | None = None,
    scoped_headings: bool = False,
    citation_base: str = "",
) -> Rendered:
    """Render an editor's Markdown into sanitised HTML, its contents list, its length and
    its numbered reference list.

    ``terms`` are the glossary terms to link on first use; ``scope`` (the page's slug)
    keeps the ids of their tooltips and citations unique on pages that show several
    texts. ``resolve_links`` gives the addresses of the pages that slug links name;
    without it (rendering with no database) every slug link is marked as broken.
    ``references`` are the page's own sources, which ``[^key]`` cites, and
    ``resolve_blocks`` gives the content blocks that ``{{ slug }}`` lines include.
    ``scoped_headings`` starts every heading's id with the scope, for a text shown with
    others on one page (FAQ answers on the FAQ page); ``citation_base`` is the address of
    the page whose reference list citations link to, when it is not the page they are on.

    Raises ``TooComplex`` for a text beyond the limits in ``exosite.markdown.limits``.
    """
    check_limits(text)
    plan = CitationPlan(scope_of(scope), base=citation_base)
    plan.add(references)
    prefix = f"{plan.scope}-" if scoped_headings else ""
    md = _markdown(terms, scope, resolve_links, plan, resolve_blocks, prefix)
    converted = md.convert(normalise_newlines(text))
    safe_html = sanitise(converted)
    safe_html = _NEXT_CITATION.sub('</sup><sup class="citation citation--next"', safe_html)
    toc = [entry for entry in _flatten(md.toc_tokens) if entry.level in (2, 3)]
    words = len(plain_text(without_tips(safe_html)).split())
    return Rendered(
        html=safe_html,
        toc=toc,
        word_count=words,
        references=plan.final_references(),
        problems=plan.problems,
    )


def scope_of(slug: str) -> str:
    """A page's slug as it may appear inside element ids."""
    return re.sub(r"[^a-z0-9-]+", "-", slug.lower()).strip("-") or "page"


def normalise_newlines(text: str) -> str:
    """Browsers post textareas with CRLF; files use LF. Store one form so hashes are stable."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n") + "\n"
