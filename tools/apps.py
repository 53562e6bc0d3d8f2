from django.apps import AppConfig


class ToolsConfig(AppConfig):
    """Tools that answer a patient's own questions: what a full course could cost, what to
    raise with a doctor, and what to expect day by day after treatment."""

    name = "tools"
    verbose_name = "Patient tools"
