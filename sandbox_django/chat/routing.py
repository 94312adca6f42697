"""Websocket routes of the room chat (mounted at ``ws/chat/``)."""

from channels.routing import URLRouter

from chanx.channels.routing import path
from sandbox_django.chat.consumers import ChatConsumer

router = URLRouter([path("<str:room_name>/", ChatConsumer.as_asgi())])
