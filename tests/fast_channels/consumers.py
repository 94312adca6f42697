"""The behaviour-suite consumers bound to fast-channels, plus FastAPI-only ones."""

from __future__ import annotations

from chanx.core.decorators import ws_handler
from chanx.fast_channels.websocket import AsyncJsonWebsocketConsumer
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from tests.behaviour.consumers import BehaviourHandlers
from tests.behaviour.messages import EchoMessage, EchoReply, NotifyEvent, TextPayload
from tests.behaviour.topics import RoomTopic, TopicHandlers
from tests.fast_channels.auth import TokenAuthenticator, TokenUser
from tests.permissions.handlers import PermissionHandlers


class BehaviourConsumer(BehaviourHandlers, AsyncJsonWebsocketConsumer[NotifyEvent]):
    """Everything the behaviour suite checks, on fast-channels."""


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


class TokenConsumer(AsyncJsonWebsocketConsumer):
    """Only for clients presenting a valid token (see :mod:`tests.fast_channels.auth`)."""

    authenticator_class = TokenAuthenticator
    user: TokenUser

    @ws_handler
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()

    @ws_handler
    async def echo(self, message: EchoMessage) -> EchoReply:
        """Echo, prefixed with the authenticated user's name."""
        text = f"{self.user.username}: {message.payload.message}"
        return EchoReply(payload=TextPayload(message=text))


class PermissionsConsumer(PermissionHandlers, AsyncJsonWebsocketConsumer):
    """Per-handler permissions (tests/permissions), on fast-channels."""

    send_completion = True


class TopicsConsumer(TopicHandlers, AsyncJsonWebsocketConsumer):
    """Two topics over one connection (the behaviour suite's topic tests)."""


class CamelTopicsConsumer(TopicsConsumer):
    camelize = True


RoomTopicConsumer = RoomTopic.as_consumer(base=AsyncJsonWebsocketConsumer)
