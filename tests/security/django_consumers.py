"""Django consumers of the security tests: DRF ``TokenAuthentication`` unchanged, fed
from the header, the ``chanx.bearer`` subprotocol, the ``chanx_token`` cookie or (on
``/ws/cred-query/`` only) the ``token`` query parameter."""

from __future__ import annotations

from rest_framework.authentication import TokenAuthentication
from rest_framework.permissions import IsAuthenticated

from chanx.channels.authenticator import DjangoAuthenticator
from chanx.channels.websocket import AsyncJsonWebsocketConsumer
from tests.security.handlers import SOURCES, SOURCES_WITH_QUERY, Capped, SecurityHandlers


class TokenAuthenticator(DjangoAuthenticator):
    authentication_classes = [TokenAuthentication]
    permission_classes = [IsAuthenticated]
    credential_sources = SOURCES


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
