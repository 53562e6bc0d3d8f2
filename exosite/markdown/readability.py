"""How hard a text is to read: the Flesch-Kincaid grade and the SMOG grade of rendered
content, measured on what a reader sees.

The site aims at a US grade 8 reading level or lower by Flesch-Kincaid, and SMOG 9 or
lower (SMOG, which counts long words, is the measure preferred for health text). Both are
shown to editors in the admin and checked by the tests for everything in content/.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from functools import lru_cache

import pyphen

from exosite.markdown.glossary import without_tips

BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|td|th|dt|dd|caption|blockquote|div)>", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)")
WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019-][A-Za-z0-9]+)*")
# The site aims at a US grade 8 reading level or lower, and SMOG 9 or lower.
TARGET_GRADE = 8
TARGET_SMOG = 9
# Citation numbers are links to sources, not words a reader reads.
CITATION = re.compile(r'<sup class="citation[^"]*"[^>]*>.*?</sup>', re.DOTALL)


@lru_cache(maxsize=1)
def _dictionary() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_US")


def syllables(word: str) -> int:
    if word.isdigit():
        return len(word) if len(word) < 4 else 2  # "2019" reads as "twenty nineteen"
    return len(_dictionary().positions(word.lower())) + 1


@dataclass(frozen=True)
class Counts:
    sentences: int
    words: int
    syllables: int
    long_words: int  # three syllables or more


@lru_cache(maxsize=512)  # the admin's list and filter ask for the same pages' grades
def counts(fragment: str) -> Counts:
    """Each block (paragraph, list item, heading, table cell) ends a sentence even without
    a full stop. Glossary tooltips and citation numbers are left out: a reader reads them
    only on demand, or not at all."""
    sentences = words = syllable_count = long_words = 0
    for block in BLOCK_END.split(CITATION.sub(" ", without_tips(fragment))):
        text = html.unescape(re.sub(r"<[^>]+>", " ", block))
        for sentence in SENTENCE_END.split(text):
            found = WORD.findall(sentence)
            if not found:
                continue
            sentences += 1
            words += len(found)
            for word in found:
                number = syllables(word)
                syllable_count += number
                long_words += number >= 3
    return Counts(sentences, words, syllable_count, long_words)


def reading_grade(fragment: str) -> float:
    """Flesch-Kincaid grade of an HTML fragment."""
    found = counts(fragment)
    if not found.words:
        return 0.0
    # Very short, plain sentences score below zero; for an editor that is simply grade 0.
    grade = 0.39 * found.words / found.sentences + 11.8 * found.syllables / found.words - 15.59
    return max(0.0, round(grade, 1))


def smog_grade(fragment: str) -> float:
    """SMOG grade of an HTML fragment: 1.043 * sqrt(long words * 30 / sentences) + 3.1291."""
    found = counts(fragment)
    if not found.sentences:
        return 0.0
    return round(1.0430 * math.sqrt(found.long_words * 30 / found.sentences) + 3.1291, 1)


def is_too_hard(grade: float, smog: float) -> bool:
    return grade > TARGET_GRADE or smog > TARGET_SMOG


def reading_summary(grade: float, smog: float, word_count: int) -> str:
    """The editor's status line: both grades against their targets, in words, and the length."""
    words = f"{word_count} word{'s' if word_count != 1 else ''}"
    parts = [
        f"Reading grade {grade:g}"
        + (f": above {TARGET_GRADE}, simplify" if grade > TARGET_GRADE else "")
        + f" (aim for {TARGET_GRADE} or lower)",
        f"SMOG {smog:g}"
        + (f": above {TARGET_SMOG}, use shorter words" if smog > TARGET_SMOG else "")
        + f" (aim for {TARGET_SMOG} or lower)",
        words,
    ]
    return " · ".join(parts)
