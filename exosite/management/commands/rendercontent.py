from django.core.management.base import BaseCommand
from django.db import transaction

from exosite.markdown.pages import markdown_page_models
from exosite.web import page_cache


class Command(BaseCommand):
    help = (
        "Render every Markdown page again with this release's pipeline (after a release that "
        "changes how Markdown becomes HTML). The text, its dates and its history are "
        "untouched; the search index and the page cache follow."
    )

    def handle(self, *args, **options):
        count = 0
        with transaction.atomic():
            for model in markdown_page_models():
                for page in model._base_manager.all():
                    page.refresh_rendering()
                    count += 1
            page_cache.record_content_change(sender=None)
        self.stdout.write(f"Rendered {count} pages again.")
