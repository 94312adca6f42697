"""ASGI entry point of the Django test project for the hostile-input suite (daphne).

``tests.channels.testapp.asgi`` expects Django to be set up already (pytest-django does
that in-process); a daphne subprocess needs it done here first.
"""

from __future__ import annotations

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.django_settings")
django.setup()

from tests.channels.testapp.asgi import application  # noqa: E402

__all__ = ["application"]
