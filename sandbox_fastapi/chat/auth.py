"""Demo token authentication for the room chat.

The client presents a token as ``Authorization: Bearer <token>`` or, for browsers that
cannot set handshake headers, as the ``token`` query parameter (the header wins). The
tokens are fixed demo values (:data:`DEMO_TOKENS`); a real application would look them
up in its database or verify a JWT in :meth:`DemoTokenAuthenticator.lookup`.

Outcomes (close code ``4000 + status``): no or unknown token → 401/4401; a room name
that is not ``[A-Za-z0-9_-]{1,50}`` → 404/4404.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs

from chanx.core.authenticator import BaseAuthenticator, Credential

__all__ = ["DEMO_TOKENS", "ROOM_NAME", "DemoTokenAuthenticator"]

#: token -> username. Demo values only, documented in docs/sandbox-fastapi.md.
DEMO_TOKENS: dict[str, str] = {
    "alice-token": "alice",
    "bob-token": "bob",
    "carol-token": "carol",
}
ROOM_NAME = re.compile(r"[A-Za-z0-9_-]{1,50}")


def _header(scope: dict[str, Any], name: bytes) -> str | None:
    for key, value in scope.get("headers") or ():
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


def _query_param(scope: dict[str, Any], name: str) -> str | None:
    raw = bytes(scope.get("query_string") or b"").decode("latin-1")
    values = parse_qs(raw).get(name)
    return values[0] if values else None


class DemoTokenAuthenticator(BaseAuthenticator):
    """``Authorization: Bearer <token>`` or ``?token=<token>``; the room must be valid."""

    credentials = [
        Credential(
            "Authorization", "header", "Demo bearer token: `Authorization: Bearer alice-token`"
        ),
        Credential("token", "query", "The same token, for clients that cannot set headers"),
    ]

    async def authenticate(self, scope: dict[str, Any]) -> bool:
        room = str((scope.get("path_params") or {}).get("room_name", ""))
        if not ROOM_NAME.fullmatch(room):
            return self.deny(404, "Room names are 1-50 letters, digits, '-' or '_'.")
        token = self.token_from(scope)
        if token is None:
            return self.deny(401, "Authentication credentials were not provided.")
        username = await self.lookup(token)
        if username is None:
            return self.deny(401, "Invalid token.")
        self.user = username
        return True

    @staticmethod
    def token_from(scope: dict[str, Any]) -> str | None:
        """The bearer token of the header, else of the query string (``""``: malformed)."""
        authorization = _header(scope, b"authorization")
        if authorization is not None:
            scheme, _, token = authorization.partition(" ")
            return token.strip() if scheme.lower() == "bearer" else ""
        return _query_param(scope, "token")

    async def lookup(self, token: str) -> str | None:
        """The username owning ``token`` (override: database query, JWT verification...)."""
        return DEMO_TOKENS.get(token)
