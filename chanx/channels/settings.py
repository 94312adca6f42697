"""The ``CHANX`` Django setting, read at run time so ``override_settings`` works."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from chanx.core.protocols import MISSING

__all__ = ["DJANGO_SETTINGS_SOURCE", "DjangoSettingsSource", "get_chanx_setting"]


class DjangoSettingsSource:
    """Reads keys of ``settings.CHANX`` (a dict of upper-case names)."""

    def get(self, key: str) -> Any:
        """The configured value of ``key``, or ``MISSING``."""
        configured = getattr(settings, "CHANX", None) or {}
        return configured.get(key, MISSING)


DJANGO_SETTINGS_SOURCE = DjangoSettingsSource()


def get_chanx_setting(key: str, default: Any = None) -> Any:
    """``settings.CHANX[key]`` or ``default``."""
    value = DJANGO_SETTINGS_SOURCE.get(key)
    return default if value is MISSING else value
