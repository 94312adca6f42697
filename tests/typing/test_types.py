"""Static typing checks, verified by ``mypy --strict`` (see ``test_mypy.py``); not run.

Every check sits in a function that is never called, so importing this module has no
effect beyond defining classes.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, Literal, assert_type

from chanx.channels.websocket import AsyncJsonWebsocketConsumer
from chanx.core.decorators import event_handler, ws_handler
from chanx.messages.base import BaseMessage
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage


class MyEvent(BaseMessage):
    action: Literal["my_event"] = "my_event"
    payload: str


class OtherEvent(BaseMessage):
    action: Literal["other_event"] = "other_event"
    payload: None = None


class EventSubclass(MyEvent):
    pass


class Hello(BaseMessage):
    action: Literal["hello"] = "hello"
    payload: None = None


class MyConsumer(AsyncJsonWebsocketConsumer[MyEvent]):
    groups = ["typed"]

    @ws_handler
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()

    @ws_handler(summary="called form", tags=["t"])
    async def hello(self, message: Hello) -> list[PongMessage]:
        return [PongMessage()]

    @event_handler
    async def my_event(self, event: MyEvent) -> None:
        await self.send_message(PongMessage())

    @event_handler(output_type=PongMessage)
    async def other(self, event: OtherEvent) -> None:
        return None


class UntypedConsumer(AsyncJsonWebsocketConsumer):
    """Without a type argument any message is accepted as an event."""


Handler = Callable[[object, PingMessage], Coroutine[Any, Any, PongMessage]]


async def bare_function(self: object, message: PingMessage) -> PongMessage:
    return PongMessage()


def check_decorators_keep_the_function_type(handler: Handler) -> None:
    assert_type(ws_handler(handler), Handler)
    assert_type(ws_handler(action="op", summary="s", tags=["a"])(handler), Handler)
    assert_type(ws_handler()(handler), Handler)
    assert_type(event_handler(handler), Handler)
    assert_type(event_handler(input_type=PingMessage)(handler), Handler)


async def check_methods_keep_their_signatures(consumer: MyConsumer) -> None:
    assert_type(await consumer.ping(PingMessage()), PongMessage)
    assert_type(await consumer.hello(Hello()), list[PongMessage])
    assert_type(await consumer.my_event(MyEvent(payload="x")), None)


async def check_typed_events_are_accepted(consumer: MyConsumer) -> None:
    await MyConsumer.broadcast_event(MyEvent(payload="x"))
    await MyConsumer.broadcast_event(MyEvent(payload="x"), "one-group")
    await MyConsumer.broadcast_event(MyEvent(payload="x"), ["a", "b"])
    await MyConsumer.broadcast_event(EventSubclass(payload="sub"))
    await MyConsumer.send_event(MyEvent(payload="x"), "channel-name")
    MyConsumer.broadcast_event_sync(MyEvent(payload="x"))
    MyConsumer.send_event_sync(MyEvent(payload="x"), "channel-name")
    await consumer.broadcast_event(MyEvent(payload="x"))


async def check_untyped_consumer_accepts_any_message() -> None:
    await UntypedConsumer.broadcast_event(OtherEvent())
    await UntypedConsumer.broadcast_event(MyEvent(payload="x"), "g")


async def check_consumer_api_types(consumer: MyConsumer) -> None:
    await consumer.send_message(PongMessage())
    await consumer.send_message(PongMessage(), validate=True)
    await consumer.broadcast_message(PongMessage())
    await consumer.broadcast_message(PongMessage(), ["g"], exclude_current=True)
    await consumer.join_group("g")
    await consumer.leave_group("g")
    assert_type(consumer.url_params, dict[str, Any])
