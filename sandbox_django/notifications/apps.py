"""App configuration of the notifications."""

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """The ``ws/notifications/`` channel every sandbox page listens on."""

    name = "sandbox_django.notifications"
    label = "sandbox_notifications"
    verbose_name = "Sandbox: notifications"
