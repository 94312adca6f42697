"""Websocket routes of the chat (mounted at ``ws/chat/``)."""

from channels.routing import URLRouter

from chanx.channels.routing import path
from sandbox_django.chat.consumers import ChatConsumer

router = URLRouter([path("<int:chat_id>/", ChatConsumer.as_asgi())])
