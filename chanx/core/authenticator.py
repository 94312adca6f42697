"""Handshake authentication: the framework-agnostic base class.

An authenticator runs once per connection, after ``accept``. It decides, records a
status (HTTP-like: 200, 401, 403, 404...) and the consumer sends the authentication
frame and closes with ``4000 + status`` on failure.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, ClassVar, Literal

from chanx.constants import CLOSE_UNAUTHENTICATED
from chanx.messages.base import BaseMessage
from chanx.messages.outgoing import AuthenticationMessage, AuthenticationPayload

__all__ = ["BaseAuthenticator", "Credential", "CredentialLocation"]

CredentialLocation = Literal["query", "header", "cookie"]
SendMessage = Callable[[BaseMessage], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Credential:
    """Where a client puts a credential; feeds AsyncAPI security schemes."""

    name: str
    location: CredentialLocation
    description: str | None = None


class BaseAuthenticator:
    """Decide whether a handshake may proceed.

    Subclasses implement :meth:`authenticate`, set :attr:`user` on success and call
    :meth:`deny` (or set the status attributes) on failure.
    """

    #: Credentials clients present; documented as AsyncAPI security schemes.
    credentials: ClassVar[Sequence[Credential]] = ()

    def __init__(self, send_message: SendMessage) -> None:
        self.send_message = send_message
        self.status_code: int = HTTPStatus.OK
        self.status_text: str = HTTPStatus.OK.phrase
        self.data: Any = {"detail": "OK"}
        self.user: Any = None

    async def authenticate(self, scope: dict[str, Any]) -> bool:
        """Return ``True`` to let the connection through; called once per handshake."""
        raise NotImplementedError

    @property
    def close_code(self) -> int:
        """``4000 + status_code`` for an error status, else 4401."""
        if 400 <= self.status_code <= 599:
            return 4000 + self.status_code
        return CLOSE_UNAUTHENTICATED

    def deny(self, status_code: int, detail: Any) -> bool:
        """Record a failure (``detail`` becomes ``{"detail": ...}`` unless a dict) → ``False``."""
        self.status_code = status_code
        try:
            self.status_text = HTTPStatus(status_code).phrase
        except ValueError:
            self.status_text = "Error"
        self.data = detail if isinstance(detail, dict) else {"detail": detail}
        return False

    async def send_authentication_message(self) -> None:
        """Tell the client the outcome (the ``authentication`` frame)."""
        payload = AuthenticationPayload(
            status_code=self.status_code, status_text=self.status_text, data=self.data
        )
        await self.send_message(AuthenticationMessage(payload=payload))
