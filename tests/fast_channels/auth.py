"""A token authenticator for FastAPI consumers: the documented example.

The client presents a token in the ``Authorization`` header (``Bearer <token>``) or,
for browsers that cannot set handshake headers, in the ``token`` query parameter
(the header wins when both are present). Outcomes (CONTRACT §5, close ``4000 + status``):

========================================  ======  ===========
situation                                 status  close code
========================================  ======  ===========
valid token of an active user             200     (stays open)
no token at all                           401     4401
unknown token, or a malformed header      401     4401
valid token of a deactivated user         403     4403
========================================  ======  ===========

With ``send_authentication_message`` on (the default) the client first receives the
``authentication`` frame with the status and ``{"detail": ...}``, then the close.
A real application would look tokens up in its database or verify a JWT in
:meth:`TokenAuthenticator.lookup`; the in-memory table keeps the example runnable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from chanx.core.authenticator import BaseAuthenticator, Credential


@dataclass(frozen=True)
class TokenUser:
    username: str
    is_active: bool = True


#: token -> user; stands in for a database or a JWT verifier.
TOKENS: dict[str, TokenUser] = {
    "alice-token": TokenUser("alice"),
    "mallory-token": TokenUser("mallory", is_active=False),
}


def header(scope: dict[str, Any], name: bytes) -> str | None:
    """The first handshake header called ``name`` (lower-case bytes), decoded."""
    for key, value in scope.get("headers") or ():
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


def query_param(scope: dict[str, Any], name: str) -> str | None:
    """The first ``name`` query parameter of the handshake URL."""
    raw = scope.get("query_string") or b""
    values = parse_qs(bytes(raw).decode("latin-1")).get(name)
    return values[0] if values else None


class TokenAuthenticator(BaseAuthenticator):
    """Authenticate with ``Authorization: Bearer <token>`` or ``?token=<token>``."""

    credentials = [
        Credential("Authorization", "header", "Bearer token: `Authorization: Bearer <token>`"),
        Credential("token", "query", "The same token, for clients that cannot set headers"),
    ]

    async def authenticate(self, scope: dict[str, Any]) -> bool:
        token = self.token_from(scope)
        if token is None:
            return self.deny(401, "Authentication credentials were not provided.")
        user = await self.lookup(token)
        if user is None:
            return self.deny(401, "Invalid token.")
        if not user.is_active:
            return self.deny(403, "User inactive or deleted.")
        self.user = user
        return True

    def token_from(self, scope: dict[str, Any]) -> str | None:
        """The token of the header (``Bearer`` scheme only), else of the query string.

        A header with another scheme or no token yields ``""``: present but invalid.
        """
        authorization = header(scope, b"authorization")
        if authorization is not None:
            scheme, _, token = authorization.partition(" ")
            return token.strip() if scheme.lower() == "bearer" else ""
        return query_param(scope, "token")

    async def lookup(self, token: str) -> TokenUser | None:
        """The user owning ``token`` (override: database query, JWT verification...)."""
        return TOKENS.get(token)
