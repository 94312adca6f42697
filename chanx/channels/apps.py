"""Django app configuration for ``chanx.channels``."""

from django.apps import AppConfig

__all__ = ["ChanxChannelsConfig"]


class ChanxChannelsConfig(AppConfig):
    """Registers chanx's management commands, templates and settings."""

    name = "chanx.channels"
    label = "chanx_channels"
    verbose_name = "chanx (Django Channels)"
