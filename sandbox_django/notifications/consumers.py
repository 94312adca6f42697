"""The notifications consumer: receives only what server code pushes."""

from __future__ import annotations

from chanx.channels.websocket import AsyncJsonWebsocketConsumer
from chanx.core.decorators import channel, event_handler, ws_handler
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from sandbox_django.accounts.authenticators import LoggedInAuthenticator
from sandbox_django.notifications.groups import EVERYONE, user_group
from sandbox_django.notifications.messages import (
    AnnounceEvent,
    AnnouncementMessage,
    NotificationEvent,
    NotificationMessage,
    NotifyUserEvent,
)


@channel(
    name="notifications",
    description="Per-user notifications (from Celery tasks) and announcements to everyone.",
    tags=["notifications"],
)
class NotificationConsumer(AsyncJsonWebsocketConsumer[NotificationEvent]):
    """Server-pushed notes at ``ws/notifications/`` for logged-in users."""

    authenticator_class = LoggedInAuthenticator
    groups = [EVERYONE]

    async def post_authentication(self) -> None:
        """Also join the user's own group."""
        await self.join_group(user_group(self.user.pk))

    @ws_handler(summary="Liveness check", tags=["notifications"])
    async def ping(self, message: PingMessage) -> PongMessage:
        """Answer ``ping`` with ``pong``."""
        return PongMessage()

    @event_handler(summary="Deliver a user's notification", tags=["notifications"])
    async def notify_user(self, event: NotifyUserEvent) -> NotificationMessage:
        """Forward a notification to this user's client."""
        return NotificationMessage(payload=event.payload)

    @event_handler(summary="Deliver an announcement", tags=["notifications"])
    async def announce(self, event: AnnounceEvent) -> AnnouncementMessage:
        """Forward an announcement to every client."""
        return AnnouncementMessage(payload=event.payload)
