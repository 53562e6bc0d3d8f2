"""The content itself: written fresh, in plain language, and covering every fact of the source."""

import hashlib
import os
import re
from pathlib import Path

import pytest
from django.conf import settings

from articles.models import ContentBlock, GlossaryTerm, Page, Section
from exosite.editorial.content_io import parse_document
from exosite.markdown import plain_text
from exosite.markdown.citations import cited_keys
from exosite.markdown.readability import TARGET_GRADE, TARGET_SMOG, reading_grade, smog_grade
from faq.models import Category, Question
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


def page_of(path: Path):
    """The page a content file became, as loaded for the test run."""
    model = {"guide": Section, "faq": Question, "blocks": ContentBlock, "pages": Page}
    return model[path.parent.name].objects.get(slug=path.stem)


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda p: str(p.relative_to(CONTENT_DIR)))
def test_every_page_reads_at_grade_8_and_smog_9_or_below_as_a_reader_sees_it(site_content, path):
    """Measured on the page as published: blocks included, tooltips and citations left out."""
    html = page_of(path).rendered_html
    grade, smog = reading_grade(html), smog_grade(html)
    assert grade <= TARGET_GRADE, f"{path.name} reads at grade {grade}"
    assert smog <= TARGET_SMOG, f"{path.name} has a SMOG of {smog}"


@pytest.mark.parametrize("field", ["definition", "description"])
def test_the_glossary_and_the_faq_topics_read_plainly_too(site_content, field):
    items = GlossaryTerm.objects.all() if field == "definition" else Category.objects.all()
    html = "".join(f"<p>{getattr(item, field)}</p>" for item in items)
    assert reading_grade(html) <= TARGET_GRADE and smog_grade(html) <= TARGET_SMOG


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda p: str(p.relative_to(CONTENT_DIR)))
def test_every_source_a_page_lists_is_cited_at_a_claim(path):
    document = parse_document(path, path.read_text(encoding="utf-8"))
    listed = {
        source["key"]
        for source in document.front_matter.get("sources") or []
        if not source.get("background")
    }
    uncited = listed - set(cited_keys(document.body))
    assert not uncited, f"{path.name} lists but never cites: {sorted(uncited)}"


def test_the_urgent_care_message_is_written_once_and_included_where_it_is_needed():
    """The emergency numbers and the harm report are in one block; the pages about safety,
    side effects and aftercare include it rather than keeping their own copy."""
    block = CONTENT_DIR / "blocks" / "urgent-care.md"
    for path in CONTENT_FILES:
        if path == block:
            continue
        text = parse_document(path, path.read_text(encoding="utf-8")).body
        for only_in_the_block in (r"\b119\b", r"1-800-FDA-1088", r"trouble breathing"):
            assert not re.search(only_in_the_block, text), f"{path.name} has its own copy"
    needed = [
        "guide/safety",
        "guide/aftercare",
        "faq/side-effects",
        "faq/is-it-safe",
        "faq/when-to-call-your-provider",
    ]
    for name in needed:
        body = (CONTENT_DIR / f"{name}.md").read_text(encoding="utf-8")
        assert "{{ urgent-care }}" in body, f"{name} does not include the urgent-care block"


def test_the_fda_approval_answer_begins_with_no(site_content):
    answer = Question.objects.get(slug="is-it-fda-approved")
    assert plain_text(answer.answer_html).startswith("No.")


def test_the_key_takeaways_of_benefit_and_risk_pages_carry_the_limits(site_content):
    """What the home page shows about safety, cost, candidacy and results says that no
    product is approved or that the evidence is limited, not only the benefits."""
    for slug in ("safety", "cost", "candidates", "results", "how-it-works", "what-are-exosomes"):
        takeaway = Section.objects.get(slug=slug).key_takeaway.lower()
        limits = r"approv|fda|evidence|stud(y|ies)|research|proof|unknown|not (yet )?known"
        assert re.search(limits, takeaway), slug


def test_reading_grade_tells_plain_from_dense_text():
    plain = "<p>The cat sat on the mat. It was warm. We like cats.</p>"
    dense = (
        "<p>Mesenchymal stem cell derived extracellular vesicles demonstrate considerable "
        "immunomodulatory potential regarding inflammatory dermatological conditions.</p>"
    )
    assert reading_grade(plain) < 3 < 14 < reading_grade(dense)


FACTS = {
    "size of 30 to 150 nanometres": r"30 to 150 \[?nanomet",
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
    "outcome: fine lines and wrinkles": r"fine lines,? (and )?wrinkles",
    "outcome: even tone": r"even tone",
    "outcome: texture": r"\btexture\b",
    "outcome: scars": r"scars",
    "outcome: rosacea and eczema": r"rosacea or eczema|rosacea and eczema",
    "outcome: hair regrowth, emerging": r"thicker hair|hair regrowth",
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
