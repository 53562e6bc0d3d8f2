"""How much Markdown the pipeline will render, so that no text can stall a worker.

Python-Markdown takes time that grows with the square of the input for some shapes of
text: a long run of ``[`` (every bracket looks for its partner to the end of the
paragraph), a link whose ``(`` never closes, a paragraph of hundreds of lines with no blank
line between them (each heading or rule split off re-reads the rest), and ``<`` that opens
no tag (the HTML reader looks for its ``>`` to the end of the text). The security review
measured 20 seconds for 10,000 ``[`` and a killed worker for 25,000.

Two defences, both linear in the length of the text:

* ``problems(text)`` refuses, with a sentence an editor can act on, texts far beyond any
  real page: more than ``MAX_CHARACTERS`` (ten times the longest page today), a block of
  more than ``MAX_BLOCK_LINES`` lines with no blank line, more than ``MAX_HEADINGS``
  headings, more than ``MAX_UNCLOSED_TAGS`` ``<`` that open no tag. The admin, the live
  preview and ``loadcontent`` all check it, and ``render()`` will not start on such a text.
* ``BoundedLinksExtension`` replaces Python-Markdown's link readers with ones that find a
  bracket's partner by scanning in C and give up once a text has spent its budget of
  scanning, so a text of any shape within the limits renders in well under a second.
  Real pages never come near the budget.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import (
    ImageInlineProcessor,
    ImageReferenceInlineProcessor,
    LinkInlineProcessor,
    ReferenceInlineProcessor,
    ShortImageReferenceInlineProcessor,
    ShortReferenceInlineProcessor,
)

MAX_CHARACTERS = 50_000
MAX_LINE_CHARACTERS = 5_000
MAX_BLOCK_LINES = 200
MAX_HEADINGS = 300
MAX_UNCLOSED_TAGS = 50
# Scanning one text may do for links: brackets looked at, and characters of link targets.
BRACKET_BUDGET = 100_000
TARGET_BUDGET = 500_000
# The longest link target (address and title) read; CommonMark's limit for a link label
# is 999 characters.
MAX_TARGET_CHARACTERS = 2_000
SHORT_TARGET_CHARACTERS = 256  # tried first: almost every link target is shorter

_HEADING = re.compile(r"^ {0,3}(#{1,6}(\s|$)|(=+|-+)[ \t]*$)", re.MULTILINE)
# A "<" that is followed by what could start a tag but no ">" before the next "<".
_UNCLOSED_TAG = re.compile(r"<[A-Za-z/!?][^<>]*(?=<|\Z)")


class TooComplex(ValueError):
    """A text beyond what the pipeline renders; the message tells the editor what to do."""


def problems(text: str) -> list[str]:
    """What makes this text too large or too tangled to render, in the editor's words."""
    found = []
    if len(text) > MAX_CHARACTERS:
        found.append(
            f"The text is {len(text):,} characters long; the limit is {MAX_CHARACTERS:,}. "
            "Split it into more than one page."
        )
        return found  # the other checks would only repeat it
    run_start, run, long_line = 1, 0, None
    for line_number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE_CHARACTERS and long_line is None:
            long_line = line_number
            found.append(
                f"Line {line_number} is {len(line):,} characters long; the limit is "
                f"{MAX_LINE_CHARACTERS:,}. Break it into shorter paragraphs."
            )
        if line.strip():
            if run == 0:
                run_start = line_number
            run += 1
            if run == MAX_BLOCK_LINES + 1:
                found.append(
                    f"Line {run_start} starts more than {MAX_BLOCK_LINES} lines with no blank "
                    "line between them. Put a blank line between paragraphs, headings and "
                    "lists."
                )
        else:
            run = 0
    headings = len(_HEADING.findall(text))
    if headings > MAX_HEADINGS:
        found.append(
            f"The text has {headings} headings; the limit is {MAX_HEADINGS}. Split it into "
            "more than one page."
        )
    unclosed = len(_UNCLOSED_TAG.findall(text))
    if unclosed > MAX_UNCLOSED_TAGS:
        found.append(
            f"The text has {unclosed} '<' characters that start no HTML tag. Write "
            "'less than' instead, or put such text in `backticks`."
        )
    return found


def check(text: str) -> None:
    """Raise TooComplex if the text is beyond what the pipeline renders."""
    found = problems(text)
    if found:
        raise TooComplex(" ".join(found))


class _Budget:
    def __init__(self) -> None:
        self.brackets = BRACKET_BUDGET
        self.target = TARGET_BUDGET


class BoundedLinkMixin:
    """Link reading that costs at most a fixed budget per text, whatever its shape."""

    md: markdown.Markdown

    @property
    def budget(self) -> _Budget:
        budget = getattr(self.md, "link_budget", None)
        if budget is None:
            budget = self.md.link_budget = _Budget()
        return budget

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:
        """The text up to the ``]`` that closes the ``[`` before ``index``, as
        Python-Markdown's own does it (nested brackets count), but scanning in C from one
        ``]`` to the next and counting the ``[`` between."""
        budget = self.budget
        depth, position = 1, index
        while budget.brackets > 0:
            budget.brackets -= 1
            close = data.find("]", position)
            if close == -1:
                break
            depth += data.count("[", position, close) - 1
            if depth == 0:
                return data[index:close], close + 1, True
            position = close + 1
        return data[index:], len(data), False

    def getLink(self, data: str, index: int) -> tuple[str, str | None, int, bool]:
        """Python-Markdown's own, on at most MAX_TARGET_CHARACTERS of the text."""
        budget = self.budget
        href, title, end, handled = "", None, 0, False
        for window in (SHORT_TARGET_CHARACTERS, MAX_TARGET_CHARACTERS):
            if budget.target <= 0:
                break
            chunk = data[index : index + min(window, budget.target)]
            budget.target -= len(chunk)
            href, title, end, handled = super().getLink(chunk, 0)
            if handled or len(chunk) < window:
                break
        # Python-Markdown's own answers -1 for some unclosed titles (and then takes the
        # text's last character as the rest): keep that, rather than move it.
        return href, title, index + end if end >= 0 else end, handled


_REPLACED: dict[str, tuple[type, int]] = {
    # name: (Python-Markdown's processor, its priority), as markdown.inlinepatterns registers them
    "reference": (ReferenceInlineProcessor, 170),
    "link": (LinkInlineProcessor, 160),
    "image_link": (ImageInlineProcessor, 150),
    "image_reference": (ImageReferenceInlineProcessor, 140),
    "short_reference": (ShortReferenceInlineProcessor, 130),
    "short_image_ref": (ShortImageReferenceInlineProcessor, 125),
}


def _bounded(base: type) -> type:
    return type(f"Bounded{base.__name__}", (BoundedLinkMixin, base), {})


_BOUNDED: dict[str, Callable] = {name: _bounded(base) for name, (base, _) in _REPLACED.items()}


class BoundedLinksExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.link_budget = _Budget()
        for name, (base, priority) in _REPLACED.items():
            current = md.inlinePatterns[name]
            if type(current) is not base:
                raise RuntimeError(f"Python-Markdown's {name!r} pattern is not a {base.__name__}")
            md.inlinePatterns.register(_BOUNDED[name](current.pattern, md), name, priority)
