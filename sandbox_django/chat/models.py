"""Chats, their members and their messages."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Chat(models.Model):
    """A group chat; only its members may read it, post to it or connect to it."""

    name = models.SlugField(max_length=50, unique=True)
    topic = models.CharField(max_length=200, blank=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="chats", blank=True)

    objects: models.Manager[Chat] = models.Manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def group_name(self) -> str:
        """The channel-layer group of this chat's websocket connections."""
        return chat_group(self.pk)

    def has_member(self, user: object) -> bool:
        """Whether ``user`` (possibly anonymous) is a member."""
        user_pk = getattr(user, "pk", None)
        return user_pk is not None and self.members.filter(pk=user_pk).exists()


class ChatMessage(models.Model):
    """One message, posted over the websocket or the REST API."""

    chat = models.ForeignKey(Chat, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_messages"
    )
    text = models.TextField(max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    objects: models.Manager[ChatMessage] = models.Manager()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author} in {self.chat}: {self.text[:40]}"


def chat_group(chat_id: int) -> str:
    """Channel-layer group of the chat with primary key ``chat_id``."""
    return f"chat_{chat_id}"
