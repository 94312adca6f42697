"""Static typing checks of topics, verified by ``mypy --strict`` and pyright strict over
``tests/typing`` (see ``test_mypy.py``); not collected by pytest."""

from __future__ import annotations

from typing import Any, Literal, assert_type

from chanx.channels.websocket import AsyncJsonWebsocketConsumer
from chanx.core.decorators import event_handler, ws_handler
from chanx.core.testing import CapturedTopicBroadcast, TopicFrame, capture_topic_broadcasts
from chanx.core.topic import Topic
from chanx.fast_channels.testing import WebsocketCommunicator
from chanx.messages.base import BaseMessage
from chanx.messages.outgoing import ErrorMessage
from chanx.messages.topic import SubscribedMessage, UnsubscribedMessage


class Say(BaseMessage):
    action: Literal["say"] = "say"
    payload: str


class Said(BaseMessage):
    action: Literal["said"] = "said"
    payload: str


class Posted(BaseMessage):
    action: Literal["posted"] = "posted"
    payload: str


class RoomTopic(Topic):
    pattern = "room:{room_name}"

    async def authorize(self, **params: str) -> bool:
        return params["room_name"] != "secret" and self.user is not None

    async def on_subscribe(self) -> None:
        assert_type(self.topic, str)
        assert_type(self.params, dict[str, str])
        await self.send_message(Said(payload=self.params["room_name"]))

    @ws_handler
    async def say(self, message: Say) -> Said:
        return Said(payload=f"{self.topic}: {message.payload}")

    @event_handler
    async def posted(self, event: Posted) -> Said:
        return Said(payload=event.payload)


class LobbyConsumer(AsyncJsonWebsocketConsumer):
    topics = [RoomTopic]


RoomConsumer: type[Any] = RoomTopic.as_consumer(base=AsyncJsonWebsocketConsumer)


async def topic_api() -> None:
    await RoomTopic.broadcast("room:lobby", Posted(payload="hi"), seq=1)
    RoomTopic.broadcast_sync(RoomTopic.topic_for(room_name="lobby"), Posted(payload="x"))
    assert_type(RoomTopic.group_name("room:lobby"), str)
    assert_type(RoomTopic.match("room:lobby"), dict[str, str] | None)


async def testing_api(app: Any) -> None:
    client = WebsocketCommunicator(app, "/ws/lobby", consumer=LobbyConsumer)
    reply = await client.subscribe("room:lobby", ref="1")
    assert_type(reply, SubscribedMessage | ErrorMessage)
    await client.send_message(Say(payload="hi"), topic="room:lobby", ref="2")
    frame = await client.receive_topic_frame(RoomTopic, topic="room:lobby")
    assert_type(frame, TopicFrame)
    assert_type(frame.seq, int | None)
    assert_type(await client.receive_topic_message(RoomTopic), BaseMessage)
    left = await client.unsubscribe("room:lobby")
    assert_type(left, UnsubscribedMessage | ErrorMessage)
    with capture_topic_broadcasts(RoomTopic) as captured:
        assert_type(captured, list[CapturedTopicBroadcast])
