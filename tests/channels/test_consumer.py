"""The consumer API on Django Channels: sending, groups, events, hooks and settings."""

from __future__ import annotations

import asyncio
import json
from typing import Any, Literal

import pytest
from channels.layers import get_channel_layer
from channels.routing import URLRouter
from django.test import override_settings
from pydantic import TypeAdapter
from structlog.testing import capture_logs

from chanx.channels.routing import path
from chanx.channels.utils.settings import override_chanx_settings
from chanx.channels.websocket import AsyncJsonWebsocketConsumer
from chanx.core.decorators import event_handler, ws_handler
from chanx.messages.base import BaseMessage
from chanx.messages.outgoing import ErrorMessage
from tests.behaviour.consumers import SECRET_IN_EXCEPTION
from tests.behaviour.messages import (
    AnnouncementEvent,
    BrokenEvent,
    CamelMessage,
    CamelPayload,
    CamelReply,
    EchoMessage,
    EchoReply,
    NotifyEvent,
    NotifyPayload,
    ServerTimeMessage,
    TextPayload,
)
from tests.channels.helpers import (
    Connect,
    assert_silent,
    dump,
    echo_round_trip,
    frames,
    group_send,
    send_raw,
)
from tests.channels.testapp.consumers import (
    BehaviourConsumer,
    CamelConsumer,
    CompletionConsumer,
    ExtrasConsumer,
    LoggingConsumer,
    NoCompletionConsumer,
    UndeclaredMessage,
)

BEHAVIOUR = "/ws/behaviour/"
COMPLETION = "/ws/completion/"
COMPLETE = {"action": "complete", "payload": None}
GROUP_COMPLETE = {"action": "group_complete", "payload": None}
EVENT_COMPLETE = {"action": "event_complete", "payload": None}


def _notify(text: str) -> NotifyEvent:
    return NotifyEvent(payload=NotifyPayload(text=text))


def _notification(text: str) -> dict[str, Any]:
    return {"action": "notification", "payload": {"text": text}}


def _shouted(text: str) -> dict[str, Any]:
    return {"action": "shouted", "payload": {"message": text}}


async def _channel_name(communicator: Any) -> str:
    await send_raw(communicator, {"action": "whoami"})
    reply = await communicator.receive_json()
    assert reply["action"] == "you_are"
    name: str = reply["payload"]["channel_name"]
    return name


async def _join(communicator: Any, group: str) -> None:
    await send_raw(communicator, {"action": "join", "payload": {"group": group}})
    assert await communicator.receive_json() == {"action": "group_ack", "payload": {"group": group}}


async def _leave(communicator: Any, group: str) -> None:
    await send_raw(communicator, {"action": "leave", "payload": {"group": group}})
    assert await communicator.receive_json() == {"action": "group_ack", "payload": {"group": group}}


async def _shout(communicator: Any, text: str, group: str | None = None, **extra: Any) -> None:
    payload: dict[str, Any] = {"message": text, **extra}
    if group is not None:
        payload["group"] = group
    await send_raw(communicator, {"action": "shout", "payload": payload})


def _members(group: str) -> set[str]:
    layer = get_channel_layer()
    return set(layer.groups.get(group, {}))


# --------------------------------------------------------------------------- class metadata


def test_adapters_are_built_once_per_class() -> None:
    assert isinstance(BehaviourConsumer.incoming_message_adapter, TypeAdapter)
    assert BehaviourConsumer.incoming_message_adapter is BehaviourConsumer.incoming_message_adapter
    assert BehaviourConsumer.chanx_registry is BehaviourConsumer.chanx_registry
    assert ExtrasConsumer.incoming_message_adapter is not BehaviourConsumer.incoming_message_adapter
    # the subclass routes its own extra actions, the base class does not
    ExtrasConsumer.incoming_message_adapter.validate_python({"action": "raw_frame"})
    with pytest.raises(ValueError):
        BehaviourConsumer.incoming_message_adapter.validate_python({"action": "raw_frame"})


def test_outgoing_adapter_covers_outputs_emits_and_passthrough() -> None:
    adapter = BehaviourConsumer.outgoing_message_adapter
    for message in (
        EchoReply(payload=TextPayload(message="x")),
        ServerTimeMessage(payload=1.0),
        AnnouncementEvent(payload=NotifyPayload(text="x")),
        ErrorMessage(payload=[]),
    ):
        assert adapter.validate_python(dump(message)) == message
    with pytest.raises(ValueError):
        adapter.validate_python(dump(UndeclaredMessage()))


