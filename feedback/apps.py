from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    """Readers' answers to "Was this page helpful?" and their comments, kept without
    anything that says who sent them, and read by editors page by page."""

    name = "feedback"
    verbose_name = "Reader feedback"
