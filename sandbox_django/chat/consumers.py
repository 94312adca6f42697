"""The room chat consumer."""

from __future__ import annotations

from chanx.channels.websocket import AsyncJsonWebsocketConsumer
from chanx.core.decorators import channel, event_handler, ws_handler
from chanx.core.errors import WsError
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from sandbox_django.chat.authenticators import ChatRoomAuthenticator
from sandbox_django.chat.messages import (
    AnnouncementMessage,
    ChatBroadcastMessage,
    ChatBroadcastPayload,
    ChatMessage,
    SystemAnnouncementEvent,
)
from sandbox_django.chat.models import ChatRoom


@channel(
    name="chat",
    description="Room chat for logged-in users; messages are broadcast to the whole room.",
    tags=["chat"],
)
class ChatConsumer(AsyncJsonWebsocketConsumer[SystemAnnouncementEvent]):
    """Authenticated room chat at ``ws/chat/<room_name>/``."""

    authenticator_class = ChatRoomAuthenticator
    camelize = False
    emits = [ChatBroadcastMessage]

    @property
    def room(self) -> ChatRoom:
        """The room of this connection (looked up by the authenticator)."""
        authenticator = self.authenticator
        assert isinstance(authenticator, ChatRoomAuthenticator), "not authenticated yet"
        room: ChatRoom = authenticator.obj
        return room

    async def post_authentication(self) -> None:
        """Join the room's group once the handshake is authenticated."""
        await self.join_group(self.room.group_name)

    @ws_handler(summary="Liveness check", tags=["chat"])
    async def ping(self, message: PingMessage) -> PongMessage:
        """Answer ``ping`` with ``pong``."""
        return PongMessage()

    @ws_handler(summary="Post to the room", tags=["chat"])
    async def chat(self, message: ChatMessage) -> None:
        """Broadcast the message to the room as ``chat_message`` (blank text is refused)."""
        text = message.payload.message.strip()
        if not text:
            raise WsError("empty_message", "Chat messages must not be blank")
        payload = ChatBroadcastPayload(
            room=self.room.name, username=self.user.get_username(), message=text
        )
        await self.broadcast_message(
            ChatBroadcastMessage(payload=payload), groups=self.room.group_name
        )

    @event_handler(summary="Relay a server announcement", tags=["chat"])
    async def system_announcement(self, event: SystemAnnouncementEvent) -> AnnouncementMessage:
        """Forward an announcement pushed by server code to this client."""
        return AnnouncementMessage(payload=event.payload)