# --------------------------------------------------------------------------- sending


async def test_send_message_without_validation_sends_anything(connect: Connect) -> None:
    communicator = await connect("/ws/extras/", ExtrasConsumer)
    await send_raw(
        communicator, {"action": "send_undeclared", "payload": {"validate_outgoing": False}}
    )
    assert await frames(communicator) == [{"action": "undeclared", "payload": None}]


async def test_send_message_with_validation_rejects_undeclared_messages(connect: Connect) -> None:
    communicator = await connect("/ws/extras/", ExtrasConsumer)
    with capture_logs() as logs:
        await send_raw(
            communicator, {"action": "send_undeclared", "payload": {"validate_outgoing": True}}
        )
        received = await frames(communicator)
    assert received == [
        {
            "action": "error",
            "payload": {
                "detail": "Failed to process message for send_undeclared",
                "code": "handler_error",
            },
        }
    ]
    assert [e["action"] for e in logs if e["event"] == "chanx.handler.failed"] == [
        "send_undeclared"
    ]


async def test_handle_result_sends_each_list_item_in_order(connect: Connect) -> None:
    communicator = await connect(BEHAVIOUR, BehaviourConsumer)
    await send_raw(communicator, {"action": "two_replies"})
    assert await frames(communicator) == [
        {"action": "echo_reply", "payload": {"message": "one"}},
        {"action": "echo_reply", "payload": {"message": "two"}},
    ]


async def test_handle_result_none_sends_nothing(connect: Connect) -> None:
    communicator = await connect(BEHAVIOUR, BehaviourConsumer)
    await send_raw(communicator, {"action": "silent"})
    await assert_silent(communicator)
    await echo_round_trip(communicator)


# --------------------------------------------------------------------------- groups


async def test_connection_joins_class_groups_and_leaves_on_disconnect(connect: Connect) -> None:
    communicator = await connect(BEHAVIOUR, BehaviourConsumer)
    name = await _channel_name(communicator)
    await _join(communicator, "runtime-group")
    assert name in _members("lobby")
    assert name in _members("runtime-group")
    await communicator.disconnect()
    assert name not in _members("lobby")
    assert name not in _members("runtime-group")


async def test_join_and_leave_group_at_run_time(connect: Connect) -> None:
    listener = await connect(BEHAVIOUR, BehaviourConsumer)
    speaker = await connect(BEHAVIOUR, BehaviourConsumer)

    await _shout(speaker, "before join", group="club")
    await assert_silent(listener)

    await _join(listener, "club")
    await _shout(speaker, "after join", group="club")
    assert await frames(listener) == [_shouted("after join")]
    await assert_silent(speaker)

    await _leave(listener, "club")
    await _shout(speaker, "after leave", group="club")
    await assert_silent(listener)


async def test_broadcast_message_defaults_to_own_groups(connect: Connect) -> None:
    first = await connect(BEHAVIOUR, BehaviourConsumer)
    second = await connect(BEHAVIOUR, BehaviourConsumer)
    await _shout(first, "hello lobby")
    assert await frames(first) == [_shouted("hello lobby")]
    assert await frames(second) == [_shouted("hello lobby")]


async def test_broadcast_message_to_explicit_group_only(connect: Connect) -> None:
    sender = await connect(BEHAVIOUR, BehaviourConsumer)
    member = await connect(BEHAVIOUR, BehaviourConsumer)
    bystander = await connect(BEHAVIOUR, BehaviourConsumer)
    await _join(member, "vip")
    await _shout(sender, "vip only", group="vip")
    assert await frames(member) == [_shouted("vip only")]
    await assert_silent(sender)
    await assert_silent(bystander)


async def test_broadcast_message_exclude_current(connect: Connect) -> None:
    sender = await connect(BEHAVIOUR, BehaviourConsumer)
    other = await connect(BEHAVIOUR, BehaviourConsumer)
    await _shout(sender, "not for me", exclude_current=True)
    assert await frames(other) == [_shouted("not for me")]
    await assert_silent(sender)


