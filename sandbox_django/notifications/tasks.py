"""Celery tasks pushing events to websocket clients.

They run in a worker process (with ``REDIS_URL``) or eagerly in the caller (without):
either way ``broadcast_event_sync`` puts the event on the channel layer.
"""

from __future__ import annotations

from celery import shared_task

from sandbox_django.notifications.consumers import NotificationConsumer
from sandbox_django.notifications.groups import EVERYONE, user_group
from sandbox_django.notifications.messages import (
    AnnounceEvent,
    AnnouncementPayload,
    NotificationPayload,
    NotifyUserEvent,
)


@shared_task
def notify_user(user_id: int, text: str) -> None:
    """Send ``text`` to every connection of user ``user_id``."""
    event = NotifyUserEvent(payload=NotificationPayload(text=text))
    NotificationConsumer.broadcast_event_sync(event, user_group(user_id))


@shared_task
def announce(text: str) -> None:
    """Send ``text`` to everyone connected to ``ws/notifications/``."""
    event = AnnounceEvent(payload=AnnouncementPayload(text=text))
    NotificationConsumer.broadcast_event_sync(event, EVERYONE)
