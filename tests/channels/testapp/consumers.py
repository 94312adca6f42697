"""The behaviour-suite consumers bound to Django Channels, plus Django-only ones."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from chanx.channels.authenticator import DjangoAuthenticator
from chanx.channels.websocket import AsyncJsonWebsocketConsumer
from chanx.core.decorators import ws_handler
from chanx.messages.base import BaseMessage
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from tests.behaviour.consumers import BehaviourHandlers
from tests.behaviour.messages import NotifyEvent
from tests.behaviour.topics import RoomTopic, TopicHandlers
from tests.channels.testapp.models import Room
from tests.channels.testapp.permissions import IsPublicRoom
from tests.permissions.drf_handlers import DrfPermissionHandlers
from tests.permissions.handlers import PermissionHandlers


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


class RateLimitedConsumer(BehaviourConsumer):
    """Small limits on a fast time scale (tests/behaviour/test_limits.py)."""

    rate_limit = "5/1s"
    rate_limit_close_after = 5
    max_json_depth = 4


class IdleConsumer(BehaviourConsumer):
    idle_timeout = 0.5


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


# --------------------------------------------------------------------------- test-only extras


class UndeclaredMessage(BaseMessage):
    """Never declared as an output of any handler."""

    action: Literal["undeclared"] = "undeclared"
    payload: None = None


class SendUndeclaredPayload(BaseModel):
    validate_outgoing: bool


class SendUndeclaredMessage(BaseMessage):
    action: Literal["send_undeclared"] = "send_undeclared"
    payload: SendUndeclaredPayload


class RawFrameMessage(BaseMessage):
    action: Literal["raw_frame"] = "raw_frame"
    payload: None = None


class BadResultMessage(BaseMessage):
    action: Literal["bad_result"] = "bad_result"
    payload: None = None


#: Channel names of ``ExtrasConsumer`` connections whose ``disconnect`` ran.
DISCONNECTED: list[str] = []


class ExtrasConsumer(BehaviourConsumer):
    """Handlers that step outside the declared protocol, for negative tests."""

    @ws_handler
    async def send_undeclared(self, message: SendUndeclaredMessage) -> None:
        await self.send_message(UndeclaredMessage(), validate=message.payload.validate_outgoing)

    @ws_handler
    async def raw_frame(self, message: RawFrameMessage) -> None:
        await self.send_json({"action": "mystery", "payload": 1})

    @ws_handler
    async def bad_result(self, message: BadResultMessage) -> None:
        return 42  # type: ignore[return-value]

    async def disconnect(self, code: int) -> None:
        DISCONNECTED.append(self.channel_name)


class NoCompletionConsumer(BehaviourConsumer):
    """Sets ``send_completion`` itself, so the ``CHANX`` setting must not apply."""

    send_completion = False


class LoggingConsumer(BehaviourConsumer):
    log_websocket_message = True
    log_ignored_actions = ("ping",)


class ExplodingAuthenticator(DjangoAuthenticator):
    """An authenticator with a bug: its failure must not reach the client."""

    async def authenticate(self, scope: dict[str, object]) -> bool:
        raise RuntimeError("auth backend down: password=hunter2")


class BrokenAuthConsumer(AsyncJsonWebsocketConsumer):
    authenticator_class = ExplodingAuthenticator

    @ws_handler
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()


class PermissionsConsumer(PermissionHandlers, AsyncJsonWebsocketConsumer):
    """Per-handler permissions (tests/permissions), on Django Channels."""

    send_completion = True


class DrfPermissionsConsumer(DrfPermissionHandlers, AsyncJsonWebsocketConsumer):
    """Per-handler DRF permissions with a token-authenticated user (tests/permissions)."""


class TopicsConsumer(TopicHandlers, AsyncJsonWebsocketConsumer):
    """Two topics over one connection (the behaviour suite's topic tests)."""


class CamelTopicsConsumer(TopicsConsumer):
    camelize = True


RoomTopicConsumer = RoomTopic.as_consumer(base=AsyncJsonWebsocketConsumer)