async def test_group_message_layer_shape_is_relayed(connect: Connect) -> None:
    """CONTRACT §6: ``handle_group_message`` with message/exclude_current/from_channel."""
    communicator = await connect(BEHAVIOUR, BehaviourConsumer)
    name = await _channel_name(communicator)
    body = {"action": "anything", "payload": {"k": [1, 2]}}
    await group_send(
        "lobby",
        {
            "type": "handle_group_message",
            "message": body,
            "exclude_current": False,
            "from_channel": "x",
        },
    )
    assert await frames(communicator) == [body]
    await group_send(
        "lobby",
        {
            "type": "handle_group_message",
            "message": body,
            "exclude_current": True,
            "from_channel": name,
        },
    )
    await assert_silent(communicator)


async def test_broadcast_message_puts_contract_shape_on_the_layer(connect: Connect) -> None:
    communicator = await connect(BEHAVIOUR, BehaviourConsumer)
    name = await _channel_name(communicator)
    layer = get_channel_layer()
    spy = await layer.new_channel()
    await layer.group_add("spied", spy)
    await _shout(communicator, "spy on me", group="spied", exclude_current=True)
    async with asyncio.timeout(2):
        message = await layer.receive(spy)
    assert message == {
        "type": "handle_group_message",
        "message": _shouted("spy on me"),
        "exclude_current": True,
        "from_channel": name,
    }


# --------------------------------------------------------------------------- events


async def test_send_event_reaches_only_that_channel(connect: Connect) -> None:
    target = await connect(BEHAVIOUR, BehaviourConsumer)
    other = await connect(BEHAVIOUR, BehaviourConsumer)
    name = await _channel_name(target)
    await BehaviourConsumer.send_event(_notify("just you"), name)
    assert await frames(target) == [_notification("just you")]
    await assert_silent(other)


async def test_send_event_puts_contract_shape_on_the_layer() -> None:
    layer = get_channel_layer()
    spy = await layer.new_channel()
    await BehaviourConsumer.send_event(_notify("shape"), spy)
    async with asyncio.timeout(2):
        message = await layer.receive(spy)
    assert message == {"type": "handle_channel_event", "event_data": dump(_notify("shape"))}


async def test_broadcast_event_defaults_to_class_groups(connect: Connect) -> None:
    first = await connect(BEHAVIOUR, BehaviourConsumer)
    second = await connect(BEHAVIOUR, BehaviourConsumer)
    await BehaviourConsumer.broadcast_event(_notify("everyone"))
    assert await frames(first) == [_notification("everyone")]
    assert await frames(second) == [_notification("everyone")]


async def test_broadcast_event_with_a_str_group(connect: Connect) -> None:
    member = await connect(BEHAVIOUR, BehaviourConsumer)
    outsider = await connect(BEHAVIOUR, BehaviourConsumer)
    await _join(member, "team-blue")
    await BehaviourConsumer.broadcast_event(_notify("blue"), "team-blue")
    assert await frames(member) == [_notification("blue")]
    await assert_silent(outsider)


async def test_broadcast_event_with_a_list_of_groups(connect: Connect) -> None:
    red = await connect(BEHAVIOUR, BehaviourConsumer)
    green = await connect(BEHAVIOUR, BehaviourConsumer)
    outsider = await connect(BEHAVIOUR, BehaviourConsumer)
    await _join(red, "red")
    await _join(green, "green")
    await BehaviourConsumer.broadcast_event(_notify("colours"), ["red", "green"])
    assert await frames(red) == [_notification("colours")]
    assert await frames(green) == [_notification("colours")]
    await assert_silent(outsider)


async def test_broadcast_event_sync_from_a_worker_thread(connect: Connect) -> None:
    first = await connect(BEHAVIOUR, BehaviourConsumer)
    second = await connect(BEHAVIOUR, BehaviourConsumer)
    await asyncio.to_thread(BehaviourConsumer.broadcast_event_sync, _notify("from thread"))
    assert await frames(first) == [_notification("from thread")]
    assert await frames(second) == [_notification("from thread")]


async def test_broadcast_event_sync_with_group_from_a_worker_thread(connect: Connect) -> None:
    member = await connect(BEHAVIOUR, BehaviourConsumer)
    outsider = await connect(BEHAVIOUR, BehaviourConsumer)
    await _join(member, "threaded")
    await asyncio.to_thread(BehaviourConsumer.broadcast_event_sync, _notify("t"), "threaded")
    assert await frames(member) == [_notification("t")]
    await assert_silent(outsider)


