"""Django settings of the benchmark server.

``BENCH_REDIS_URL`` (optional) selects the channels-redis layer, configured by
:func:`chanx.channels.layers.redis_channel_layer`, for both implementations. Otherwise
each gets its framework's in-memory layer: Channels' ``InMemoryChannelLayer``
(``"default"``, capacity 1000) for the hand-written consumer, chanx's
(``chanx.channels.layers.in_memory_channel_layer()``, alias ``"chanx"``) for chanx.
"""

from __future__ import annotations

import os
from typing import Any

from chanx.channels.layers import in_memory_channel_layer, redis_channel_layer

SECRET_KEY = "chanx-benchmarks-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = ["django.contrib.contenttypes", "channels"]
ROOT_URLCONF = "benchmarks.app.urls"
ASGI_APPLICATION = "benchmarks.app.asgi.application"
DATABASES: dict[str, Any] = {}
USE_TZ = True

_REDIS_URL = os.environ.get("BENCH_REDIS_URL", "").strip()
CHANNEL_LAYERS: dict[str, dict[str, Any]] = {
    "default": (
        redis_channel_layer(_REDIS_URL)
        if _REDIS_URL
        else {"BACKEND": "channels.layers.InMemoryChannelLayer", "CONFIG": {"capacity": 1000}}
    ),
    "chanx": redis_channel_layer(_REDIS_URL) if _REDIS_URL else in_memory_channel_layer(),
}

CHANX: dict[str, Any] = {
    "SEND_COMPLETION": False,
    "LOG_WEBSOCKET_MESSAGE": False,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
