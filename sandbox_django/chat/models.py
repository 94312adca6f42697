"""Chat rooms."""

from __future__ import annotations

from django.db import models


class ChatRoom(models.Model):
    """A room clients join with ``ws/chat/<name>/``; unknown names are refused (4404)."""

    name = models.SlugField(max_length=50, unique=True)
    topic = models.CharField(max_length=200, blank=True)

    objects: models.Manager[ChatRoom] = models.Manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def group_name(self) -> str:
        """The channel-layer group of this room's connections."""
        return room_group(self.name)


def room_group(room_name: str) -> str:
    """Channel-layer group of the room called ``room_name``."""
    return f"chat_{room_name}"
