from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Guide"

    def ready(self) -> None:
        from articles.models import Section
        from articles.signals import glossary_changed
        from exosite import search, slug_links

        def refresh_sections(**kwargs) -> None:
            for section in Section.objects.all():
                section.refresh_rendering()

        glossary_changed.connect(refresh_sections, weak=False, dispatch_uid="refresh_sections")
        search.connect(Section)
        slug_links.connect(Section, "guide")
