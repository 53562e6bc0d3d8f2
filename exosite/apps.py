from django.apps import AppConfig


class ExositeConfig(AppConfig):
    name = "exosite"
    verbose_name = "Site"

    def ready(self) -> None:
        from exosite import page_cache

        page_cache.connect_signals()
