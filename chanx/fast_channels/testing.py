"""Test helpers for chanx consumers on fast-channels (FastAPI / Starlette).

``WebsocketCommunicator`` drives an ASGI application in-process (no server): pass the
FastAPI app itself so routing and path parameters work as in production, or a bare
``Consumer.as_asgi()``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fast_channels.testing import WebsocketCommunicator as FastWebsocketCommunicator

from chanx.core.consumer import ChanxConsumerMixin
from chanx.core.testing import (
    CapturedEvent,
    CapturedTopicBroadcast,
    CommunicatorMixin,
    TopicFrame,
    capture_broadcast_events,
    capture_topic_broadcasts,
)

__all__ = [
    "CapturedEvent",
    "CapturedTopicBroadcast",
    "TopicFrame",
    "WebsocketCommunicator",
    "capture_broadcast_events",
    "capture_topic_broadcasts",
]

Headers = Iterable[tuple[bytes, bytes]]


class WebsocketCommunicator(CommunicatorMixin, FastWebsocketCommunicator):
    """fast-channels' communicator plus chanx's message-level helpers."""

    def __init__(
        self,
        app: Any,
        path: str,
        headers: Headers | None = None,
        subprotocols: Iterable[str] | None = None,
        *,
        consumer: type[ChanxConsumerMixin[Any]],
    ) -> None:
        super().__init__(app, path, headers=headers, subprotocols=subprotocols)
        self.consumer = consumer