async def test_send_event_sync_from_a_worker_thread(connect: Connect) -> None:
    target = await connect(BEHAVIOUR, BehaviourConsumer)
    other = await connect(BEHAVIOUR, BehaviourConsumer)
    name = await _channel_name(target)
    await asyncio.to_thread(BehaviourConsumer.send_event_sync, _notify("direct"), name)
    assert await frames(target) == [_notification("direct")]
    await assert_silent(other)


async def test_sync_variant_refuses_to_block_a_running_loop() -> None:
    with pytest.raises(RuntimeError):
        BehaviourConsumer.broadcast_event_sync(_notify("would deadlock"))


async def test_passthrough_event_is_forwarded_unchanged(connect: Connect) -> None:
    communicator = await connect(BEHAVIOUR, BehaviourConsumer)
    announcement = AnnouncementEvent(payload=NotifyPayload(text="news"))
    await BehaviourConsumer.broadcast_event(announcement)  # type: ignore[arg-type]
    assert await frames(communicator) == [dump(announcement)]


@pytest.mark.parametrize(
    "event_data",
    [
        {"action": "notify", "payload": {}},
        {"action": "notify"},
        {"action": "no_such_event", "payload": None},
        {"payload": {"text": "no action"}},
        None,
        "notify",
        [1],
    ],
    ids=["missing-field", "missing-payload", "unknown", "no-action", "none", "str", "list"],
)
async def test_invalid_event_is_dropped_and_logged(connect: Connect, event_data: Any) -> None:
    communicator = await connect(BEHAVIOUR, BehaviourConsumer)
    with capture_logs() as logs:
        await group_send("lobby", {"type": "handle_channel_event", "event_data": event_data})
        await assert_silent(communicator)
    assert "chanx.event.invalid" in [entry["event"] for entry in logs]
    await echo_round_trip(communicator)


async def test_event_handler_error_is_logged_and_not_sent(connect: Connect) -> None:
    communicator = await connect(BEHAVIOUR, BehaviourConsumer)
    with capture_logs() as logs:
        await BehaviourConsumer.broadcast_event(BrokenEvent())  # type: ignore[arg-type]
        await assert_silent(communicator)
    failed = [entry for entry in logs if entry["event"] == "chanx.event.failed"]
    assert len(failed) == 1
    assert failed[0]["action"] == "broken"
    assert SECRET_IN_EXCEPTION not in json.dumps([e.get("event") for e in logs])
    await echo_round_trip(communicator)


async def test_events_keep_flowing_after_a_failed_event(connect: Connect) -> None:
    communicator = await connect(BEHAVIOUR, BehaviourConsumer)
    with capture_logs():
        await BehaviourConsumer.broadcast_event(BrokenEvent())  # type: ignore[arg-type]
        await BehaviourConsumer.broadcast_event(_notify("after"))
        assert await frames(communicator) == [_notification("after")]


# --------------------------------------------------------------------------- completion frames


async def test_complete_after_each_client_frame(connect: Connect) -> None:
    communicator = await connect(COMPLETION, CompletionConsumer)
    await send_raw(communicator, {"action": "ping"})
    assert await frames(communicator) == [{"action": "pong", "payload": None}, COMPLETE]
    await send_raw(communicator, {"action": "silent"})
    assert await frames(communicator) == [COMPLETE]
    await send_raw(communicator, "not json")
    error, complete = await frames(communicator)
    assert error["action"] == "error"
    assert complete == COMPLETE
    await communicator.send_to(bytes_data=b"\x00")
    assert [f["action"] for f in await frames(communicator)] == ["error", "complete"]


async def test_group_complete_after_each_relayed_group_message(connect: Connect) -> None:
    sender = await connect(COMPLETION, CompletionConsumer)
    receiver = await connect(COMPLETION, CompletionConsumer)
    await _shout(sender, "hi")
    sender_frames = await frames(sender)
    assert sorted(map(json.dumps, sender_frames)) == sorted(
        map(json.dumps, [COMPLETE, _shouted("hi"), GROUP_COMPLETE])
    )
    assert sender_frames.index(_shouted("hi")) < sender_frames.index(GROUP_COMPLETE)
    assert await frames(receiver) == [_shouted("hi"), GROUP_COMPLETE]


