from django.core.management.base import BaseCommand, CommandError

from exosite.editorial.linkcheck import (
    EXTERNAL_MAX_SECONDS,
    EXTERNAL_TIMEOUT,
    check_external_links,
    check_links,
)


class Command(BaseCommand):
    help = (
        "Check every internal link in every kind of page (guide sections, FAQ answers, "
        "standing pages, content blocks): addresses, slug links (guide:cost), #anchors and "
        "files. With --external, also fetch each link to another site and each source's "
        "address, with a timeout each and a bounded total time. Exits with status 1 if any "
        "link is broken."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--external",
            action="store_true",
            help="Also check links to other sites (off by default: it uses the network).",
        )
        parser.add_argument(
            "--timeout",
            type=float,
            default=EXTERNAL_TIMEOUT,
            help=f"Seconds to wait for one other site (default {EXTERNAL_TIMEOUT:g}).",
        )
        parser.add_argument(
            "--max-seconds",
            type=float,
            default=EXTERNAL_MAX_SECONDS,
            help="Stop starting new requests to other sites after this many seconds "
            f"(default {EXTERNAL_MAX_SECONDS:g}).",
        )

    def handle(self, *args, **options):
        if options["timeout"] <= 0 or options["max_seconds"] <= 0:
            raise CommandError("--timeout and --max-seconds must be more than 0 seconds.")
        report = check_links()
        broken = list(report.broken)
        summaries = [report.summary()]
        if options["external"]:
            external = check_external_links(
                timeout=options["timeout"], max_seconds=options["max_seconds"]
            )
            broken += external.broken
            summaries.append(external.summary())
            for url in external.not_checked:
                self.stdout.write(f"Not checked (time limit): {url}")
        for link in broken:
            where = f"line {link.line}" if link.line else "its sources"
            self.stdout.write(f"{link.page} ({link.page_url}), {where}")
            self.stdout.write(f"    link:    [{link.text}]({link.target})")
            self.stdout.write(f"    problem: {link.problem}")
            self.stdout.write(f"    edit:    {link.edit_url}")
        if broken:
            raise CommandError(" ".join(summaries))
        self.stdout.write(self.style.SUCCESS(" ".join(summaries)))
