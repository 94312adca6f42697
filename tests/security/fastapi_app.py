"""FastAPI app of the security tests (served by uvicorn in a subprocess).

``TokenAuthenticator`` takes the credential from :mod:`chanx.core.credentials`
(header, ``chanx.bearer`` subprotocol, ``chanx_token`` cookie; query string only on
``/ws/cred-query/``) and looks it up in :data:`tests.security.tokens.USERS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import structlog
from fast_channels.layers import InMemoryChannelLayer, get_channel_layer, register_channel_layer
from fastapi import FastAPI

from chanx.core.authenticator import BaseAuthenticator
from chanx.fast_channels.websocket import AsyncJsonWebsocketConsumer
from tests.security.handlers import SOURCES, SOURCES_WITH_QUERY, Capped, SecurityHandlers
from tests.security.tokens import USERS

structlog.configure(
    processors=[structlog.processors.add_log_level, structlog.processors.JSONRenderer()]
)


@dataclass(frozen=True)
class User:
    username: str


class TokenAuthenticator(BaseAuthenticator):
    credential_sources = SOURCES

    async def authenticate(self, scope: dict[str, Any]) -> bool:
        found = self.find_credential(scope)
        if found is None:
            return self.deny(401, "Authentication credentials were not provided.")
        username = USERS.get(found.value)
        if username is None:
            return self.deny(401, "Invalid token.")
        self.user = User(username)
        return True


class QueryTokenAuthenticator(TokenAuthenticator):
    credential_sources = SOURCES_WITH_QUERY


class CredConsumer(SecurityHandlers, AsyncJsonWebsocketConsumer):
    authenticator_class = TokenAuthenticator


class CredQueryConsumer(CredConsumer):
    authenticator_class = QueryTokenAuthenticator


class CappedConsumer(Capped, CredConsumer):
    pass


class AnonCappedConsumer(Capped, SecurityHandlers, AsyncJsonWebsocketConsumer):
    pass


if get_channel_layer("default") is None:
    register_channel_layer("default", InMemoryChannelLayer())

app = FastAPI()
for _path, _consumer in [
    ("/ws/cred/", CredConsumer),
    ("/ws/cred-query/", CredQueryConsumer),
    ("/ws/capped/", CappedConsumer),
    ("/ws/capped-anon/", AnonCappedConsumer),
]:
    app.router.add_websocket_route(_path, _consumer.as_asgi())
