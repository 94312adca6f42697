"""App configuration of the assistant."""

from django.apps import AppConfig


class AssistantsConfig(AppConfig):
    """The streaming ``ws/assistant/`` channel."""

    name = "sandbox_django.assistants"
    label = "sandbox_assistants"
    verbose_name = "Sandbox: assistant"
