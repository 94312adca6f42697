"""The chat consumer: one connection per member and chat."""

from __future__ import annotations

from channels.db import database_sync_to_async

from chanx.channels.websocket import AsyncJsonWebsocketConsumer
from chanx.core.decorators import channel, event_handler, ws_handler
from chanx.core.errors import WsError
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from sandbox_django.chat.authenticators import ChatAuthenticator
from sandbox_django.chat.messages import ChatBroadcastMessage, ChatMessage, MessagePostedEvent
from sandbox_django.chat.models import Chat
from sandbox_django.chat.services import BlankMessageError, message_payload, post_message


@channel(
    name="chat",
    description="A group chat for its members: messages are stored and pushed to every member.",
    tags=["chat"],
)
class ChatConsumer(AsyncJsonWebsocketConsumer[MessagePostedEvent]):
    """Group chat at ``ws/chat/<chat_id>/``; members only."""

    authenticator_class = ChatAuthenticator
    emits = [ChatBroadcastMessage]

    @property
    def current_chat(self) -> Chat:
        """The chat of this connection (looked up by the authenticator)."""
        authenticator = self.authenticator
        assert isinstance(authenticator, ChatAuthenticator), "not authenticated yet"
        chat: Chat = authenticator.obj
        return chat

    async def post_authentication(self) -> None:
        """Join the chat's group once the member is authenticated."""
        await self.join_group(self.current_chat.group_name)

    @ws_handler(summary="Liveness check", tags=["chat"])
    async def ping(self, message: PingMessage) -> PongMessage:
        """Answer ``ping`` with ``pong``."""
        return PongMessage()

    @ws_handler(summary="Post to the chat", tags=["chat"])
    async def chat(self, message: ChatMessage) -> None:
        """Store the message and broadcast it as ``chat_message`` (blank text is refused)."""
        try:
            posted = await database_sync_to_async(post_message)(
                self.current_chat, self.user, message.payload.message
            )
        except BlankMessageError as exc:
            raise WsError("empty_message", str(exc)) from None
        payload = await database_sync_to_async(message_payload)(posted)
        await self.broadcast_message(ChatBroadcastMessage(payload=payload))

    @event_handler(summary="Relay a message posted over REST", tags=["chat"])
    async def message_posted(self, event: MessagePostedEvent) -> ChatBroadcastMessage:
        """Forward a message stored by the REST API to this member."""
        return ChatBroadcastMessage(payload=event.payload)
