"""Citations and content blocks: every claim checkable, and shared text written once.

A page lists its sources; its Markdown cites one at the claim it supports with ``[^key]``,
written straight after the claim's punctuation::

    No exosome product is FDA-approved.[^fda-2020-alert]

Each citation becomes a numbered superscript that links to the page's reference list,
whose entry links back to the first citation. A key the page does not list is a problem
(``Rendered.problems``): the page is refused on save and on load, and the preview marks
it.

A content block is text that must read the same everywhere it appears (the urgent-care
message, the checklists). A line holding only ``{{ slug }}`` includes the block there.
A block cites its own sources with its own keys; the page's reference list merges them
with its own, counting a source that both list (the same DOI, address or title) once.
"""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor

INCLUDE = re.compile(r"^\{\{\s*(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\s*\}\}\s*$")
# Inside a page a key is "key"; a block's keys are namespaced "block~key" when it is included.
CITATION = r"\[\^(?P<key>[a-z0-9]+(?:-[a-z0-9]+)*(?:~[a-z0-9]+(?:-[a-z0-9]+)*)?)\]"
CITATION_ID = re.compile(r"^(?:cite|ref)-[a-z0-9-]+$")


@dataclass(frozen=True)
class Reference:
    """A source as a page lists it."""

    key: str
    title: str
    publisher: str = ""
    date: str = ""  # as the source gives it: "6 December 2019"
    url: str = ""
    doi: str = ""
    checked: datetime.date | None = None  # when an editor last checked it still says this
    background: bool = False  # background reading, never the only support of a claim
    number: int = 0  # its place in the page's reference list
    cited: bool = False  # whether the text cites it

    @property
    def identity(self) -> str:
        """The same source listed by a page and a block is one entry: the same DOI, or the
        same address and title (two letters on one list page are two sources)."""
        if self.doi:
            return self.doi.strip().lower()
        return f"{self.url.strip()}|{self.title.strip()}".lower()

    @property
    def link(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else self.url

    def as_dict(self) -> dict:
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        data["checked"] = self.checked.isoformat() if self.checked else ""
        return data

    @classmethod
    def from_dict(cls, data: Mapping) -> Reference:
        values = dict(data)
        checked = values.get("checked")
        values["checked"] = datetime.date.fromisoformat(checked) if checked else None
        return cls(**values)


@dataclass(frozen=True)
class Block:
    """A content block as an including page needs it."""

    markdown: str
    references: Sequence[Reference] = ()


# Given the slugs a text includes, the blocks that exist, by slug.
BlockResolver = Callable[[Iterable[str]], Mapping[str, Block]]


def included_slugs(text: str) -> list[str]:
    return [m["slug"] for line in text.split("\n") if (m := INCLUDE.match(line.strip()))]


def cited_keys(text: str) -> list[str]:
    return [match["key"] for match in re.finditer(CITATION, text)]


@dataclass
class CitationPlan:
    """The references of one page, numbered, and what its citations point to."""

    scope: str
    # Where the reference list is: "" for this page, or the address of the page that has
    # it (an FAQ answer shown on the FAQ page cites the list on its own page).
    base: str = ""
    references: list[Reference] = field(default_factory=list)
    numbers: dict[str, int] = field(default_factory=dict)  # key (or block~key) -> number
    problems: list[str] = field(default_factory=list)
    cited: set[int] = field(default_factory=set)
    seen: dict[int, int] = field(default_factory=dict)  # number -> citations so far

    def add(self, references: Sequence[Reference], namespace: str = "") -> None:
        by_identity = {reference.identity: reference.number for reference in self.references}
        for reference in references:
            number = by_identity.get(reference.identity)
            if number is None:
                number = len(self.references) + 1
                self.references.append(replace(reference, number=number))
                by_identity[reference.identity] = number
            self.numbers[f"{namespace}~{reference.key}" if namespace else reference.key] = number

    def anchor(self, number: int) -> str:
        return f"ref-{self.scope}-{number}"

    def cite(self, key: str) -> tuple[int, str] | None:
        """The number and element id of one citation, or None for an unknown key."""
        number = self.numbers.get(key)
        if number is None:
            return None
        self.cited.add(number)
        self.seen[number] = self.seen.get(number, 0) + 1
        count = self.seen[number]
        return number, f"cite-{self.scope}-{number}" + (f"-{count}" if count > 1 else "")

    def final_references(self) -> list[Reference]:
        return [replace(r, cited=r.number in self.cited) for r in self.references]


class IncludeBlocks(Preprocessor):
    """``{{ slug }}`` lines become the block's Markdown, its citations namespaced."""

    def __init__(self, md, plan: CitationPlan, resolve_blocks: BlockResolver | None):
        super().__init__(md)
        self.plan = plan
        self.resolve_blocks = resolve_blocks

    def run(self, lines: list[str]) -> list[str]:
        slugs = [m["slug"] for line in lines if (m := INCLUDE.match(line.strip()))]
        if not slugs:
            return lines
        blocks = self.resolve_blocks(slugs) if self.resolve_blocks else {}
        out: list[str] = []
        for number, line in enumerate(lines, start=1):
            match = INCLUDE.match(line.strip())
            if match is None:
                out.append(line)
                continue
            slug = match["slug"]
            block = blocks.get(slug)
            if block is None:
                self.plan.problems.append(f"Line {number}: no content block has the slug “{slug}”.")
                out.append(
                    f'<p><span class="link--broken" data-link-problem="Missing block: no '
                    f'content block has the slug “{slug}”.">{{{{ {slug} }}}}</span></p>'
                )
                continue
            self.plan.add(block.references, namespace=slug)
            text = re.sub(CITATION, lambda m, s=slug: f"[^{s}~{m['key']}]", block.markdown)
            out.extend(["", *text.strip("\n").split("\n"), ""])
        return out


class Citations(InlineProcessor):
    """``[^key]`` becomes <sup class="citation"><a href="#ref-…">n</a></sup>."""

    def __init__(self, plan: CitationPlan, md=None):
        super().__init__(CITATION, md)
        self.plan = plan

    def handleMatch(self, match, data):
        key = match["key"]
        cited = self.plan.cite(key)
        if cited is None:
            shown = key.split("~")[-1]
            self.plan.problems.append(f"The text cites [^{shown}], which is not in its sources.")
            broken = etree.Element("span", {"class": "link--broken"})
            broken.set("data-link-problem", f"Unknown source: [^{shown}] is not in the sources.")
            broken.text = f"[^{shown}]"
            return broken, match.start(0), match.end(0)
        number, element_id = cited
        sup = etree.Element("sup", {"class": "citation", "id": element_id})
        link = etree.SubElement(sup, "a", {"href": f"{self.plan.base}#{self.plan.anchor(number)}"})
        link.set("aria-label", f"Source {number}")
        link.text = str(number)
        return sup, match.start(0), match.end(0)


def allowed_citation_id(value: str) -> bool:
    return bool(CITATION_ID.match(value))
