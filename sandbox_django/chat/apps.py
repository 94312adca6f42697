"""App configuration of the chat."""

from django.apps import AppConfig


class ChatConfig(AppConfig):
    """Group chats at ``ws/chat/<chat_id>/`` and ``/api/chats/``."""

    name = "sandbox_django.chat"
    label = "sandbox_chat"
    verbose_name = "Sandbox: chat"
