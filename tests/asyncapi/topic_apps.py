"""Framework-free consumers mounting topics, for the AsyncAPI tests (and their golden file).

``ChatTopic`` (``chat:{org}:{room}``) has every kind of member: handlers with and
without replies, a guarded handler, an event handler, a passthrough event and
``emits``. ``AlertsTopic`` (``alerts``, no parameter, no docstring, its own ``name``)
also handles ``speak``: handlers are scoped per topic. ``LobbyConsumer`` mounts both and
has a ``ping`` handler of its own; ``CamelLobbyConsumer`` is the same with camelize and
completion frames on; the ``chat`` route is ``ChatTopic.as_consumer()`` (a standalone
route whose path parameters fill the pattern). ``NoTopicsLobbyConsumer`` is
``LobbyConsumer`` without topics, to compare the consumer's own channel.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel

from chanx.core.decorators import channel, event_handler, ws_handler
from chanx.core.permissions import HasRoles
from chanx.core.topic import Topic
from chanx.messages.base import BaseMessage
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from chanx.routing import RouteInfo, RouteParam
from tests.asyncapi.apps import FakeConsumer, TokenAuthenticator


class SpeechPayload(BaseModel):
    text: str
    reply_to_id: int | None = None


class SpeakMessage(BaseMessage):
    action: Literal["speak"] = "speak"
    payload: SpeechPayload


class SpokenMessage(BaseMessage):
    action: Literal["spoken"] = "spoken"
    payload: SpeechPayload


class AlertRaised(BaseMessage):
    action: Literal["alert_raised"] = "alert_raised"
    payload: SpeechPayload


class ChatNotice(BaseMessage):
    """A notice broadcast to a chat and forwarded unchanged."""

    action: Literal["chat_notice"] = "chat_notice"
    payload: str


class ChatPostEvent(BaseMessage):
    action: Literal["chat_post"] = "chat_post"
    payload: str


class ChatPosted(BaseMessage):
    action: Literal["chat_posted"] = "chat_posted"
    payload: str


class ChatState(BaseMessage):
    action: Literal["chat_state"] = "chat_state"
    payload: list[str]


class KickMessage(BaseMessage):
    action: Literal["kick"] = "kick"
    payload: str


class ChatTopic(Topic):
    """A chat room of an organisation."""

    pattern = "chat:{org}:{room}"
    passthrough_events = [ChatNotice]
    emits = [ChatState]

    @ws_handler
    async def speak(self, message: SpeakMessage) -> SpokenMessage:
        """Say something in the room (only the sender gets the reply)."""
        return SpokenMessage(payload=message.payload)

    @ws_handler(permission_classes=[HasRoles("moderator")], tags=["moderation"])
    async def kick(self, message: KickMessage) -> None:
        raise NotImplementedError

    @event_handler
    async def posted(self, event: ChatPostEvent) -> ChatPosted:
        return ChatPosted(payload=event.payload)


class AlertsTopic(Topic):
    pattern = "alerts"
    name = "system_alerts"

    @ws_handler
    async def speak(self, message: SpeakMessage) -> AlertRaised:
        return AlertRaised(payload=message.payload)


LOBBY = "The lobby: pings, chats and alerts over one connection."


@channel(name="lobby", description=LOBBY, tags=["lobby"])
class LobbyConsumer(FakeConsumer):
    authenticator_class = TokenAuthenticator
    topics = [ChatTopic, AlertsTopic]

    @ws_handler
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()


@channel(name="camel_lobby", description="The lobby with camelize and completion frames.")
class CamelLobbyConsumer(LobbyConsumer):
    camelize = True
    send_completion = True


@channel(name="lobby", description=LOBBY, tags=["lobby"])
class NoTopicsLobbyConsumer(LobbyConsumer):
    topics = []


def chat_consumer() -> type[Any]:
    """``ChatTopic``'s standalone consumer on the framework-free base (created once)."""
    return ChatTopic.as_consumer(base=FakeConsumer)


CHAT_PARAMS = (
    RouteParam("org", "The organisation.", "[a-z]+"),
    RouteParam("room", "The room.", "[a-z]+"),
)


def topic_routes() -> list[RouteInfo]:
    return [
        RouteInfo.from_starlette_path("/ws/lobby", LobbyConsumer),
        RouteInfo.from_starlette_path("/ws/camel-lobby", CamelLobbyConsumer),
        RouteInfo("/ws/chat/{org}/{room}", chat_consumer(), CHAT_PARAMS),
    ]
