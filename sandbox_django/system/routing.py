"""Websocket routes of the system channel (mounted at ``ws/system/``)."""

from channels.routing import URLRouter

from chanx.channels.routing import path
from sandbox_django.system.consumers import SystemConsumer

router = URLRouter([path("", SystemConsumer.as_asgi())])
