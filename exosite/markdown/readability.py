"""How hard a text is to read: the Flesch-Kincaid grade level of rendered content.

The site aims at a US grade 8 reading level or lower. The grade is shown to editors in
the admin and checked by the tests for everything in content/.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import pyphen

from exosite.markdown.glossary import without_tips

BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|td|th|dt|dd|caption|blockquote|div)>", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)")
WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019-][A-Za-z0-9]+)*")
# The site aims at a US grade 8 reading level or lower.
TARGET_GRADE = 8


@lru_cache(maxsize=1)
def _dictionary() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_US")


def syllables(word: str) -> int:
    if word.isdigit():
        return len(word) if len(word) < 4 else 2  # "2019" reads as "twenty nineteen"
    return len(_dictionary().positions(word.lower())) + 1


@lru_cache(maxsize=512)  # the admin's list and filter ask for the same pages' grades
def reading_grade(fragment: str) -> float:
    """Flesch-Kincaid grade of an HTML fragment; each block (paragraph, list item,
    heading, table cell) ends a sentence even without a full stop. Glossary tooltips
    are left out: they are read only on demand."""
    sentences = words = syllable_count = 0
    for block in BLOCK_END.split(without_tips(fragment)):
        text = html.unescape(re.sub(r"<[^>]+>", " ", block))
        for sentence in SENTENCE_END.split(text):
            found = WORD.findall(sentence)
            if not found:
                continue
            sentences += 1
            words += len(found)
            syllable_count += sum(syllables(word) for word in found)
    if not words:
        return 0.0
    # Very short, plain sentences score below zero; for an editor that is simply grade 0.
    return max(0.0, round(0.39 * words / sentences + 11.8 * syllable_count / words - 15.59, 1))


def reading_summary(grade: float, word_count: int) -> str:
    """The editor's status line: the grade against the target, in words, and the length."""
    words = f"{word_count} word{'s' if word_count != 1 else ''}"
    if grade > TARGET_GRADE:
        return (
            f"Reading grade {grade:g}: above {TARGET_GRADE}, simplify "
            f"(aim for {TARGET_GRADE} or lower) · {words}"
        )
    return f"Reading grade {grade:g} (aim for {TARGET_GRADE} or lower) · {words}"
