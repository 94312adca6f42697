"""Websocket routes of the assistant (mounted at ``ws/assistant/``)."""

from channels.routing import URLRouter

from chanx.channels.routing import path
from sandbox_django.assistants.consumers import AssistantConsumer

router = URLRouter([path("", AssistantConsumer.as_asgi())])
