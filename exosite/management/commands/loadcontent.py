from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from exosite import search
from exosite.editorial import content_io


class Command(BaseCommand):
    help = (
        "Load content/ (guide sections, FAQ, glossary) into the database. All or nothing: "
        "a broken file or an admin edit that would be overwritten stops the load."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--path", type=Path, default=settings.CONTENT_DIR, help="The content folder."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace sections changed in the admin since the last load with their files.",
        )

    def handle(self, *args, path: Path, force: bool, **options):
        try:
            report = content_io.load(content_io.registered_kinds(), path, force=force)
        except content_io.ContentError as error:
            raise CommandError(
                f"Nothing was loaded: {len(error.problems)} problem(s) in {path}:\n{error}"
            ) from None
        except content_io.ContentConflict as error:
            raise CommandError(f"Nothing was loaded. {error}") from None
        except DatabaseError as error:
            raise CommandError(
                f"Nothing was loaded: the database could not be used ({error}). "
                "Check DATABASE_URL and that the database is running and migrated."
            ) from None
        for line in report.lines():
            self.stdout.write(line)
        added = search.ensure_complete()
        if added:
            self.stdout.write(f"search index: added {added} missing entries")
