"""``ws/discussions/`` (any number of threads per socket) and ``ws/discussions/<id>/``."""

from __future__ import annotations

from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.permissions import IsAuthenticated

from chanx.channels.authenticator import DjangoAuthenticator
from chanx.channels.websocket import AsyncJsonWebsocketConsumer
from chanx.core.authenticator import Credential
from chanx.core.decorators import channel, ws_handler
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from sandbox_django.discussions.topics import ThreadTopic


class SignedInAuthenticator(DjangoAuthenticator):
    """A logged-in user: DRF token or session cookie (401 / close 4401 otherwise)."""

    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]
    credentials = [
        Credential("Authorization", "header", "DRF token: `Authorization: Token <key>`"),
        Credential("sessionid", "cookie", "Django session cookie"),
    ]


class DiscussionsBase(AsyncJsonWebsocketConsumer):
    """Signed-in users only."""

    authenticator_class = SignedInAuthenticator


@channel(name="discussions", tags=["discussions"])
class DiscussionsConsumer(DiscussionsBase):
    """Follow several discussion threads over one socket: ``subscribe`` to ``thread:<id>``."""

    topics = [ThreadTopic]

    @ws_handler(summary="Liveness check", tags=["discussions"])
    async def ping(self, message: PingMessage) -> PongMessage:
        """Answer ``ping`` with ``pong``."""
        return PongMessage()


#: ``ws/discussions/<thread_id>/``: one thread, subscribed from the URL.
ThreadConsumer = ThreadTopic.as_consumer(base=DiscussionsBase)
