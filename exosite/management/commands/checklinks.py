from django.core.management.base import BaseCommand, CommandError

from exosite.editorial.linkcheck import check_links


class Command(BaseCommand):
    help = (
        "Check every internal link in guide sections and FAQ answers: addresses, slug links "
        "(guide:cost), #anchors and files. Exits with status 1 if any link is broken."
    )

    def handle(self, *args, **options):
        report = check_links()
        for broken in report.broken:
            self.stdout.write(f"{broken.page} ({broken.page_url}), line {broken.line}")
            self.stdout.write(f"    link:    [{broken.text}]({broken.target})")
            self.stdout.write(f"    problem: {broken.problem}")
            self.stdout.write(f"    edit:    {broken.edit_url}")
        if not report.ok:
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))
