"""The lobby consumers: every topic over ``/ws/lobby``, one room at ``/ws/lobby/{room_name}``."""

from __future__ import annotations

from typing import Any

from chanx.core.decorators import channel, ws_handler
from chanx.fast_channels.websocket import AsyncJsonWebsocketConsumer
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from sandbox_fastapi.chat.auth import DemoTokenAuthenticator
from sandbox_fastapi.lobby.topics import InboxTopic, RoomTopic


class LobbyAuthenticator(DemoTokenAuthenticator):
    """The demo bearer token (header or ``?token=``); no room in the URL needed."""

    async def authenticate(self, scope: dict[str, Any]) -> bool:
        token = self.token_from(scope)
        username = await self.lookup(token) if token else None
        if username is None:
            return self.deny(401, "A valid token is required.")
        self.user = username
        return True


class LobbyBase(AsyncJsonWebsocketConsumer):
    """Token-authenticated base of the lobby consumers."""

    authenticator_class = LobbyAuthenticator


@channel(name="lobby", tags=["lobby"])
class LobbyConsumer(LobbyBase):
    """Subscribe to any number of ``room:<name>`` topics and your ``user:<you>`` inbox."""

    topics = [RoomTopic, InboxTopic]

    @ws_handler(summary="Liveness check", tags=["lobby"])
    async def ping(self, message: PingMessage) -> PongMessage:
        """Answer ``ping`` with ``pong``."""
        return PongMessage()


#: One room per socket: ``/ws/lobby/{room_name}`` subscribes to ``room:<room_name>``.
RoomConsumer = RoomTopic.as_consumer(base=LobbyBase)
