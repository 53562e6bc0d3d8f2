from django.core.management.base import BaseCommand

from exosite import search


class Command(BaseCommand):
    help = "Rebuild the site search index from every guide section and FAQ question."

    def handle(self, *args, **options):
        count = search.rebuild()
        self.stdout.write(f"Indexed {count} sections and questions.")
