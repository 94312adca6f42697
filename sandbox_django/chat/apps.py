"""App configuration of the room chat."""

from django.apps import AppConfig


class ChatConfig(AppConfig):
    """The authenticated ``ws/chat/<room_name>/`` demo channel."""

    name = "sandbox_django.chat"
    label = "sandbox_chat"
    verbose_name = "Sandbox: room chat"
