from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    """The guide (its sections and their sources) and the glossary."""

    name = "articles"
    verbose_name = "Guide"
