"""Questions and answers: short, plain answers that point to the guide for more."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords

from articles.models import Section
from exosite.editorial.concurrency import Versioned
from exosite.editorial.models import Cited
from exosite.editorial.page_urls import page_url
from exosite.editorial.publishing import Publishable, PublishableQuerySet
from exosite.editorial.review import Reviewable
from exosite.editorial.revisions import LinkedRecords
from exosite.markdown import plain_text
from exosite.markdown.glossary import without_tips
from exosite.markdown.pages import MarkdownPage


class Category(models.Model):
    title = models.CharField(max_length=80)
    slug = models.SlugField(
        max_length=60,
        unique=True,
        help_text="Part of the address, e.g. /faq/cost/. It cannot be changed later.",
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Position on the FAQ page.")
    description = models.CharField(max_length=300, blank=True)
    synced_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["order", "title"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return page_url("faq:category", slug=self.slug)

    @staticmethod
    def index_url() -> str:
        return page_url("faq:index")

    @property
    def anchor(self) -> str:
        return f"category-{self.slug}"


class Question(Cited, MarkdownPage, Publishable, Reviewable, Versioned):
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="questions")
    question = models.CharField(
        max_length=200, help_text="As a reader would ask it, ending in '?'."
    )
    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text="The question's anchor and address, e.g. /faq/cost/cost-in-korea/. "
        "It cannot be changed later.",
    )
    answer = MarkdownxField(
        help_text="A few plain sentences, the answer first. Link to the guide for more, e.g. "
        "[cost](guide:cost). Cite the answer's own sources with [^key]; without sources of "
        "its own it shows those of its guide sections."
    )
    answer_html = models.TextField(editable=False, default="")
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Position within its category: 1 comes first."
    )
    sections = models.ManyToManyField(
        Section,
        blank=True,
        related_name="questions",
        help_text="Guide sections that explain more; each shows this question in return.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    synced_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = PublishableQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["answer_html", "references", "synced_hash"], bases=[LinkedRecords]
    )
    # Kept with each revision too, and restored with it (see exosite.editorial.revisions).
    linked_label = "Guide sections and sources"

    review_title_field = "question"
    restorable_fields = ("question", "answer")

    markdown_field = "answer"
    html_field = "answer_html"
    page_label = "FAQ answer"
    public_view = "faq:question"
    slug_link_kind = "faq"
    slug_link_label = "FAQ question"
    # Its address names its category.
    slug_link_related = ("category",)
    search_place = "Questions and answers"
    shown_with_others = True

    class Meta(Reviewable.Meta):
        ordering = ["category__order", "order", "question"]

    def __str__(self) -> str:
        return self.question

    def clean(self) -> None:
        super().clean()
        if self.question and not self.question.rstrip().endswith("?"):
            raise ValidationError(
                {"question": "Write it as a reader would ask it, ending in a question mark."}
            )

    def get_absolute_url(self) -> str:
        return page_url("faq:question", category=self.category.slug, slug=self.slug)

    def extra_review_topics(self) -> tuple[str, ...]:
        """An answer is about its category's topic (safety, cost, ...) for the sign-off
        policy."""
        return (self.category.slug,)

    @property
    def description(self) -> str:
        """The answer as plain words, for the page's meta description and link previews:
        without the glossary's tooltips, and with entities decoded (the template escapes
        it once)."""
        return plain_text(without_tips(self.answer_html))

    def linked_records(self) -> dict:
        sections = self.sections.order_by("order", "title").values_list("slug", flat=True)
        return {"sections": list(sections), "sources": self.source_records()}

    @staticmethod
    def linked_lines(records: dict | list) -> list[str]:
        if isinstance(records, list):  # kept before answers had sources: sections only
            records = {"sections": records, "sources": []}
        sections = [f"guide:{slug}" for slug in records.get("sections", [])]
        return [*sections, *Cited.linked_lines(records.get("sources", []))]

    def set_linked(self, records: dict | list) -> None:
        """Link the answer to these guide sections (slugs of sections that no longer exist
        are left out) and give it these sources."""
        if isinstance(records, list):
            records = {"sections": records, "sources": self.source_records()}
        self.sections.set(Section.objects.filter(slug__in=records.get("sections", [])))
        self.set_sources(records.get("sources", []))

    def shown_references(self) -> list:
        """The sources the answer shows: its own, or else those of its guide sections."""
        if self.references:
            return self.reference_list
        seen, shown = set(), []
        for section in self.related_sections():
            for reference in section.reference_list:
                if reference.identity not in seen and not reference.background:
                    seen.add(reference.identity)
                    shown.append(reference)
        return shown

    def related_sections(self) -> list[Section]:
        """Published guide sections, in guide order, for the 'read more' links."""
        return [section for section in self.sections.all() if section.is_published]