async def test_no_group_complete_for_an_excluded_sender(connect: Connect) -> None:
    sender = await connect(COMPLETION, CompletionConsumer)
    await _shout(sender, "quiet", exclude_current=True)
    assert await frames(sender) == [COMPLETE]


async def test_event_complete_after_each_channel_event(connect: Connect) -> None:
    communicator = await connect(COMPLETION, CompletionConsumer)
    await CompletionConsumer.broadcast_event(_notify("n"))
    assert await frames(communicator) == [_notification("n"), EVENT_COMPLETE]
    announcement = AnnouncementEvent(payload=NotifyPayload(text="a"))
    await CompletionConsumer.broadcast_event(announcement)  # type: ignore[arg-type]
    assert await frames(communicator) == [dump(announcement), EVENT_COMPLETE]
    with capture_logs():
        await CompletionConsumer.broadcast_event(BrokenEvent())  # type: ignore[arg-type]
        assert await frames(communicator) == [EVENT_COMPLETE]


async def test_receive_all_messages_stops_at_complete(connect: Connect) -> None:
    communicator = await connect(COMPLETION, CompletionConsumer)
    await communicator.send_message(EchoMessage(payload=TextPayload(message="m")))
    messages = await communicator.receive_all_messages()
    assert messages == [EchoReply(payload=TextPayload(message="m"))]
    await CompletionConsumer.broadcast_event(_notify("e"))
    events = await communicator.receive_all_messages(stop_action="event_complete")
    assert [dump(m) for m in events] == [_notification("e")]


# --------------------------------------------------------------------------- camelize


async def test_camelize_both_directions(connect: Connect) -> None:
    communicator = await connect("/ws/camel/", CamelConsumer)
    await send_raw(communicator, {"action": "camel_case", "payload": {"firstName": "Ada"}})
    assert await frames(communicator) == [
        {"action": "camel_reply", "payload": {"firstName": "Ada", "lastNameLength": 3}},
        COMPLETE,
    ]


async def test_camelize_with_the_communicator_helpers(connect: Connect) -> None:
    communicator = await connect("/ws/camel/", CamelConsumer)
    await communicator.send_message(CamelMessage(payload=CamelPayload(first_name="Grace")))
    messages = await communicator.receive_all_messages()
    assert messages == [CamelReply(payload=CamelPayload(first_name="Grace", last_name_length=5))]


async def test_camelize_keeps_ref_and_error_shapes(connect: Connect) -> None:
    communicator = await connect("/ws/camel/", CamelConsumer)
    await send_raw(
        communicator, {"action": "camel_case", "payload": {"firstName": "Al"}, "ref": "c-1"}
    )
    reply, complete = await frames(communicator)
    assert reply == {
        "action": "camel_reply",
        "payload": {"firstName": "Al", "lastNameLength": 2},
        "ref": "c-1",
        "version": 1,
    }
    assert complete == {**COMPLETE, "ref": "c-1", "version": 1}
    await send_raw(communicator, {"action": "camel_case", "payload": {}})
    error, _ = await frames(communicator)
    assert error["action"] == "error"
    assert error["payload"][0]["type"] == "missing"


async def test_camelize_applies_to_group_messages(connect: Connect) -> None:
    communicator = await connect("/ws/camel/", CamelConsumer)
    body = {"action": "camel_reply", "payload": {"first_name": "Ada", "last_name_length": 3}}
    await group_send(
        "lobby",
        {
            "type": "handle_group_message",
            "message": body,
            "exclude_current": False,
            "from_channel": "",
        },
    )
    assert await frames(communicator) == [
        {"action": "camel_reply", "payload": {"firstName": "Ada", "lastNameLength": 3}},
        GROUP_COMPLETE,
    ]


async def test_camel_and_plain_consumers_share_a_group(connect: Connect) -> None:
    camel = await connect("/ws/camel/", CamelConsumer)
    plain = await connect(BEHAVIOUR, BehaviourConsumer)
    body = {"action": "camel_reply", "payload": {"first_name": "Ada", "last_name_length": 3}}
    await group_send(
        "lobby",
        {
            "type": "handle_group_message",
            "message": body,
            "exclude_current": False,
            "from_channel": "",
        },
    )
    assert await frames(plain) == [body]
    assert (await frames(camel))[0]["payload"] == {"firstName": "Ada", "lastNameLength": 3}


