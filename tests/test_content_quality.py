"""The content itself: written fresh, in plain language, and covering every fact of the source."""

import hashlib
import os
import re
from pathlib import Path

import pytest
from django.conf import settings

from exosite.editorial.content_io import parse_document
from exosite.markdown import render
from exosite.markdown.readability import reading_grade
from tests.conftest import CONTENT_DIR

SOURCE_ARTICLE = Path(
    os.environ.get(
        "SOURCE_ARTICLE",
        Path(settings.BASE_DIR).parent / "shared" / "source" / "000_1e459c0f065c36df.txt",
    )
)
# Fingerprints of the source article's 8-word runs, kept in the repository, so the copy
# check runs wherever the tests run, with or without the article beside the checkout.
FINGERPRINTS = Path(__file__).parent / "data" / "source-fingerprints.txt"
CONTENT_FILES = sorted(p for p in CONTENT_DIR.rglob("*.md"))
GUIDE_FILES = sorted((CONTENT_DIR / "guide").glob("*.md"))


def words_of(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))


def runs(text: str, n: int = 8) -> set[str]:
    words = words_of(text)
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


def fingerprint(run: str) -> str:
    return hashlib.sha256(run.encode()).hexdigest()[:16]


def source_fingerprints() -> set[str]:
    return set(FINGERPRINTS.read_text(encoding="utf-8").split())


def guide_text() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in GUIDE_FILES)


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda p: str(p.relative_to(CONTENT_DIR)))
def test_content_does_not_copy_eight_words_in_a_row_from_the_source_article(path):
    source = source_fingerprints()
    copied = [run for run in runs(path.read_text(encoding="utf-8")) if fingerprint(run) in source]
    assert not copied, f"rewrite in your own words: {sorted(copied)[:3]}"


def test_the_fingerprints_are_those_of_the_source_article():
    """Where the article is at hand, the fingerprints in the repository must be its own
    (regenerate with: python -m tests.test_content_quality > tests/data/source-fingerprints.txt).
    Without it the test is skipped, unless REQUIRE_SOURCE is set: then it fails."""
    if not SOURCE_ARTICLE.exists():
        message = f"the source article is not at {SOURCE_ARTICLE} (set SOURCE_ARTICLE)"
        if os.environ.get("REQUIRE_SOURCE"):
            pytest.fail(f"REQUIRE_SOURCE is set: {message}", pytrace=False)
        pytest.skip(f"{message}; set REQUIRE_SOURCE=1 to fail instead of skipping")
    article = SOURCE_ARTICLE.read_text(encoding="utf-8")
    assert source_fingerprints() == {fingerprint(run) for run in runs(article)}


def test_the_copy_check_catches_a_copied_run():
    article_runs = source_fingerprints()
    assert fingerprint("the cat sat on the mat and then slept") not in article_runs
    assert len(article_runs) > 1000  # the whole article, not a stub


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda p: str(p.relative_to(CONTENT_DIR)))
def test_content_reads_at_grade_8_or_below(path):
    document = parse_document(path, path.read_text(encoding="utf-8"))
    grade = reading_grade(render(document.body).html)
    assert grade <= 8.0, f"{path.name} reads at grade {grade}"


def test_reading_grade_tells_plain_from_dense_text():
    plain = "<p>The cat sat on the mat. It was warm. We like cats.</p>"
    dense = (
        "<p>Mesenchymal stem cell derived extracellular vesicles demonstrate considerable "
        "immunomodulatory potential regarding inflammatory dermatological conditions.</p>"
    )
    assert reading_grade(plain) < 3 < 14 < reading_grade(dense)


FACTS = {
    "size of 30 to 150 nanometres": r"30 to 150 nanomet",
    "released by almost all cells": r"almost all (of them|cells)",
    "cargo: proteins": r"proteins",
    "cargo: lipids": r"lipids",
    "cargo: mRNA and microRNA": r"mRNA and microRNA",
    "mesenchymal stem cells": r"mesenchymal stem cell",
    "topical use": r"topical",
    "micro-injection": r"micro-?injection",
    "after microneedling": r"microneedling",
    "after laser resurfacing": r"laser resurfacing",
    "fibroblasts": r"fibroblasts",
    "keratinocytes": r"keratinocytes",
    "collagen and elastin": r"collagen and elastin",
    "angiogenesis": r"angiogenesis",
    "antioxidant effects": r"antioxidant",
    "acellular": r"acellular",
    "lower immune risk": r"\bimmune\b",
    "outcome: fine lines and wrinkles": r"fine lines and wrinkles",
    "outcome: tone and texture": r"tone and texture",
    "outcome: scars": r"scars",
    "outcome: rosacea and eczema": r"rosacea or eczema|rosacea and eczema",
    "outcome: hair regrowth, emerging": r"hair regrowth",
    "gradual results over weeks to months": r"weeks to (a few )?months",
    "US price": r"\$500 to \$2,000",
    "Korea price": r"₩300,000 to ₩1,000,000",
    "plant-derived products": r"plants",
    "regulation differs by country": r"country",
    "FDA: no approved products": r"not approved any exosome product|no FDA-approved exosome products",
    "FDA: Nebraska adverse events": r"Nebraska",
    "FDA: IND number": r"(?-i:\bIND\b)",
    "side effects: redness": r"redness",
    "side effects: bruising": r"bruising",
    "side effects: itching": r"itch",
    "rare: allergic reaction": r"allergic reaction",
    "rare: infection": r"infection",
    "precaution: keloids": r"keloid",
    "precaution: pregnancy or breastfeeding": r"pregnan",
    "precaution: autoimmune disease": r"autoimmune",
    "Fitzpatrick I to VI": r"Fitzpatrick",
    "darker skin delivery caveat": r"darker skin",
    "aftercare: 24 to 72 hours": r"24 to 72 hours",
    "aftercare: saunas and steam rooms": r"sauna",
    "aftercare: SPF 30": r"SPF 30",
    "aftercare: retinoids": r"retinoid",
    "follow-ups every 6 to 12 months": r"6 to 12 months",
    "lifestyle: smoking": r"smok",
    "acne scars": r"acne scars",
}


@pytest.mark.parametrize("fact", FACTS)
def test_every_fact_of_the_source_appears_in_the_guide(fact):
    assert re.search(FACTS[fact], guide_text(), re.IGNORECASE), f"missing: {fact}"


if __name__ == "__main__":
    print("\n".join(sorted(fingerprint(run) for run in runs(SOURCE_ARTICLE.read_text("utf-8")))))
