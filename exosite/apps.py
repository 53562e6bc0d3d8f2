from django.apps import AppConfig


class ExositeConfig(AppConfig):
    name = "exosite"
    verbose_name = "Site"

    def ready(self) -> None:
        """Connect the shared machinery to every app's models. Each receiver picks the
        models it serves by what they are (a ``MarkdownPage``, a link target, a model of
        one of the ``CONTENT_APPS``), never by name."""
        from django.core.signals import request_finished

        from exosite import search  # noqa: F401  (indexes searchable pages on save)
        from exosite.markdown import pages  # noqa: F401  (renders pages again on change)
        from exosite.models import SearchSynonym
        from exosite.web import logs, page_cache

        # Synonyms live with search, but change what search pages show.
        page_cache.connect_signals(SearchSynonym)
        request_finished.connect(logs.forget_request_id, dispatch_uid="forget-request-id")
