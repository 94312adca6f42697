"""Topics and the handler mixin of the behaviour suite's topic consumers.

``RoomTopic`` and ``ThreadTopic`` both handle the action ``say`` (handlers are scoped
per topic); ``RoomTopic`` also refuses ``room:forbidden``, pushes its state from
``on_subscribe``, records ``on_unsubscribe`` calls, forwards ``RoomNotice`` broadcasts
and turns ``RoomPostEvent`` broadcasts into ``RoomPosted`` frames.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from chanx.core.decorators import event_handler, ws_handler
from chanx.core.permissions import HasRoles
from chanx.core.topic import Topic
from chanx.messages.base import BaseMessage
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage

#: ``(topic, channel_name)`` of every ``RoomTopic.on_unsubscribe`` call, in order.
UNSUBSCRIBED: list[tuple[str, str]] = []
#: Topic names ``RoomTopic.on_subscribe`` ran for, in order.
SUBSCRIBED: list[str] = []


class TextPayload(BaseModel):
    text: str


class SayPayload(BaseModel):
    text: str
    loud_voice: bool = False


class SayMessage(BaseMessage):
    action: Literal["say"] = "say"
    payload: SayPayload


class SaidInRoom(BaseMessage):
    action: Literal["said_in_room"] = "said_in_room"
    payload: TextPayload


class SaidInThread(BaseMessage):
    action: Literal["said_in_thread"] = "said_in_thread"
    payload: TextPayload


class RoomStatePayload(BaseModel):
    room_name: str
    subscriber_channel: str


class RoomState(BaseMessage):
    action: Literal["room_state"] = "room_state"
    payload: RoomStatePayload


class RoomNotice(BaseMessage):
    """Broadcast to a room and forwarded unchanged (a passthrough event)."""

    action: Literal["room_notice"] = "room_notice"
    payload: TextPayload


class RoomPostEvent(BaseMessage):
    action: Literal["room_post"] = "room_post"
    payload: TextPayload


class RoomPosted(BaseMessage):
    action: Literal["room_posted"] = "room_posted"
    payload: TextPayload


class ShoutMessage(BaseMessage):
    """Ask the room topic to broadcast a notice to every subscriber."""

    action: Literal["shout"] = "shout"
    payload: TextPayload


class ModerateMessage(BaseMessage):
    action: Literal["moderate"] = "moderate"
    payload: None = None


class RoomTopic(Topic):
    """A chat room: ``room:<room_name>``."""

    pattern = "room:{room_name}"
    passthrough_events = [RoomNotice]
    emits = [RoomState]

    async def authorize(self, **params: str) -> bool:
        return params["room_name"] != "forbidden"

    async def on_subscribe(self) -> None:
        SUBSCRIBED.append(self.topic)
        await self.send_message(
            RoomState(
                payload=RoomStatePayload(
                    room_name=self.params["room_name"],
                    subscriber_channel=self.consumer.channel_name,
                )
            )
        )

    async def on_unsubscribe(self) -> None:
        UNSUBSCRIBED.append((self.topic, self.consumer.channel_name))

    @ws_handler
    async def say(self, message: SayMessage) -> SaidInRoom:
        """Say something in the room (only the sender gets the reply)."""
        return SaidInRoom(
            payload=TextPayload(text=f"{self.params['room_name']}: {message.payload.text}")
        )

    @ws_handler
    async def shout(self, message: ShoutMessage) -> None:
        await self.broadcast(self.topic, RoomNotice(payload=message.payload))

    @ws_handler(permission_classes=[HasRoles("moderator")])
    async def moderate(self, message: ModerateMessage) -> None:
        raise AssertionError("anonymous connections never get here")

    @event_handler
    async def posted(self, event: RoomPostEvent) -> RoomPosted:
        return RoomPosted(payload=TextPayload(text=f"{self.topic}: {event.payload.text}"))


class ThreadTopic(Topic):
    """A discussion thread: ``thread:<thread_id>`` (also handles ``say``)."""

    pattern = "thread:{thread_id}"
    passthrough_events = [RoomNotice]

    @ws_handler
    async def say(self, message: SayMessage) -> SaidInThread:
        return SaidInThread(
            payload=TextPayload(text=f"#{self.params['thread_id']}: {message.payload.text}")
        )


class TopicHandlers:
    """A consumer with two topics and a handler of its own."""

    topics = [RoomTopic, ThreadTopic]

    @ws_handler
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()
