"""Handlers shared by the security test consumers of both integrations."""

from __future__ import annotations

from typing import Any

from chanx.core.credentials import CredentialSources
from chanx.core.decorators import ws_handler
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from tests.security.tokens import CAP

#: Header, subprotocol and the ``chanx_token`` cookie; the query string stays off.
SOURCES = CredentialSources(cookie="chanx_token", scheme="Token")
#: The same plus the ``token`` query parameter (explicitly enabled).
SOURCES_WITH_QUERY = CredentialSources(cookie="chanx_token", query="token", scheme="Token")

#: A raw text frame that makes the consumer raise outside chanx's error handling
#: (the application dies and the server drops the connection).
DIE = "die!"


class SecurityHandlers:
    """``ping`` plus a way to kill the consumer abnormally."""

    @ws_handler
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()

    async def websocket_receive(self, message: dict[str, Any]) -> None:
        if message.get("text") == DIE:
            raise RuntimeError("consumer died (test)")
        await super().websocket_receive(message)  # type: ignore[misc]


class Capped:
    max_connections_per_user = CAP
