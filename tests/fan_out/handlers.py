"""The fan-out consumer's handlers, shared by the Django and FastAPI test servers.

Every connection joins ``fanout``. A client sends ``fan_out`` to make the server
broadcast ``count`` numbered ``seq`` messages to the group (sequentially, or all at
once with ``burst``), and ``overflow`` to read the layer's drop counter.
"""

from __future__ import annotations

import asyncio
from typing import Any, Literal

from pydantic import BaseModel

from chanx.core.decorators import ws_handler
from chanx.messages.base import BaseMessage

GROUP = "fanout"


class FanOutPayload(BaseModel):
    count: int
    burst: bool = False


class FanOutMessage(BaseMessage):
    action: Literal["fan_out"] = "fan_out"
    payload: FanOutPayload


class SeqPayload(BaseModel):
    seq: int


class SeqMessage(BaseMessage):
    action: Literal["seq"] = "seq"
    payload: SeqPayload


class OverflowMessage(BaseMessage):
    action: Literal["overflow"] = "overflow"
    payload: None = None


class OverflowPayload(BaseModel):
    dropped: int
    expired: int
    events: int
    capacity: int


class OverflowReply(BaseMessage):
    action: Literal["overflow_reply"] = "overflow_reply"
    payload: OverflowPayload


class FanOutHandlers:
    groups = [GROUP]
    emits = [SeqMessage]
    channel_layer: Any

    @ws_handler
    async def fan_out(self, message: FanOutMessage) -> None:
        sends = (
            self.broadcast_message(SeqMessage(payload=SeqPayload(seq=seq)), GROUP)  # type: ignore[attr-defined]
            for seq in range(message.payload.count)
        )
        if message.payload.burst:
            await asyncio.gather(*sends)
        else:
            for send in sends:
                await send

    @ws_handler
    async def overflow(self, message: OverflowMessage) -> OverflowReply:
        layer = self.channel_layer
        stats = layer.chanx_overflow
        return OverflowReply(
            payload=OverflowPayload(
                dropped=stats.dropped,
                expired=stats.expired,
                events=stats.events,
                capacity=layer.capacity,
            )
        )
