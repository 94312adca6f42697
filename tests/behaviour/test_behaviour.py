"""The behaviour suite: every test runs on Django Channels and on FastAPI/fast-channels.

Tests talk to consumers only through the wire (and the harness' layer access), so a
difference between the integrations shows up as the same test failing on one param.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from typing import Any

import pytest
from structlog.testing import capture_logs

from tests.behaviour.conftest import Connect
from tests.behaviour.consumers import FINISHED_SLEEPS, SECRET_IN_EXCEPTION
from tests.behaviour.harness import Integration, assert_silent, frames, send_raw, wait_until
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
    TextPayload,
)

BEHAVIOUR = "/ws/behaviour/"
COMPLETION = "/ws/completion/"
COMPLETE = {"action": "complete", "payload": None}
GROUP_COMPLETE = {"action": "group_complete", "payload": None}
EVENT_COMPLETE = {"action": "event_complete", "payload": None}
HANDLER_ERROR = {"detail": "Failed to process message for fail", "code": "handler_error"}


def _echo(text: str) -> dict[str, Any]:
    return {"action": "echo", "payload": {"message": text}}


def _echo_reply(text: str) -> dict[str, Any]:
    return {"action": "echo_reply", "payload": {"message": text}}


def _notify(text: str) -> NotifyEvent:
    return NotifyEvent(payload=NotifyPayload(text=text))


def _notification(text: str) -> dict[str, Any]:
    return {"action": "notification", "payload": {"text": text}}


def _shouted(text: str) -> dict[str, Any]:
    return {"action": "shouted", "payload": {"message": text}}


def _error_payload(frame: dict[str, Any]) -> Any:
    assert frame["action"] == "error", frame
    return frame["payload"]


async def _still_works(communicator: Any, text: str = "still here") -> None:
    await send_raw(communicator, _echo(text))
    assert await communicator.receive_json() == _echo_reply(text)


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


def _tags(prefix: str, count: int) -> list[str]:
    unique = uuid.uuid4().hex[:8]
    return [f"{prefix}-{index}-{unique}" for index in range(count)]


# --------------------------------------------------------------------------- echo and ref


async def test_echo(connect: Connect) -> None:
    communicator = await connect(BEHAVIOUR, "behaviour")
    await send_raw(communicator, _echo("hi"))
    assert await frames(communicator) == [_echo_reply("hi")]


async def test_ref_and_version_are_echoed(connect: Connect) -> None:
    communicator = await connect(BEHAVIOUR, "behaviour")
    await send_raw(communicator, {**_echo("hi"), "ref": "r1"})
    assert await frames(communicator) == [{**_echo_reply("hi"), "ref": "r1", "version": 1}]


async def test_ref_is_echoed_on_errors_and_completion(connect: Connect) -> None:
    communicator = await connect(COMPLETION, "completion")
    await send_raw(communicator, {"action": "nope", "ref": "u1"})
    error, complete = await frames(communicator)
    assert (error["action"], error["ref"], error["version"]) == ("error", "u1", 1)
    assert error["payload"][0]["type"] == "union_tag_invalid"
    assert complete == {**COMPLETE, "ref": "u1", "version": 1}


async def test_communicator_send_message_with_ref(connect: Connect) -> None:
    communicator = await connect(BEHAVIOUR, "behaviour")
    await communicator.send_message(EchoMessage(payload=TextPayload(message="h")), ref="abc")
    assert await communicator.receive_json() == {**_echo_reply("h"), "ref": "abc", "version": 1}


# --------------------------------------------------------------------------- error frames


async def test_invalid_payload_exact_error(connect: Connect) -> None:
    communicator = await connect(BEHAVIOUR, "behaviour")
    await send_raw(communicator, {"action": "echo", "payload": {}})
    assert await frames(communicator) == [
        {
            "action": "error",
            "payload": [
                {"type": "missing", "loc": ["echo", "payload", "message"], "msg": "Field required"}
            ],
        }
    ]
    await _still_works(communicator)


async def test_unknown_action_is_union_tag_invalid(connect: Connect) -> None:
    communicator = await connect(BEHAVIOUR, "behaviour")
    await send_raw(communicator, {"action": "does_not_exist", "payload": {}})
    (error,) = _error_payload(await communicator.receive_json())
    assert (error["type"], error["loc"]) == ("union_tag_invalid", [])
    assert "does_not_exist" in error["msg"]
    assert set(error) == {"type", "loc", "msg"}
    await _still_works(communicator)


@pytest.mark.parametrize(
    "text",
    ["not json at all", "[1, 2, 3]", "null", '{"action": "echo"'],
    ids=["garbage", "array", "null", "truncated"],
)
async def test_malformed_json_is_json_invalid(connect: Connect, text: str) -> None:
    communicator = await connect(BEHAVIOUR, "behaviour")
    await send_raw(communicator, text)
    (error,) = _error_payload(await communicator.receive_json())
    assert (error["type"], error["loc"]) == ("json_invalid", [])
    assert error["msg"]
    await _still_works(communicator)


async def test_binary_frame_is_json_invalid(connect: Connect) -> None:
    communicator = await connect(BEHAVIOUR, "behaviour")
    await communicator.send_to(bytes_data=json.dumps(_echo("bytes")).encode())
    (error,) = _error_payload(await communicator.receive_json())
    assert (error["type"], error["loc"]) == ("json_invalid", [])
    await _still_works(communicator)


async def test_handler_exception_sends_generic_error(connect: Connect) -> None:
    communicator = await connect(BEHAVIOUR, "behaviour")
    with capture_logs() as logs:
        await send_raw(communicator, {"action": "fail"})
        received = await frames(communicator)
    assert received == [{"action": "error", "payload": HANDLER_ERROR}]
    assert SECRET_IN_EXCEPTION not in json.dumps(received)
    failed = [entry for entry in logs if entry["event"] == "chanx.handler.failed"]
    assert [entry["action"] for entry in failed] == ["fail"]
    await _still_works(communicator)


async def test_ws_error_becomes_detail_and_code(connect: Connect) -> None:
    communicator = await connect(BEHAVIOUR, "behaviour")
    await send_raw(communicator, {"action": "domain_error"})
    assert await frames(communicator) == [
        {
            "action": "error",
            "payload": {"detail": "That room does not exist", "code": "room_not_found"},
        }
    ]
    await _still_works(communicator)


async def test_oversized_frame_errors_then_closes_1009(connect: Connect) -> None:
    communicator = await connect("/ws/small/", "small")
    await send_raw(communicator, _echo("fits"))
    assert await communicator.receive_json() == _echo_reply("fits")
    await send_raw(communicator, _echo("x" * 100))
    payload = _error_payload(await communicator.receive_json())
    assert payload["code"] == "message_too_large"
    assert set(payload) == {"detail", "code"}
    await communicator.assert_closed(1009)
    await send_raw(communicator, _echo("after close"))
    await assert_silent(communicator)


# --------------------------------------------------------------------------- completion frames


async def test_complete_after_reply_and_after_error(connect: Connect) -> None:
    communicator = await connect(COMPLETION, "completion")
    await send_raw(communicator, _echo("a"))
    assert await frames(communicator) == [_echo_reply("a"), COMPLETE]
    await send_raw(communicator, {"action": "fail", "ref": "f1"})
    received = await frames(communicator)
    assert received == [
        {"action": "error", "payload": HANDLER_ERROR, "ref": "f1", "version": 1},
        {**COMPLETE, "ref": "f1", "version": 1},
    ]
    assert SECRET_IN_EXCEPTION not in json.dumps(received)


async def test_group_complete_after_relayed_group_message(connect: Connect) -> None:
    communicator = await connect(COMPLETION, "completion")
    await _shout(communicator, "hey")
    received = await frames(communicator)
    assert _shouted("hey") in received
    assert received.index(_shouted("hey")) < received.index(GROUP_COMPLETE)
    assert sorted(map(json.dumps, received)) == sorted(
        map(json.dumps, [_shouted("hey"), GROUP_COMPLETE, COMPLETE])
    )


async def test_event_complete_after_channel_event(
    connect: Connect, integration: Integration
) -> None:
    communicator = await connect(COMPLETION, "completion")
    await integration.consumer("completion").broadcast_event(_notify("evt"))
    assert await frames(communicator) == [_notification("evt"), EVENT_COMPLETE]


async def test_receive_all_messages_stops_at_complete(connect: Connect) -> None:
    communicator = await connect(COMPLETION, "completion")
    await send_raw(communicator, {"action": "two_replies"})
    messages = await communicator.receive_all_messages()
    assert messages == [
        EchoReply(payload=TextPayload(message="one")),
        EchoReply(payload=TextPayload(message="two")),
    ]


# --------------------------------------------------------------------------- camelize


async def test_camelize_both_ways(connect: Connect) -> None:
    communicator = await connect("/ws/camel/", "camel")
    await send_raw(communicator, {"action": "camel_case", "payload": {"firstName": "Ada"}})
    assert await frames(communicator) == [
        {"action": "camel_reply", "payload": {"firstName": "Ada", "lastNameLength": 3}},
        COMPLETE,
    ]


async def test_camelize_with_the_communicator_helpers(connect: Connect) -> None:
    communicator = await connect("/ws/camel/", "camel")
    await communicator.send_message(CamelMessage(payload=CamelPayload(first_name="Grace")))
    assert await communicator.receive_all_messages() == [
        CamelReply(payload=CamelPayload(first_name="Grace", last_name_length=5))
    ]


async def test_camelized_error_locations_use_client_names(connect: Connect) -> None:
    communicator = await connect("/ws/camel/", "camel")
    await send_raw(communicator, {"action": "camel_case", "payload": {}})
    error, complete = await frames(communicator)
    assert _error_payload(error) == [
        {"type": "missing", "loc": ["camel_case", "payload", "firstName"], "msg": "Field required"}
    ]
    assert complete == COMPLETE


# --------------------------------------------------------------------------- groups


async def test_class_groups_joined_on_connect_and_left_on_disconnect(
    connect: Connect, integration: Integration
) -> None:
    communicator = await connect(BEHAVIOUR, "behaviour")
    name = await _channel_name(communicator)
    await _join(communicator, "runtime-group")
    assert name in integration.members("lobby")
    assert name in integration.members("runtime-group")
    await communicator.disconnect()
    assert name not in integration.members("lobby")
    assert name not in integration.members("runtime-group")


async def test_join_leave_and_broadcast_to_a_group(connect: Connect) -> None:
    listener = await connect(BEHAVIOUR, "behaviour")
    speaker = await connect(BEHAVIOUR, "behaviour")

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
    first = await connect(BEHAVIOUR, "behaviour")
    second = await connect(BEHAVIOUR, "behaviour")
    await _shout(first, "hello lobby")
    assert await frames(first) == [_shouted("hello lobby")]
    assert await frames(second) == [_shouted("hello lobby")]


async def test_broadcast_message_exclude_current(connect: Connect) -> None:
    sender = await connect(BEHAVIOUR, "behaviour")
    other = await connect(BEHAVIOUR, "behaviour")
    await _shout(sender, "not for me", exclude_current=True)
    assert await frames(other) == [_shouted("not for me")]
    await assert_silent(sender)


async def test_invalid_group_name_is_a_handler_error(connect: Connect) -> None:
    """Both layers reject names outside ``[A-Za-z0-9-_.]`` (< 100 chars) with TypeError."""
    communicator = await connect(BEHAVIOUR, "behaviour")
    with capture_logs():
        await send_raw(communicator, {"action": "join", "payload": {"group": "no spaces!"}})
        assert await frames(communicator) == [
            {
                "action": "error",
                "payload": {
                    "detail": "Failed to process message for join",
                    "code": "handler_error",
                },
            }
        ]
    await _still_works(communicator)


async def test_group_message_layer_shape_is_relayed(
    connect: Connect, integration: Integration
) -> None:
    """CONTRACT §6: ``handle_group_message`` with message/exclude_current/from_channel."""
    communicator = await connect(BEHAVIOUR, "behaviour")
    name = await _channel_name(communicator)
    body = {"action": "anything", "payload": {"k": [1, 2]}}
    message = {"type": "handle_group_message", "message": body, "from_channel": "x"}
    await integration.layer.group_send("lobby", {**message, "exclude_current": False})
    assert await frames(communicator) == [body]
    await integration.layer.group_send(
        "lobby", {**message, "exclude_current": True, "from_channel": name}
    )
    await assert_silent(communicator)


# --------------------------------------------------------------------------- events


async def test_broadcast_event_defaults_to_class_groups(
    connect: Connect, integration: Integration
) -> None:
    first = await connect(BEHAVIOUR, "behaviour")
    second = await connect(BEHAVIOUR, "behaviour")
    await integration.consumer("behaviour").broadcast_event(_notify("everyone"))
    assert await frames(first) == [_notification("everyone")]
    assert await frames(second) == [_notification("everyone")]


async def test_broadcast_event_to_a_group(connect: Connect, integration: Integration) -> None:
    member = await connect(BEHAVIOUR, "behaviour")
    outsider = await connect(BEHAVIOUR, "behaviour")
    await _join(member, "team-blue")
    await integration.consumer("behaviour").broadcast_event(_notify("blue"), "team-blue")
    assert await frames(member) == [_notification("blue")]
    await assert_silent(outsider)


async def test_send_event_reaches_only_that_channel(
    connect: Connect, integration: Integration
) -> None:
    target = await connect(BEHAVIOUR, "behaviour")
    other = await connect(BEHAVIOUR, "behaviour")
    name = await _channel_name(target)
    await integration.consumer("behaviour").send_event(_notify("just you"), name)
    assert await frames(target) == [_notification("just you")]
    await assert_silent(other)


async def test_send_event_puts_contract_shape_on_the_layer(integration: Integration) -> None:
    layer: Any = integration.layer
    spy = await layer.new_channel()
    await integration.consumer("behaviour").send_event(_notify("shape"), spy)
    async with asyncio.timeout(2):
        message = await layer.receive(spy)
    assert message == {
        "type": "handle_channel_event",
        "event_data": {"action": "notify", "payload": {"text": "shape"}},
    }


async def test_broadcast_event_sync_from_a_worker_thread(
    connect: Connect, integration: Integration
) -> None:
    member = await connect(BEHAVIOUR, "behaviour")
    outsider = await connect(BEHAVIOUR, "behaviour")
    consumer = integration.consumer("behaviour")
    await asyncio.to_thread(consumer.broadcast_event_sync, _notify("lobby"))
    assert await frames(member) == [_notification("lobby")]
    assert await frames(outsider) == [_notification("lobby")]
    await _join(member, "threaded")
    await asyncio.to_thread(consumer.broadcast_event_sync, _notify("t"), "threaded")
    assert await frames(member) == [_notification("t")]
    await assert_silent(outsider)


async def test_send_event_sync_from_a_worker_thread(
    connect: Connect, integration: Integration
) -> None:
    target = await connect(BEHAVIOUR, "behaviour")
    other = await connect(BEHAVIOUR, "behaviour")
    name = await _channel_name(target)
    consumer = integration.consumer("behaviour")
    await asyncio.to_thread(consumer.send_event_sync, _notify("direct"), name)
    assert await frames(target) == [_notification("direct")]
    await assert_silent(other)


async def test_sync_variant_refuses_to_block_a_running_loop(integration: Integration) -> None:
    with pytest.raises(RuntimeError):
        integration.consumer("behaviour").broadcast_event_sync(_notify("would deadlock"))


async def test_passthrough_event_is_forwarded_unchanged(
    connect: Connect, integration: Integration
) -> None:
    communicator = await connect(BEHAVIOUR, "behaviour")
    announcement = AnnouncementEvent(payload=NotifyPayload(text="news"))
    await integration.consumer("behaviour").broadcast_event(announcement)
    assert await frames(communicator) == [announcement.model_dump(mode="json")]


async def test_event_handler_error_is_logged_not_sent(
    connect: Connect, integration: Integration
) -> None:
    communicator = await connect(BEHAVIOUR, "behaviour")
    consumer = integration.consumer("behaviour")
    with capture_logs() as logs:
        await consumer.broadcast_event(BrokenEvent())
        await assert_silent(communicator)
        await consumer.broadcast_event(_notify("after"))
        assert await frames(communicator) == [_notification("after")]
    assert [e["action"] for e in logs if e["event"] == "chanx.event.failed"] == ["broken"]


async def test_invalid_event_is_dropped_and_logged(
    connect: Connect, integration: Integration
) -> None:
    communicator = await connect(BEHAVIOUR, "behaviour")
    with capture_logs() as logs:
        await integration.layer.group_send(
            "lobby", {"type": "handle_channel_event", "event_data": {"action": "notify"}}
        )
        await assert_silent(communicator)
    assert "chanx.event.invalid" in [entry["event"] for entry in logs]
    await _still_works(communicator)


# --------------------------------------------------------------------------- url params


@pytest.mark.parametrize(
    ("path", "params"),
    [("/ws/behaviour/", {}), ("/ws/behaviour/blue/", {"room": "blue"})],
    ids=["none", "room"],
)
async def test_url_params(connect: Connect, path: str, params: dict[str, str]) -> None:
    communicator = await connect(path, "behaviour")
    await send_raw(communicator, {"action": "whoami"})
    reply = await communicator.receive_json()
    assert reply["payload"]["url_params"] == params


# --------------------------------------------------------------------------- concurrency

SECONDS = [0.3, 0.0, 0.1]


async def test_ordered_consumer_replies_in_request_order(connect: Connect) -> None:
    communicator = await connect("/ws/ordered/", "ordered")
    tags = _tags("ordered", len(SECONDS))
    for seconds, tag in zip(SECONDS, tags, strict=True):
        await send_raw(
            communicator, {"action": "sleep", "payload": {"seconds": seconds, "tag": tag}}
        )
    received = [await communicator.receive_json(timeout=2) for _ in tags]
    assert [f["payload"]["tag"] for f in received] == tags


async def test_concurrent_consumer_lets_short_handlers_finish_first(
    connect: Connect, integration: Integration
) -> None:
    assert integration.consumer("behaviour").max_concurrent_handlers == 16
    communicator = await connect(BEHAVIOUR, "behaviour")
    tags = _tags("parallel", len(SECONDS))
    for seconds, tag in zip(SECONDS, tags, strict=True):
        await send_raw(
            communicator, {"action": "sleep", "payload": {"seconds": seconds, "tag": tag}}
        )
    received = [await communicator.receive_json(timeout=2) for _ in tags]
    by_duration = [tag for _, tag in sorted(zip(SECONDS, tags, strict=True))]
    assert [f["payload"]["tag"] for f in received] == by_duration


def _handler_tasks() -> set[asyncio.Task[Any]]:
    return {
        task
        for task in asyncio.all_tasks()
        if not task.done() and "HandlerSlots" in repr(task.get_coro())
    }


@pytest.mark.parametrize(("path", "key"), [(BEHAVIOUR, "behaviour"), ("/ws/ordered/", "ordered")])
async def test_disconnect_cancels_slow_handlers(
    connect: Connect, caplog: pytest.LogCaptureFixture, path: str, key: str
) -> None:
    caplog.set_level(logging.ERROR, logger="asyncio")
    communicator = await connect(path, key)
    slow, queued = _tags("cancel", 2)
    await send_raw(communicator, {"action": "sleep", "payload": {"seconds": 5, "tag": slow}})
    await send_raw(communicator, {"action": "sleep", "payload": {"seconds": 0.2, "tag": queued}})
    await wait_until(lambda: len(_handler_tasks()) >= 1)

    await communicator.disconnect()

    assert _handler_tasks() == set()
    await asyncio.sleep(0.3)  # longer than the short sleep: it must not finish either
    assert slow not in FINISHED_SLEEPS
    if key == "ordered":
        assert queued not in FINISHED_SLEEPS  # queued behind the slow one, dropped
    assert communicator.future.done()
    assert communicator.future.exception() is None
    leftovers = [
        task
        for task in asyncio.all_tasks()
        if task is not asyncio.current_task() and not task.done()
    ]
    assert leftovers == []
    assert "Task was destroyed" not in caplog.text
    assert "exception was never retrieved" not in caplog.text
