"""Glossary links, added by the Markdown pipeline: the first use of a term on a page links
to its definition and shows the definition on hover and keyboard focus.

Nobody adds these by hand. The pipeline walks the rendered tree and never links inside
headings, links or code. The markup works without JavaScript and with a screen reader::

    <span class="glossary">
      <a class="glossary__term" href="/glossary/#fibroblast"
         aria-describedby="glossary-cost-fibroblast">fibroblasts</a>
      <span class="glossary__tip" role="tooltip" id="glossary-cost-fibroblast">…</span>
    </span>

The tooltip's id carries a scope (the page's slug), so answers shown together on one
page never share an id.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Sequence
from dataclasses import dataclass

from markdown.util import AtomicString

SKIPPED_TAGS = {"a", "abbr", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style"}
ID_PATTERN = re.compile(r"^glossary-[a-z0-9-]+$")
TIP = re.compile(r'<span\b[^>]*\bclass="glossary__tip"[^>]*>.*?</span>', re.DOTALL)


@dataclass(frozen=True)
class Term:
    slug: str
    term: str
    definition: str
    url: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.term, *self.aliases)


class _Matcher:
    """Finds the next not-yet-linked term in a string, as a whole word, plural or not."""

    def __init__(self, terms: Sequence[Term]):
        self.by_name: dict[str, Term] = {}
        for term in terms:
            for name in term.names:
                self.by_name.setdefault(name.lower(), term)
        names = sorted(self.by_name, key=len, reverse=True)
        alternatives = "|".join(re.escape(name) for name in names)
        self.pattern = (
            re.compile(rf"(?<![\w-])(?:{alternatives})(?:e?s)?(?![\w-])", re.IGNORECASE)
            if names
            else None
        )
        self.linked: set[str] = set()

    def term_for(self, text: str) -> Term | None:
        lowered = text.lower()
        for candidate in (lowered, lowered.removesuffix("s"), lowered.removesuffix("es")):
            if candidate in self.by_name:
                return self.by_name[candidate]
        return None

    def split(self, text: str) -> list[tuple[str, Term | None]]:
        """Pieces of text, each either plain (None) or the first use of a term."""
        if not self.pattern or not text or isinstance(text, AtomicString):
            return [(text, None)]
        pieces: list[tuple[str, Term | None]] = []
        position = 0
        for match in self.pattern.finditer(text):
            term = self.term_for(match.group(0))
            if term is None or term.slug in self.linked:
                continue
            self.linked.add(term.slug)
            pieces.append((text[position : match.start()], None))
            pieces.append((match.group(0), term))
            position = match.end()
        pieces.append((text[position:], None))
        return pieces


def link_terms(root: etree.Element, terms: Sequence[Term], scope: str) -> None:
    """Link the first use of each term in the tree, in reading order."""
    if not terms:
        return
    matcher = _Matcher(terms)
    scope = re.sub(r"[^a-z0-9-]+", "-", scope.lower()).strip("-") or "page"
    _visit(root, matcher, scope)


def _visit(element: etree.Element, matcher: _Matcher, scope: str) -> None:
    if element.tag in SKIPPED_TAGS:
        return
    children = list(element)
    new_nodes = _nodes_for(element.text, matcher, scope)
    if new_nodes is not None:
        element.text, nodes = new_nodes
        for offset, node in enumerate(nodes):
            element.insert(offset, node)
    for child in children:
        _visit(child, matcher, scope)
        new_nodes = _nodes_for(child.tail, matcher, scope)
        if new_nodes is not None:
            child.tail, nodes = new_nodes
            index = list(element).index(child)
            for offset, node in enumerate(nodes, start=1):
                element.insert(index + offset, node)


def _nodes_for(text: str | None, matcher: _Matcher, scope: str):
    """None if the text has no new term; else (leading text, [glossary elements])."""
    if not text:
        return None
    pieces = matcher.split(text)
    if len(pieces) == 1:
        return None
    leading = pieces[0][0]
    nodes: list[etree.Element] = []
    for piece, term in pieces[1:]:
        if term is None:
            nodes[-1].tail = (nodes[-1].tail or "") + piece
            continue
        nodes.append(_glossary_element(piece, term, scope))
    return leading, nodes


def _glossary_element(text: str, term: Term, scope: str) -> etree.Element:
    tip_id = f"glossary-{scope}-{term.slug}"
    wrapper = etree.Element("span", {"class": "glossary"})
    link = etree.SubElement(
        wrapper,
        "a",
        {"class": "glossary__term", "href": term.url, "aria-describedby": tip_id},
    )
    link.text = AtomicString(text)
    tip = etree.SubElement(
        wrapper, "span", {"class": "glossary__tip", "role": "tooltip", "id": tip_id}
    )
    tip.text = AtomicString(term.definition)
    return wrapper


def allowed_glossary_id(value: str) -> bool:
    return bool(ID_PATTERN.match(value))


def without_tips(fragment: str) -> str:
    """The HTML as a reader reads it through: a definition opened on demand is not part
    of the text, so word counts and reading grades leave the tooltips out."""
    return TIP.sub("", fragment)
