from django.apps import AppConfig


class FaqConfig(AppConfig):
    name = "faq"
    verbose_name = "FAQ"

    def ready(self) -> None:
        from articles.signals import glossary_changed
        from exosite import search, slug_links
        from faq.models import Question

        def refresh_answers(**kwargs) -> None:
            for question in Question.objects.all():
                question.refresh_rendering()

        glossary_changed.connect(refresh_answers, weak=False, dispatch_uid="refresh_answers")
        search.connect(Question)
        slug_links.connect(Question, "faq")
