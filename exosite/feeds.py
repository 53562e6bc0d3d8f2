"""An Atom feed of new and revised guide sections and FAQ answers."""

from datetime import timedelta
from itertools import chain

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from articles.models import Section
from exosite.web.site import SITE_NAME, SITE_TAGLINE
from faq.models import Question

FEED_LENGTH = 30


class ContentUpdatesFeed(Feed):
    feed_type = Atom1Feed
    title = f"{SITE_NAME}: new and updated pages"
    subtitle = f"{SITE_TAGLINE}: guide sections and answers as they are added and revised."

    def link(self) -> str:
        return reverse("articles:home")

    def items(self):
        # Sorted in Python: a scheduled page counts from the time it went live, which no
        # single column holds. The guide and the FAQ are a few dozen pages.
        sections = Section.objects.published()
        questions = Question.objects.published().select_related("category")
        newest = sorted(
            chain(sections, questions), key=lambda item: item.changed_for_visitors_at, reverse=True
        )
        return newest[:FEED_LENGTH]

    @staticmethod
    def _is_new(item) -> bool:
        return item.changed_for_visitors_at - item.went_live_at < timedelta(minutes=5)

    def item_title(self, item) -> str:
        name = item.title if isinstance(item, Section) else item.question
        return f"{'New' if self._is_new(item) else 'Updated'}: {name}"

    def item_description(self, item) -> str:
        """HTML, as the feed declares it (type="html"): a section's plain-text summary is
        escaped, an answer is already sanitised HTML."""
        return escape(item.summary) if isinstance(item, Section) else item.answer_html

    def item_link(self, item) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.went_live_at

    def item_updateddate(self, item):
        return item.changed_for_visitors_at

    def item_categories(self, item):
        return (
            ["Guide"]
            if isinstance(item, Section)
            else ["Questions and answers", item.category.title]
        )
