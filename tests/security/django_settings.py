"""Settings of the Django security test server: the test settings on a file database
(``CHANX_SECURITY_DB``), shared by daphne's threads."""

from __future__ import annotations

import os

from tests.django_settings import *  # noqa: F403

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("CHANX_SECURITY_DB", ":memory:"),
    }
}
