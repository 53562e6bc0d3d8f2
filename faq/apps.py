from django.apps import AppConfig


class FaqConfig(AppConfig):
    """Questions and answers, grouped in categories, linked both ways with the guide."""

    name = "faq"
    verbose_name = "FAQ"