# --------------------------------------------------------------------------- url params


@pytest.mark.parametrize(
    ("ws_path", "expected"),
    [(BEHAVIOUR, {}), ("/ws/behaviour/kitchen/", {"room": "kitchen"})],
    ids=["no-params", "room"],
)
async def test_url_params(connect: Connect, ws_path: str, expected: dict[str, str]) -> None:
    communicator = await connect(ws_path, BehaviourConsumer)
    await send_raw(communicator, {"action": "whoami"})
    reply = await communicator.receive_json()
    assert reply["payload"]["url_params"] == expected


# --------------------------------------------------------------------------- settings


async def _completes(connect: Connect, ws_path: str, consumer: type[Any]) -> bool:
    communicator = await connect(ws_path, consumer)
    await send_raw(communicator, {"action": "ping"})
    received = await frames(communicator)
    await communicator.disconnect()
    assert received[0] == {"action": "pong", "payload": None}
    return COMPLETE in received


async def test_default_sends_no_completion(connect: Connect) -> None:
    assert await _completes(connect, BEHAVIOUR, BehaviourConsumer) is False


async def test_override_chanx_settings_reaches_consumers_without_class_attr(
    connect: Connect,
) -> None:
    with override_chanx_settings(SEND_COMPLETION=True):
        assert await _completes(connect, BEHAVIOUR, BehaviourConsumer) is True
        assert await _completes(connect, "/ws/no-completion/", NoCompletionConsumer) is False
    assert await _completes(connect, BEHAVIOUR, BehaviourConsumer) is False


async def test_override_settings_chanx_dict_takes_effect(connect: Connect) -> None:
    with override_settings(CHANX={"SEND_COMPLETION": True}):
        assert await _completes(connect, BEHAVIOUR, BehaviourConsumer) is True
        assert await _completes(connect, "/ws/no-completion/", NoCompletionConsumer) is False


def test_override_chanx_settings_as_decorator() -> None:
    @override_chanx_settings(send_completion=True)
    def resolved_inside() -> bool:
        return bool(BehaviourConsumer.send_completion)

    assert resolved_inside() is True
    assert BehaviourConsumer.send_completion is False


async def test_camelize_setting_applies_to_plain_consumer(connect: Connect) -> None:
    with override_chanx_settings(CAMELIZE=True):
        communicator = await connect(BEHAVIOUR, BehaviourConsumer)
        await send_raw(communicator, {"action": "camel_case", "payload": {"firstName": "Ada"}})
        assert await communicator.receive_json() == {
            "action": "camel_reply",
            "payload": {"firstName": "Ada", "lastNameLength": 3},
        }


async def test_settings_are_fixed_per_connection(connect: Connect) -> None:
    with override_chanx_settings(SEND_COMPLETION=True):
        communicator = await connect(BEHAVIOUR, BehaviourConsumer)
    await send_raw(communicator, {"action": "ping"})
    assert await frames(communicator) == [{"action": "pong", "payload": None}, COMPLETE]


# --------------------------------------------------------------------------- logging


async def test_message_logging_is_off_by_default(connect: Connect) -> None:
    with capture_logs() as logs:
        communicator = await connect(BEHAVIOUR, BehaviourConsumer)
        await echo_round_trip(communicator)
        await communicator.disconnect()
    events = [entry["event"] for entry in logs]
    assert "chanx.message.received" not in events
    assert "chanx.message.sent" not in events


async def test_log_websocket_message_class_attribute(connect: Connect) -> None:
    with capture_logs() as logs:
        communicator = await connect("/ws/logging/", LoggingConsumer)
        await echo_round_trip(communicator)
        await send_raw(communicator, {"action": "ping"})  # in log_ignored_actions
        assert (await communicator.receive_json())["action"] == "pong"
        await communicator.disconnect()
    received = [entry for entry in logs if entry["event"] == "chanx.message.received"]
    assert [entry["action"] for entry in received] == ["echo"]
    events = [entry["event"] for entry in logs]
    assert "chanx.connection.opened" in events
    assert "chanx.connection.closed" in events
    assert events.count("chanx.message.sent") == 2


