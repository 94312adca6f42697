"""App configuration of the system channel."""

from django.apps import AppConfig


class SystemConfig(AppConfig):
    """The unauthenticated ``ws/system/`` demo channel."""

    name = "sandbox_django.system"
    label = "sandbox_system"
    verbose_name = "Sandbox: system channel"
