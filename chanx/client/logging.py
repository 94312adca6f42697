"""Logger and stable event names of the client runtime."""

from __future__ import annotations

from typing import Final

import structlog

__all__ = ["EVENTS", "get_logger"]

EVENTS: Final[dict[str, str]] = {
    "chanx.client.connected": "The client connected (and authenticated, when the channel requires it).",
    "chanx.client.disconnected": "The connection closed; the client reconnects unless closed or refused.",
    "chanx.client.reconnect_scheduled": "A reconnect attempt was scheduled after a backoff delay.",
    "chanx.client.connect_failed": "A reconnect attempt failed (server down, handshake refused).",
    "chanx.client.frame_invalid": "A received frame was not JSON or matched no known message; dropped.",
    "chanx.client.handler_failed": "A message handler registered on the client raised.",
    "chanx.client.inbox_overflow": "Unhandled messages exceeded the inbox size; the oldest was dropped.",
    "chanx.client.resubscribe_failed": "Resubscribing a topic after a reconnect failed.",
}


def get_logger() -> structlog.stdlib.BoundLogger:
    """The ``chanx.client`` logger."""
    logger: structlog.stdlib.BoundLogger = structlog.get_logger("chanx.client")
    return logger