async def test_log_websocket_message_setting(connect: Connect) -> None:
    with override_chanx_settings(LOG_WEBSOCKET_MESSAGE=True), capture_logs() as logs:
        communicator = await connect(BEHAVIOUR, BehaviourConsumer)
        await echo_round_trip(communicator)
    received = [entry for entry in logs if entry["event"] == "chanx.message.received"]
    assert [entry["action"] for entry in received] == ["echo"]


# --------------------------------------------------------------------------- hooks


class Poke(BaseMessage):
    action: Literal["poke"] = "poke"
    payload: int


class Poked(BaseMessage):
    action: Literal["poked"] = "poked"
    payload: int


class Bye(BaseMessage):
    action: Literal["bye"] = "bye"
    payload: None = None


class Hello(BaseMessage):
    action: Literal["hello"] = "hello"
    payload: str


class HookedConsumer(AsyncJsonWebsocketConsumer):
    """Overrides every hook to make their calls observable."""

    emits = [Hello]
    groups = ["hooks"]

    async def post_authentication(self) -> None:
        await self.send_message(Hello(payload="welcome"))

    async def handle_result(self, result: Any) -> None:
        if isinstance(result, Poked):
            result = Poked(payload=result.payload * 10)
        await super().handle_result(result)

    async def handle_validation_error(self, error: Any) -> None:
        await self.send_message(
            ErrorMessage(payload={"custom": "validation", "count": error.error_count()})
        )

    async def handle_message_handler_error(
        self, error: Exception, action: str, message: BaseMessage
    ) -> None:
        await self.send_message(
            ErrorMessage(
                payload={"custom": "handler", "action": action, "kind": type(error).__name__}
            )
        )

    async def handle_event_handler_error(
        self, error: Exception, action: str, event: BaseMessage
    ) -> None:
        await self.send_message(ErrorMessage(payload={"custom": "event", "action": action}))

    @ws_handler
    async def poke(self, message: Poke) -> Poked:
        if message.payload < 0:
            raise ValueError("negative")
        return Poked(payload=message.payload)

    @ws_handler
    async def bye(self, message: Bye) -> None:
        await self.send_json({"action": "bye", "payload": None}, close=True)

    @event_handler
    async def explode(self, event: Poke) -> None:
        raise RuntimeError("event failed")


HOOKS_APP = URLRouter([path("ws/hooks/", HookedConsumer.as_asgi())])


async def test_hooks_can_be_overridden(connect: Connect) -> None:
    communicator = await connect("/ws/hooks/", HookedConsumer, app=HOOKS_APP)
    assert await communicator.receive_json() == {"action": "hello", "payload": "welcome"}

    await send_raw(communicator, {"action": "poke", "payload": 4})
    assert await communicator.receive_json() == {"action": "poked", "payload": 40}

    await send_raw(communicator, {"action": "poke", "payload": "x"})
    assert await communicator.receive_json() == {
        "action": "error",
        "payload": {"custom": "validation", "count": 1},
    }

    with capture_logs():
        await send_raw(communicator, {"action": "poke", "payload": -1})
        assert await communicator.receive_json() == {
            "action": "error",
            "payload": {"custom": "handler", "action": "poke", "kind": "ValueError"},
        }
    await echo_free_round_trip(communicator)


async def test_event_handler_error_hook_may_notify_the_client(connect: Connect) -> None:
    communicator = await connect("/ws/hooks/", HookedConsumer, app=HOOKS_APP)
    assert (await communicator.receive_json())["action"] == "hello"
    with capture_logs() as logs:
        await HookedConsumer.broadcast_event(Poke(payload=1))
        assert await frames(communicator) == [
            {"action": "error", "payload": {"custom": "event", "action": "poke"}}
        ]
    assert "chanx.event.failed" in [entry["event"] for entry in logs]


async def echo_free_round_trip(communicator: Any) -> None:
    """``HookedConsumer`` has no echo handler: a poke round trip proves it still works."""
    await send_raw(communicator, {"action": "poke", "payload": 1})
    assert await communicator.receive_json() == {"action": "poked", "payload": 10}


async def test_send_json_with_close(connect: Connect) -> None:
    communicator = await connect("/ws/hooks/", HookedConsumer, app=HOOKS_APP)
    assert (await communicator.receive_json())["action"] == "hello"
    await send_raw(communicator, {"action": "bye"})
    assert await communicator.receive_json() == {"action": "bye", "payload": None}
    await communicator.assert_closed()
