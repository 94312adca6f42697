"""Exceptions raised by generated clients.

Hierarchy::

    ClientError
    ├── NotConnected          send attempted while no connection is open
    ├── ConnectFailed         the first connection attempt failed (server down, refused)
    ├── ConnectionLost        the connection dropped while a request was waiting
    ├── RequestTimeout        no correlated answer arrived in time (also a TimeoutError)
    ├── AuthenticationFailed  the server refused the handshake (close code 4000 + status)
    └── ServerError           the server answered a frame with an ``error`` frame
        └── TopicError        ... to a ``subscribe``/``unsubscribe`` (``reason`` is set)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "AuthenticationFailed",
    "ClientError",
    "ConnectFailed",
    "ConnectionLost",
    "NotConnected",
    "RequestTimeout",
    "ServerError",
    "TopicError",
]


class ClientError(Exception):
    """Root of every error a chanx client raises."""


class NotConnected(ClientError):
    """The client has no open connection (not connected yet, reconnecting, or closed)."""


class ConnectFailed(ClientError):
    """The first connection attempt failed (refused, timed out, bad handshake status)."""


class ConnectionLost(ClientError):
    """The connection closed while a request was waiting for its answer."""

    def __init__(self, code: int | None = None, reason: str = "") -> None:
        super().__init__(f"connection lost (close code {code}{': ' + reason if reason else ''})")
        self.code = code
        self.reason = reason


class RequestTimeout(ClientError, TimeoutError):
    """No frame carrying the request's ``ref`` arrived within the timeout."""


class AuthenticationFailed(ClientError):
    """The server refused the handshake.

    ``status_code`` comes from the ``authentication`` frame when the server sent one;
    ``close_code`` is the websocket close code (``4000 + status``).
    """

    def __init__(
        self,
        status_code: int | None,
        close_code: int | None,
        data: Any = None,
    ) -> None:
        super().__init__(f"authentication failed (status {status_code}, close code {close_code})")
        self.status_code = status_code
        self.close_code = close_code
        self.data = data


class ServerError(ClientError):
    """An ``error`` frame answered a request.

    ``payload`` is the frame's payload as sent: a list of validation errors (see
    :attr:`errors`) or a coded error ``{"code": ..., "detail": ...}`` (see :attr:`code`).
    """

    def __init__(self, frame: Mapping[str, Any]) -> None:
        self.frame = dict(frame)
        self.payload: Any = frame.get("payload")
        super().__init__(f"server error: {self.code or 'validation'}: {self.detail}")

    @property
    def code(self) -> str | None:
        """The error code (``handler_error``, a ``WsError`` code...), None for validation."""
        if isinstance(self.payload, Mapping):
            code = self.payload.get("code")  # pyright: ignore[reportUnknownMemberType]
            return str(code) if code is not None else None
        return None

    @property
    def detail(self) -> str:
        """Human readable text of the error."""
        if isinstance(self.payload, Mapping):
            return str(self.payload.get("detail", ""))  # pyright: ignore[reportUnknownMemberType]
        return "; ".join(str(item.get("msg", item)) for item in self.errors)

    @property
    def errors(self) -> list[dict[str, Any]]:
        """The validation errors of an invalid frame (empty for coded errors)."""
        if isinstance(self.payload, list):
            return [item for item in self.payload if isinstance(item, dict)]  # pyright: ignore[reportUnknownVariableType]
        return []


class TopicError(ServerError):
    """A topic ``subscribe``/``unsubscribe`` was refused.

    ``reason`` is ``unknown_topic``, ``unauthorized`` or ``not_subscribed``.
    """

    @property
    def reason(self) -> str | None:
        """Why the topic operation was refused."""
        if isinstance(self.payload, Mapping):
            reason = self.payload.get("reason", self.payload.get("code"))  # pyright: ignore[reportUnknownMemberType]
            return str(reason) if reason is not None else None
        return None
