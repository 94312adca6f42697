"""Framework-free consumers and routes the AsyncAPI tests document.

``FakeConsumer`` is the bare core mixin: its ``__init_subclass__`` builds the handler
registry without Django or FastAPI, which is all the generator reads.
"""

from __future__ import annotations

from typing import Any

from chanx.core.authenticator import BaseAuthenticator, Credential
from chanx.core.consumer import ChanxConsumerMixin
from chanx.core.decorators import channel, event_handler, ws_handler
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from chanx.routing import RouteInfo, RouteParam
from tests.asyncapi import same_a, same_b
from tests.asyncapi.messages import PostedMessage, PostMessage, RejectedMessage, RoomEvent
from tests.behaviour.consumers import BehaviourHandlers


class FakeConsumer(ChanxConsumerMixin):
    """Stand-in for an integration's consumer base."""


class TokenAuthenticator(BaseAuthenticator):
    credentials = (
        Credential("token", "query", "Access token in the query string."),
        Credential("Authorization", "header", "`Bearer <token>`."),
        Credential("sessionid", "cookie"),
    )

    async def authenticate(self, scope: dict[str, Any]) -> bool:
        return True


# --------------------------------------------------------------------------- minimal app


class EchoConsumer(FakeConsumer):
    """Answers pings."""

    @ws_handler(summary="Liveness check", tags=["health"])
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()


def minimal_routes() -> list[RouteInfo]:
    return [RouteInfo.from_starlette_path("/ws/echo", EchoConsumer)]


# --------------------------------------------------------------------------- full app


class BehaviourConsumer(BehaviourHandlers, FakeConsumer):  # type: ignore[misc]
    """Everything the behaviour suite checks, on the framework-free stand-in."""

    authenticator_class = TokenAuthenticator


@channel(name="camel_behaviour", description="The behaviour consumer with camelize on.")
class CamelBehaviourConsumer(BehaviourConsumer):
    camelize = True
    send_completion = True


@channel(name="rooms", tags=["rooms"])
class RoomConsumer(FakeConsumer):
    """Posts in a room: nested models, a discriminated union and an enum."""

    camelize = True

    @ws_handler(action="publish", tags=["posts"], description="Publish a post.")
    async def post(self, message: PostMessage) -> PostedMessage | RejectedMessage:
        return RejectedMessage(payload={"reason": "closed"})  # type: ignore[arg-type]

    @event_handler
    async def room_event(self, event: RoomEvent) -> PostedMessage:
        return PostedMessage(payload=event.payload)


class StatusAConsumer(FakeConsumer):
    @ws_handler
    async def ping(self, message: same_a.StatusMessage) -> same_b.StatusMessage:
        raise NotImplementedError


class StatusBConsumer(FakeConsumer):
    @ws_handler
    async def ping(self, message: same_b.StatusMessage) -> same_a.StatusMessage:
        raise NotImplementedError


def full_routes() -> list[RouteInfo]:
    return [
        RouteInfo.from_django_path("ws/behaviour/<int:room_id>/", BehaviourConsumer),
        RouteInfo.from_django_regex(r"^ws/camel/(?P<slug>[-a-z0-9]+)/?$", CamelBehaviourConsumer),
        RouteInfo(
            "/ws/rooms/{room_name}",
            RoomConsumer,
            (RouteParam("room_name", "Name of the room.", "[a-z]+"),),
        ),
        RouteInfo.from_starlette_path("/ws/status/a", StatusAConsumer),
        RouteInfo.from_starlette_path("/ws/status/b", StatusBConsumer),
    ]


# --------------------------------------------------------------------------- golden app


@channel(name="notices", description="Notices for the signed-in user.", tags=["notices"])
class NoticeConsumer(FakeConsumer):
    authenticator_class = TokenAuthenticator
    passthrough_events = [RoomEvent]
    emits = [PostedMessage]

    @ws_handler(summary="Liveness check")
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()


def golden_routes() -> list[RouteInfo]:
    return [
        RouteInfo.from_starlette_path("/ws/echo", EchoConsumer),
        RouteInfo.from_django_path("ws/notices/<int:user_id>", NoticeConsumer),
        RouteInfo(
            "/ws/rooms/{room_name}",
            RoomConsumer,
            (RouteParam("room_name", "Name of the room.", "[a-z]+"),),
        ),
    ]
