"""Must NOT type-check: broadcasting an event the consumer is not typed for.

Checked by ``tests/typing/test_mypy.py``, which expects an ``arg-type`` error on the
lines marked ``# expect-error``; excluded from the positive mypy run.
"""

from __future__ import annotations

from typing import Literal

from chanx.channels.websocket import AsyncJsonWebsocketConsumer
from chanx.messages.base import BaseMessage


class MyEvent(BaseMessage):
    action: Literal["my_event"] = "my_event"
    payload: None = None


class WrongEvent(BaseMessage):
    action: Literal["wrong_event"] = "wrong_event"
    payload: None = None


class MyConsumer(AsyncJsonWebsocketConsumer[MyEvent]):
    pass


async def broadcast_wrong_event() -> None:
    await MyConsumer.broadcast_event(WrongEvent())  # expect-error


def send_wrong_event_sync() -> None:
    MyConsumer.send_event_sync(WrongEvent(), "channel")  # expect-error
