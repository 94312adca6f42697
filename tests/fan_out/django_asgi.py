"""ASGI application of the Django fan-out server (daphne subprocess)."""

from __future__ import annotations

import os

import django
import structlog

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.fan_out.django_settings")
django.setup()
structlog.configure(
    processors=[structlog.processors.add_log_level, structlog.processors.JSONRenderer()]
)

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from chanx.channels.routing import path  # noqa: E402
from chanx.channels.websocket import AsyncJsonWebsocketConsumer  # noqa: E402
from tests.fan_out.handlers import FanOutHandlers  # noqa: E402


class FanOutConsumer(FanOutHandlers, AsyncJsonWebsocketConsumer):
    pass


application = ProtocolTypeRouter(
    {"websocket": URLRouter([path("ws/fanout/", FanOutConsumer.as_asgi())])}
)
