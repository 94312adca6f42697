"""Topics (CONTRACT §10) on every integration: subscribe, route, broadcast, refuse, leave."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chanx.core.testing import capture_topic_broadcasts
from chanx.messages.outgoing import ErrorMessage
from chanx.messages.topic import SubscribedMessage, UnsubscribedMessage
from tests.behaviour.conftest import Connect
from tests.behaviour.harness import Integration, assert_silent, frames, send_raw
from tests.behaviour.topics import (
    SUBSCRIBED,
    UNSUBSCRIBED,
    RoomNotice,
    RoomPosted,
    RoomPostEvent,
    RoomState,
    RoomTopic,
    SaidInRoom,
    SaidInThread,
    SayMessage,
    SayPayload,
    TextPayload,
    ThreadTopic,
)

TOPICS = "/ws/topics/"


@pytest.fixture(autouse=True)
def _clear_hook_records() -> None:
    SUBSCRIBED.clear()
    UNSUBSCRIBED.clear()


def say(text: str) -> SayMessage:
    return SayMessage(payload=SayPayload(text=text))


async def subscribed(communicator: Any, topic: str) -> None:
    """Subscribe and consume the ``room_state`` frame rooms push from ``on_subscribe``."""
    reply = await communicator.subscribe(topic)
    assert isinstance(reply, SubscribedMessage), reply
    if RoomTopic.match(topic) is not None:
        state = await communicator.receive_topic_message(RoomTopic, topic=topic)
        assert isinstance(state, RoomState)


async def test_subscribe_replies_with_topic_and_ref_then_pushes_state_without_ref(
    connect: Connect,
) -> None:
    communicator = await connect(TOPICS, "topics")
    await send_raw(communicator, {"action": "subscribe", "topic": "room:lobby", "ref": "s1"})
    reply, state = await frames(communicator)
    assert reply == {
        "action": "subscribed",
        "payload": None,
        "topic": "room:lobby",
        "ref": "s1",
        "version": 1,
    }
    assert state["action"] == "room_state"
    assert state["topic"] == "room:lobby"
    assert "ref" not in state
    assert state["payload"]["room_name"] == "lobby"
    assert SUBSCRIBED == ["room:lobby"]


async def test_several_topics_on_one_connection_route_the_same_action_per_topic(
    connect: Connect,
) -> None:
    communicator = await connect(TOPICS, "topics")
    await subscribed(communicator, "room:lobby")
    await subscribed(communicator, "room:garden")
    await subscribed(communicator, "thread:42")

    await communicator.send_message(say("hi"), topic="room:garden", ref="r1")
    frame = await communicator.receive_topic_frame(RoomTopic)
    assert (frame.topic, frame.ref) == ("room:garden", "r1")
    assert frame.message == SaidInRoom(payload=TextPayload(text="garden: hi"))

    await communicator.send_message(say("yo"), topic="thread:42", ref="r2")
    frame = await communicator.receive_topic_frame(ThreadTopic)
    assert (frame.topic, frame.ref) == ("thread:42", "r2")
    assert frame.message == SaidInThread(payload=TextPayload(text="#42: yo"))
    await assert_silent(communicator)


async def test_consumer_handlers_still_answer_frames_without_topic(connect: Connect) -> None:
    communicator = await connect(TOPICS, "topics")
    await send_raw(communicator, {"action": "ping", "ref": "p"})
    assert await frames(communicator) == [
        {"ref": "p", "version": 1, "action": "pong", "payload": None}
    ]
    # Without a topic (and no default topic) a topic action is the consumer's: unknown.
    await send_raw(communicator, {"action": "say", "payload": {"text": "x"}})
    [error] = await frames(communicator)
    assert error["action"] == "error"
    assert error["payload"][0]["type"] == "union_tag_invalid"


async def test_broadcast_reaches_only_the_subscribers_of_that_topic(
    integration: Integration, connect: Connect
) -> None:
    lobby = await connect(TOPICS, "topics")
    garden = await connect(TOPICS, "topics")
    both = await connect(TOPICS, "topics")
    await subscribed(lobby, "room:lobby")
    await subscribed(garden, "room:garden")
    await subscribed(both, "room:lobby")
    await subscribed(both, "room:garden")

    await RoomTopic.broadcast("room:lobby", RoomPostEvent(payload=TextPayload(text="hello")), seq=7)

    for communicator in (lobby, both):
        frame = await communicator.receive_topic_frame(RoomTopic, timeout=2)
        assert (frame.topic, frame.seq, frame.ref) == ("room:lobby", 7, None)
        assert frame.message == RoomPosted(payload=TextPayload(text="room:lobby: hello"))
    await assert_silent(garden)
    await assert_silent(both)


async def test_passthrough_event_and_broadcast_from_a_topic_handler(connect: Connect) -> None:
    sender = await connect(TOPICS, "topics")
    listener = await connect(TOPICS, "topics")
    await subscribed(sender, "room:lobby")
    await subscribed(listener, "room:lobby")

    await send_raw(
        sender,
        {"action": "shout", "topic": "room:lobby", "payload": {"text": "fire drill"}},
    )
    for communicator in (sender, listener):
        frame = await communicator.receive_topic_frame(RoomTopic, timeout=2)
        assert frame.message == RoomNotice(payload=TextPayload(text="fire drill"))
        assert frame.topic == "room:lobby"


async def test_unknown_unauthorized_and_not_subscribed_are_refused_with_topic_and_ref(
    integration: Integration, connect: Connect
) -> None:
    communicator = await connect(TOPICS, "topics")

    await send_raw(communicator, {"action": "subscribe", "topic": "galaxy:far", "ref": "a"})
    await send_raw(communicator, {"action": "subscribe", "topic": "room:forbidden", "ref": "b"})
    await send_raw(
        communicator, {"action": "say", "topic": "room:lobby", "ref": "c", "payload": {"text": "x"}}
    )
    await send_raw(communicator, {"action": "unsubscribe", "topic": "thread:9", "ref": "d"})
    received = await frames(communicator)
    by_ref = {frame["ref"]: frame for frame in received}
    assert set(by_ref) == {"a", "b", "c", "d"}
    expected = {
        "a": ("galaxy:far", "unknown_topic"),
        "b": ("room:forbidden", "unauthorized"),
        "c": ("room:lobby", "not_subscribed"),
        "d": ("thread:9", "not_subscribed"),
    }
    for ref, (topic, reason) in expected.items():
        frame = by_ref[ref]
        assert frame["action"] == "error"
        assert frame["topic"] == topic
        assert frame["payload"]["reason"] == reason
        assert frame["payload"]["code"] == reason
        assert frame["payload"]["detail"]
    assert SUBSCRIBED == []
    assert integration.members(RoomTopic.group_name("room:forbidden")) == set()


async def test_subscribe_without_topic_is_unknown_topic(connect: Connect) -> None:
    communicator = await connect(TOPICS, "topics")
    await send_raw(communicator, {"action": "subscribe", "ref": "x"})
    [frame] = await frames(communicator)
    assert frame["payload"]["reason"] == "unknown_topic"
    assert frame["ref"] == "x"
    assert "topic" not in frame


async def test_resubscribing_is_idempotent(integration: Integration, connect: Connect) -> None:
    communicator = await connect(TOPICS, "topics")
    await subscribed(communicator, "room:lobby")
    again = await communicator.subscribe("room:lobby", ref="again")
    assert isinstance(again, SubscribedMessage)
    await assert_silent(communicator)  # no second room_state
    assert SUBSCRIBED == ["room:lobby"]
    assert len(integration.members(RoomTopic.group_name("room:lobby"))) == 1

    await RoomTopic.broadcast("room:lobby", RoomPostEvent(payload=TextPayload(text="once")))
    await communicator.receive_topic_frame(RoomTopic, timeout=2)
    await assert_silent(communicator)


async def test_unsubscribe_runs_the_hook_leaves_the_group_and_stops_delivery(
    integration: Integration, connect: Connect
) -> None:
    communicator = await connect(TOPICS, "topics")
    await subscribed(communicator, "room:lobby")
    group = RoomTopic.group_name("room:lobby")
    assert len(integration.members(group)) == 1

    reply = await communicator.unsubscribe("room:lobby", ref="u")
    assert isinstance(reply, UnsubscribedMessage)
    assert len(UNSUBSCRIBED) == 1
    assert UNSUBSCRIBED[0][0] == "room:lobby"
    assert integration.members(group) == set()

    await RoomTopic.broadcast("room:lobby", RoomPostEvent(payload=TextPayload(text="gone")))
    await assert_silent(communicator)
    await send_raw(communicator, {"action": "say", "topic": "room:lobby", "payload": {"text": "x"}})
    [frame] = await frames(communicator)
    assert frame["payload"]["reason"] == "not_subscribed"


async def test_disconnect_runs_on_unsubscribe_and_leaves_every_topic_group(
    integration: Integration, connect: Connect
) -> None:
    communicator = await connect(TOPICS, "topics")
    topics = ["room:a", "room:b", "thread:1"]
    for topic in topics:
        await subscribed(communicator, topic)
    groups = [RoomTopic.group_name(t) for t in topics]
    assert all(len(integration.members(g)) == 1 for g in groups)

    await communicator.disconnect()

    assert sorted(topic for topic, _ in UNSUBSCRIBED) == ["room:a", "room:b"]
    assert all(integration.members(g) == set() for g in groups)


async def test_topic_payload_errors_carry_topic_and_ref(connect: Connect) -> None:
    communicator = await connect(TOPICS, "topics")
    await subscribed(communicator, "room:lobby")
    await send_raw(
        communicator, {"action": "say", "topic": "room:lobby", "ref": "bad", "payload": {}}
    )
    [frame] = await frames(communicator)
    assert frame["action"] == "error"
    assert (frame["topic"], frame["ref"]) == ("room:lobby", "bad")
    assert frame["payload"] == [
        {"type": "missing", "loc": ["say", "payload", "text"], "msg": "Field required"}
    ]
    await send_raw(communicator, {"action": "nope", "topic": "room:lobby", "ref": "n"})
    [frame] = await frames(communicator)
    assert frame["payload"][0]["type"] == "union_tag_invalid"
    assert frame["topic"] == "room:lobby"


async def test_envelope_topic_of_the_wrong_type_is_invalid(connect: Connect) -> None:
    communicator = await connect(TOPICS, "topics")
    await send_raw(communicator, {"action": "subscribe", "topic": ["room:x"], "ref": "e"})
    [frame] = await frames(communicator)
    assert frame["ref"] == "e"
    assert frame["payload"] == [
        {"type": "envelope_invalid", "loc": [], "msg": "'topic' must be a string"}
    ]
    await send_raw(communicator, "not json")
    [frame] = await frames(communicator)
    assert frame["payload"][0]["type"] == "json_invalid"


async def test_topic_action_permissions_are_checked(connect: Connect) -> None:
    communicator = await connect(TOPICS, "topics")
    await subscribed(communicator, "room:lobby")
    await send_raw(communicator, {"action": "moderate", "topic": "room:lobby", "ref": "m"})
    [frame] = await frames(communicator)
    assert frame["action"] == "error"
    assert frame["payload"]["code"] == "permission_denied"
    assert (frame["topic"], frame["ref"]) == ("room:lobby", "m")


async def test_camelize_applies_to_topic_frames_both_ways(connect: Connect) -> None:
    communicator = await connect("/ws/camel-topics/", "camel_topics")
    await send_raw(communicator, {"action": "subscribe", "topic": "room:lobby"})
    reply, state = await frames(communicator)
    assert reply["action"] == "subscribed"
    assert set(state["payload"]) == {"roomName", "subscriberChannel"}
    await send_raw(
        communicator,
        {"action": "say", "topic": "room:lobby", "payload": {"text": "hi", "loudVoice": True}},
    )
    [frame] = await frames(communicator)
    assert frame == {
        "topic": "room:lobby",
        "version": 1,
        "action": "said_in_room",
        "payload": {"text": "lobby: hi"},
    }


async def test_capture_topic_broadcasts_records_without_sending(connect: Connect) -> None:
    communicator = await connect(TOPICS, "topics")
    await subscribed(communicator, "room:lobby")
    event = RoomPostEvent(payload=TextPayload(text="quiet"))
    with capture_topic_broadcasts(RoomTopic) as captured:
        await RoomTopic.broadcast("room:lobby", event, seq=3)
        with pytest.raises(ValueError, match="does not match"):
            await RoomTopic.broadcast("thread:1", event)
    assert [(c.topic, c.event, c.seq) for c in captured] == [("room:lobby", event, 3)]
    await assert_silent(communicator)
    assert "broadcast" not in vars(RoomTopic)


async def test_standalone_topic_route_subscribes_from_the_url(
    integration: Integration, connect: Connect
) -> None:
    communicator = await connect("/ws/topic-rooms/kitchen/", "room_topic")
    # The default topic is subscribed on connect: confirmation and state arrive unasked.
    confirmation = await communicator.receive_json(timeout=2)
    assert confirmation == {
        "topic": "room:kitchen",
        "version": 1,
        "action": "subscribed",
        "payload": None,
    }
    state = await communicator.receive_json(timeout=2)
    assert state["action"] == "room_state"
    assert state["topic"] == "room:kitchen"
    assert len(integration.members(RoomTopic.group_name("room:kitchen"))) == 1

    await send_raw(communicator, {"action": "say", "payload": {"text": "hot"}, "ref": "k"})
    [frame] = await frames(communicator)
    assert frame == {
        "topic": "room:kitchen",
        "ref": "k",
        "version": 1,
        "action": "said_in_room",
        "payload": {"text": "kitchen: hot"},
    }
    await RoomTopic.broadcast("room:kitchen", RoomPostEvent(payload=TextPayload(text="dinner")))
    frame_ = await communicator.receive_topic_frame(RoomTopic, timeout=2)
    assert frame_.message == RoomPosted(payload=TextPayload(text="room:kitchen: dinner"))


async def test_standalone_topic_route_closes_when_authorize_refuses(
    integration: Integration,
) -> None:
    communicator = integration.communicator("/ws/topic-rooms/forbidden/", "room_topic")
    connected, _ = await communicator.connect()
    assert connected  # accepted, then refused by the topic
    error = await communicator.receive_json(timeout=2)
    assert error["payload"]["reason"] == "unauthorized"
    assert error["topic"] == "room:forbidden"
    await communicator.assert_closed(code=4403)


async def test_one_hundred_topics_on_one_connection_each_deliver_exactly_once(
    connect: Connect,
) -> None:
    communicator = await connect(TOPICS, "topics")
    names = [f"thread:{i}" for i in range(100)]
    for name in names:
        assert isinstance(await communicator.subscribe(name), SubscribedMessage)
    for index, name in enumerate(names):
        await ThreadTopic.broadcast(
            name, RoomNotice(payload=TextPayload(text=str(index))), seq=index
        )
    received = [await communicator.receive_topic_frame(ThreadTopic, timeout=2) for _ in names]
    assert sorted((f.topic, f.seq) for f in received) == sorted(
        (name, index) for index, name in enumerate(names)
    )
    assert all(f.message == RoomNotice(payload=TextPayload(text=str(f.seq))) for f in received)
    await assert_silent(communicator)


async def test_two_hundred_connections_on_one_topic_each_receive_every_broadcast_once(
    connect: Connect,
) -> None:
    communicators = [await connect(TOPICS, "topics") for _ in range(200)]
    for communicator in communicators:
        assert isinstance(await communicator.subscribe("thread:all"), SubscribedMessage)
    for seq in range(3):
        await ThreadTopic.broadcast(
            "thread:all", RoomNotice(payload=TextPayload(text="x")), seq=seq
        )
    for communicator in communicators:
        seqs = [
            (await communicator.receive_topic_frame(ThreadTopic, timeout=2)).seq for _ in range(3)
        ]
        assert sorted(seqs) == [0, 1, 2]
    for communicator in communicators[:5]:
        await assert_silent(communicator)


async def test_error_frames_do_not_leak_into_other_connections(connect: Connect) -> None:
    first = await connect(TOPICS, "topics")
    second = await connect(TOPICS, "topics")
    await subscribed(second, "room:lobby")
    await send_raw(first, json.dumps({"action": "subscribe", "topic": "x" * 5000}))
    [frame] = await frames(first)
    assert frame["payload"]["reason"] == "unknown_topic"
    await send_raw(second, {"action": "say", "topic": "room:lobby", "payload": {"text": "ok"}})
    [frame] = await frames(second)
    assert frame["action"] == "said_in_room"
    await assert_silent(first)


def test_error_message_model_accepts_topic_errors() -> None:
    # Topic errors are ordinary error frames: clients validate them as ErrorMessage.
    frame = {"action": "error", "payload": {"reason": "unknown_topic", "code": "unknown_topic"}}
    assert ErrorMessage.model_validate(frame).payload["reason"] == "unknown_topic"
