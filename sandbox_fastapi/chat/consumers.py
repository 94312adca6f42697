"""The room chat consumer."""

from __future__ import annotations

from chanx.core.decorators import channel, event_handler, ws_handler
from chanx.core.errors import WsError
from chanx.fast_channels.websocket import AsyncJsonWebsocketConsumer
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from sandbox_fastapi.chat.auth import DemoTokenAuthenticator
from sandbox_fastapi.chat.messages import (
    AnnouncementMessage,
    ChatBroadcastMessage,
    ChatBroadcastPayload,
    ChatMessage,
    RoomAnnouncementEvent,
)


def room_group(room_name: str) -> str:
    """The channel-layer group of a room."""
    return f"room.{room_name}"


@channel(
    name="rooms",
    description="Room chat for token holders; messages are broadcast to the whole room.",
    tags=["chat"],
)
class RoomChatConsumer(AsyncJsonWebsocketConsumer[RoomAnnouncementEvent]):
    """Authenticated room chat at ``/ws/rooms/{room_name}``."""

    authenticator_class = DemoTokenAuthenticator
    emits = [ChatBroadcastMessage]
    user: str

    @property
    def room_name(self) -> str:
        """The ``room_name`` path parameter."""
        return str(self.url_params["room_name"])

    async def post_authentication(self) -> None:
        """Join the room's group once the handshake is authenticated."""
        await self.join_group(room_group(self.room_name))

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
        payload = ChatBroadcastPayload(room=self.room_name, username=self.user, message=text)
        await self.broadcast_message(
            ChatBroadcastMessage(payload=payload), groups=room_group(self.room_name)
        )

    @event_handler(summary="Relay a server announcement", tags=["chat"])
    async def room_announcement(self, event: RoomAnnouncementEvent) -> AnnouncementMessage:
        """Forward an announcement pushed by server code to this client."""
        return AnnouncementMessage(payload=event.payload)
