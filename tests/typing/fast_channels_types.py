"""Static typing checks of ``chanx.fast_channels``, verified by ``mypy --strict`` and
pyright strict over ``tests/typing`` (see ``test_mypy.py``); not collected by pytest.

fast-channels ships type hints that differ from the core mixin's declarations, so a
consumer with more than one base class must still type-check (mypy compares the
first definition of each inherited name with the later ones).
"""

from __future__ import annotations

from typing import Any, Literal, assert_type

from chanx.core.decorators import event_handler, ws_handler
from chanx.fast_channels.testing import WebsocketCommunicator
from chanx.fast_channels.websocket import AsyncJsonWebsocketConsumer
from chanx.messages.base import BaseMessage
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage


class FastEvent(BaseMessage):
    action: Literal["fast_event"] = "fast_event"
    payload: str


class Helpers:
    """A user mixin: the case that used to fail with 'incompatible definition'."""

    def room(self) -> str:
        return "lobby"


class FastConsumer(Helpers, AsyncJsonWebsocketConsumer[FastEvent]):
    groups = ["fast"]

    @ws_handler
    async def ping(self, message: PingMessage) -> PongMessage:
        assert_type(self.scope, dict[str, Any])
        await self.join_group(self.room())
        return PongMessage()

    @event_handler
    async def fast_event(self, event: FastEvent) -> None:
        await self.send_message(PongMessage())


async def typed_usage() -> None:
    await FastConsumer.broadcast_event(FastEvent(payload="x"))
    FastConsumer.broadcast_event_sync(FastEvent(payload="x"), "fast")
    communicator = WebsocketCommunicator(FastConsumer.as_asgi(), "/ws/", consumer=FastConsumer)
    await communicator.send_message(PingMessage(), ref="r")
    messages = await communicator.receive_all_messages()
    assert_type(messages, list[BaseMessage])
