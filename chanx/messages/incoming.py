"""Built-in messages a client may send."""

from typing import Literal

from chanx.messages.base import BaseMessage

__all__ = ["PingMessage"]


class PingMessage(BaseMessage):
    """Liveness probe; the usual answer is :class:`chanx.messages.outgoing.PongMessage`."""

    action: Literal["ping"] = "ping"
    payload: None = None
