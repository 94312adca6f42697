"""Websocket routes of the notifications (mounted at ``ws/notifications/``)."""

from channels.routing import URLRouter

from chanx.channels.routing import path
from sandbox_django.notifications.consumers import NotificationConsumer

router = URLRouter([path("", NotificationConsumer.as_asgi())])
