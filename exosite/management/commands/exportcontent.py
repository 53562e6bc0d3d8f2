from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from exosite.editorial import content_io


class Command(BaseCommand):
    help = "Write the database's content back to Markdown files, to review and commit."

    def add_arguments(self, parser):
        parser.add_argument(
            "--path", type=Path, default=settings.CONTENT_DIR, help="The content folder."
        )

    def handle(self, *args, path: Path, **options):
        try:
            report = content_io.export(content_io.registered_kinds(), path)
        except DatabaseError as error:
            raise CommandError(
                f"Nothing was exported: the database could not be used ({error})."
            ) from None
        except OSError as error:
            raise CommandError(f"Could not write to {path}: {error}") from None
        for line in report.lines():
            self.stdout.write(line)
