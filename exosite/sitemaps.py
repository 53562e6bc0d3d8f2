"""sitemap.xml: every public page, with the date it last changed."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from articles.models import GlossaryTerm, Section
from exosite.editorial.publishing import published_filter
from faq.models import Category, Question
from tools.models import PriceFigure


class SectionSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Section.objects.published()

    def lastmod(self, section: Section):
        return section.changed_for_visitors_at


class QuestionSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Question.objects.published().select_related("category").order_by("pk")

    def lastmod(self, question: Question):
        return question.changed_for_visitors_at


class CategorySitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return (
            Category.objects.filter(published_filter("questions__"))
            .annotate(last_change=Max("questions__updated_at"))
            .order_by("order")
        )

    def lastmod(self, category: Category):
        return category.last_change


class PageSitemap(Sitemap):
    """The home page, the FAQ and the glossary, dated by their newest content."""

    changefreq = "weekly"
    priority = 1.0

    def items(self):
        return ["articles:home", "faq:index", "articles:glossary"]

    def location(self, name: str) -> str:
        return reverse(name)

    def lastmod(self, name: str):
        if name in ("articles:home", "faq:index"):
            model = Section if name == "articles:home" else Question
            return max(
                (page.changed_for_visitors_at for page in model.objects.published()), default=None
            )
        return GlossaryTerm.objects.aggregate(last=Max("updated_at"))["last"]


class ToolSitemap(Sitemap):
    """The tools, dated by the newest change to the figures editors keep for them."""

    changefreq = "monthly"
    priority = 0.7

    def items(self):
        # One query for all four (the class is made afresh for each request).
        self.figures_changed_at = PriceFigure.objects.aggregate(last=Max("updated_at"))["last"]
        return ["tools:index", "tools:cost", "tools:is-it-for-me", "tools:aftercare-timeline"]

    def location(self, name: str) -> str:
        return reverse(name)

    def lastmod(self, name: str):
        return self.figures_changed_at


SITEMAPS = {
    "pages": PageSitemap,
    "tools": ToolSitemap,
    "guide": SectionSitemap,
    "faq-categories": CategorySitemap,
    "faq": QuestionSitemap,
}
