"""Messages and handlers declared under ``from __future__ import annotations``.

Every annotation in this module is a string until something resolves it, which is
exactly what chanx must cope with.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from chanx.core.decorators import event_handler, ws_handler
from chanx.messages.base import BaseMessage


class FuturePayload(BaseModel):
    text: str


class FutureMessage(BaseMessage):
    action: Literal["future"] = "future"
    payload: FuturePayload


class FutureReply(BaseMessage):
    action: Literal["future_reply"] = "future_reply"
    payload: FuturePayload


class FutureOther(BaseMessage):
    action: Literal["future_other"] = "future_other"
    payload: None = None


class FutureEvent(BaseMessage):
    action: Literal["future_event"] = "future_event"
    payload: None = None


class FutureHandlers:
    """Handlers whose annotations are all strings at decoration time."""

    @ws_handler
    async def future(self, message: FutureMessage) -> FutureReply | FutureOther:
        return FutureReply(payload=message.payload)

    @event_handler
    async def future_event(self, event: FutureEvent) -> list[FutureOther]:
        return [FutureOther()]
