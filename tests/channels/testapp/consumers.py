"""The behaviour-suite consumers bound to Django Channels, plus Django-only ones."""

from __future__ import annotations

from chanx.channels.authenticator import DjangoAuthenticator
from chanx.channels.websocket import AsyncJsonWebsocketConsumer
from chanx.core.decorators import ws_handler
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from tests.behaviour.consumers import BehaviourHandlers
from tests.behaviour.messages import NotifyEvent
from tests.channels.testapp.models import Room
from tests.channels.testapp.permissions import IsPublicRoom


class BehaviourConsumer(BehaviourHandlers, AsyncJsonWebsocketConsumer[NotifyEvent]):
    """Everything the behaviour suite checks, on Django Channels."""


class OrderedConsumer(BehaviourConsumer):
    max_concurrent_handlers = 1


class CompletionConsumer(BehaviourConsumer):
    send_completion = True


class CamelConsumer(BehaviourConsumer):
    camelize = True
    send_completion = True


class SmallFramesConsumer(BehaviourConsumer):
    max_message_size = 64


class UserAuthenticator(DjangoAuthenticator):
    from rest_framework.permissions import IsAuthenticated

    permission_classes = [IsAuthenticated]


class RoomAuthenticator(DjangoAuthenticator):
    from rest_framework.permissions import IsAuthenticated

    permission_classes = [IsAuthenticated, IsPublicRoom]
    queryset = Room.objects.all()
    lookup_field = "name"
    lookup_url_kwarg = "room_name"


class AuthenticatedConsumer(AsyncJsonWebsocketConsumer):
    authenticator_class = UserAuthenticator

    @ws_handler
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()


class RoomConsumer(AsyncJsonWebsocketConsumer):
    authenticator_class = RoomAuthenticator
    authenticator: RoomAuthenticator

    async def post_authentication(self) -> None:
        await self.join_group(f"room_{self.authenticator.obj.pk}")

    @ws_handler
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()
