"""manage.py pageweight: the compressed size of each public page on a first visit."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.test.utils import override_settings

from exosite.devtools import crawl as public_pages
from exosite.devtools import page_weight


def size(size: int | None) -> str:
    return "-" if size is None else f"{size:,} B"


class Command(BaseCommand):
    help = (
        "Print the gzip- and brotli-compressed bytes of each public page's HTML, CSS and JS "
        "(found by following links from the home page, or the paths given), and the total. "
        f"Fails if a page is over the budget ({page_weight.BUDGET_BYTES // 1000} KB gzip)."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="Pages to measure, e.g. /guide/results/")
        parser.add_argument("--budget", type=int, default=page_weight.BUDGET_BYTES)

    def handle(self, *args, paths, budget, **options):
        # The test client's host name, so this runs with production settings too.
        with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
            client = Client()
            paths = paths or public_pages.crawl(client).pages
            weights = page_weight.measure(paths, client)

        width = max(len(w.path) for w in weights)
        self.stdout.write(
            f"{'page':<{width}}  {'HTML gzip':>10}  {'total gzip':>10}  {'total brotli':>12}"
        )
        for weight in weights:
            self.stdout.write(
                f"{weight.path:<{width}}  {size(weight.html.gzip):>10}  "
                f"{size(weight.total_gzip):>10}  {size(weight.total_brotli):>12}"
            )
        assets = {asset.url: asset for weight in weights for asset in weight.assets}
        self.stdout.write("\nCSS and JS (each counted in the total of every page that loads it):")
        for asset in assets.values():
            self.stdout.write(
                f"  {asset.url}: {size(asset.raw)} raw, {size(asset.gzip)} gzip, "
                f"{size(asset.brotli)} brotli"
            )
        heaviest = max(weights, key=lambda w: w.total_gzip)
        everything = sum(w.total_gzip for w in weights)
        self.stdout.write(
            f"\n{len(weights)} pages, {size(everything)} gzip in all. Heaviest: {heaviest.path}, "
            f"{size(heaviest.total_gzip)} gzip on a first visit (budget {size(budget)})."
        )
        if page_weight.brotli is None:
            self.stdout.write("(Install the brotli package to see brotli sizes.)")
        over = [w for w in weights if w.total_gzip > budget]
        if over:
            raise CommandError(
                "Over the page weight budget: "
                + ", ".join(f"{w.path} {size(w.total_gzip)}" for w in over)
            )
