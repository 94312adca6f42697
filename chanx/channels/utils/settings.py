"""``override_chanx_settings``: change some ``CHANX`` keys for a test."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.test.utils import override_settings

__all__ = ["override_chanx_settings"]


def override_chanx_settings(**changes: Any) -> override_settings:
    """Decorator or context manager merging ``changes`` into ``settings.CHANX``.

    Keys may be given in any case (``send_completion=True`` or ``SEND_COMPLETION=True``).
    """
    current = dict(getattr(settings, "CHANX", None) or {})
    current.update({key.upper(): value for key, value in changes.items()})
    return override_settings(CHANX=current)
