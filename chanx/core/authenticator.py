"""Handshake authentication: the framework-agnostic base class.

An authenticator runs once per connection, after ``accept``. It decides, records a
status (HTTP-like: 200, 401, 403, 404...) and the consumer sends the authentication
frame and closes with ``4000 + status`` on failure.

Where a client may put its credential is :attr:`BaseAuthenticator.credential_sources`
(:mod:`chanx.core.credentials`); :meth:`BaseAuthenticator.find_credential` reads it.
A failure is logged with a :attr:`~BaseAuthenticator.failure_reason` and the source
name, never the secret.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, ClassVar, Literal

from chanx.constants import CLOSE_UNAUTHENTICATED
from chanx.core.credentials import CredentialSources, FoundCredential
from chanx.messages.base import BaseMessage
from chanx.messages.outgoing import AuthenticationMessage, AuthenticationPayload

__all__ = ["BaseAuthenticator", "Credential", "CredentialLocation", "describe_sources"]

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

    #: Credentials clients present; documented as AsyncAPI security schemes. A class
    #: that sets :attr:`credential_sources` but not this gets it derived from them.
    credentials: ClassVar[Sequence[Credential]] = ()
    #: Where :meth:`find_credential` looks (default: ``Authorization`` header, then
    #: the ``chanx.bearer`` subprotocol; cookie and query string off).
    credential_sources: ClassVar[CredentialSources] = CredentialSources()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "credential_sources" in vars(cls) and "credentials" not in vars(cls):
            cls.credentials = describe_sources(cls.credential_sources)

    def __init__(self, send_message: SendMessage) -> None:
        self.send_message = send_message
        self.status_code: int = HTTPStatus.OK
        self.status_text: str = HTTPStatus.OK.phrase
        self.data: Any = {"detail": "OK"}
        self.user: Any = None
        #: The credential :meth:`find_credential` found (``None``: none, or not looked).
        self.credential: FoundCredential | None = None
        self._reason: str | None = None

    def find_credential(self, scope: dict[str, Any]) -> FoundCredential | None:
        """The handshake's credential from :attr:`credential_sources` (also stored)."""
        self.credential = self.credential_sources.find(scope)
        return self.credential

    @property
    def failure_reason(self) -> str:
        """Why the handshake was refused, for logs: the reason given to :meth:`deny`, or
        one derived from the status (``missing_credentials``, ``invalid_credentials``,
        ``not_permitted``, ``not_found``, ``error``, ``denied``)."""
        if self._reason is not None:
            return self._reason
        status = self.status_code
        if status == HTTPStatus.UNAUTHORIZED:
            return "invalid_credentials" if self.credential is not None else "missing_credentials"
        if status == HTTPStatus.FORBIDDEN:
            return "not_permitted"
        if status == HTTPStatus.NOT_FOUND:
            return "not_found"
        return "error" if status >= 500 else "denied"

    async def authenticate(self, scope: dict[str, Any]) -> bool:
        """Return ``True`` to let the connection through; called once per handshake."""
        raise NotImplementedError

    @property
    def close_code(self) -> int:
        """``4000 + status_code`` for an error status, else 4401."""
        if 400 <= self.status_code <= 599:
            return 4000 + self.status_code
        return CLOSE_UNAUTHENTICATED

    def deny(self, status_code: int, detail: Any, *, reason: str | None = None) -> bool:
        """Record a failure (``detail`` becomes ``{"detail": ...}`` unless a dict) → ``False``.

        ``reason`` (a short code for the log) defaults to :attr:`failure_reason`'s.
        """
        self._reason = reason
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


def describe_sources(sources: CredentialSources) -> tuple[Credential, ...]:
    """The AsyncAPI :class:`Credential` entries of the enabled ``sources``."""
    described: list[Credential] = []
    if sources.header is not None:
        name = sources.header.title()
        described.append(Credential(name, "header", f"`{name}: {sources.scheme} <token>`"))
    if sources.subprotocol is not None:
        described.append(
            Credential(
                "Sec-WebSocket-Protocol",
                "header",
                f"Offer the subprotocols `{sources.subprotocol}` and `<token>` (browsers: "
                f'`new WebSocket(url, ["{sources.subprotocol}", token])`); the server '
                f"accepts with `{sources.subprotocol}`",
            )
        )
    if sources.cookie is not None:
        described.append(Credential(sources.cookie, "cookie", "Token cookie"))
    if sources.query is not None:
        described.append(
            Credential(sources.query, "query", "Token in the query string (discouraged)")
        )
    return tuple(described)
