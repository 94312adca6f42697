"""``Topic`` metadata without a server: patterns, group names, mounting and definition errors."""

from __future__ import annotations

import re
from typing import Any, Literal

import pytest

from chanx.constants import MAX_GROUP_NAME_LENGTH
from chanx.core.decorators import ws_handler
from chanx.core.errors import HandlerDefinitionError, TopicLayerNotFound
from chanx.core.topic import Topic
from chanx.core.topic_pattern import MAX_TOPIC_LENGTH, TopicPattern
from chanx.messages.base import BaseMessage
from chanx.messages.topic import SubscribedMessage, UnsubscribedMessage

GROUP_NAME = re.compile(r"^[A-Za-z0-9_.\-]+$")


class Hello(BaseMessage):
    action: Literal["hello"] = "hello"
    payload: None = None


class HelloBack(BaseMessage):
    action: Literal["hello_back"] = "hello_back"
    payload: None = None


class LonelyTopic(Topic):
    """Mounted on no consumer."""

    pattern = "lonely:{who}"

    @ws_handler
    async def hello(self, message: Hello) -> HelloBack:
        return HelloBack()


@pytest.mark.parametrize(
    ("pattern", "topic", "params"),
    [
        ("room:{room_name}", "room:lobby", {"room_name": "lobby"}),
        ("room:{room_name}", "room:a b/é", {"room_name": "a b/é"}),
        ("room:{room_name}", "room:", None),
        ("room:{room_name}", "room:a:b", None),
        ("room:{room_name}", "rooms:lobby", None),
        ("room:{room_name}", "xroom:lobby", None),
        ("org:{org}:team:{team}", "org:1:team:ops", {"org": "1", "team": "ops"}),
        ("org:{org}:team:{team}", "org:1:team:", None),
        ("announcements", "announcements", {}),
        ("announcements", "announcements:1", None),
        ("a.b{x}", "a.b1", {"x": "1"}),
        ("a.b{x}", "axb1", None),
    ],
)
def test_pattern_matching(pattern: str, topic: str, params: dict[str, str] | None) -> None:
    assert TopicPattern(pattern).match(topic) == params


def test_pattern_rejects_overlong_topics_and_formats_back() -> None:
    pattern = TopicPattern("room:{room_name}")
    assert pattern.match("room:" + "x" * MAX_TOPIC_LENGTH) is None
    assert pattern.format({"room_name": "lobby"}) == "room:lobby"
    with pytest.raises(ValueError, match="without ':'"):
        pattern.format({"room_name": "a:b"})
    with pytest.raises(KeyError):
        pattern.format({})


@pytest.mark.parametrize("bad", ["", "room:{1x}", "room:{a}:{a}", "room:{}"])
def test_invalid_patterns_fail_at_class_creation(bad: str) -> None:
    with pytest.raises(HandlerDefinitionError):

        class Broken(Topic):
            pattern = bad


@pytest.mark.parametrize(
    "topic",
    ["room:lobby", "room:a b", "room:ünï/çødé", "room:" + "x" * 200, "room:a_b", "room:a b!"],
)
def test_group_names_are_safe_and_short(topic: str) -> None:
    name = Topic.group_name(topic)
    assert len(name) <= MAX_GROUP_NAME_LENGTH
    assert GROUP_NAME.match(name)
    assert Topic.group_name(topic) == name  # stable


def test_group_names_keep_different_topics_apart() -> None:
    topics = [
        "room:a b",
        "room:a_b",
        "room:a!b",
        "room:" + "x" * 200 + "1",
        "room:" + "x" * 200 + "2",
    ]
    assert len({Topic.group_name(t) for t in topics}) == len(topics)


def test_topic_metadata_is_built_once_per_class() -> None:
    assert LonelyTopic.name == "lonely"
    assert LonelyTopic.chanx_registry.ws_by_action["hello"].name == "hello"
    outgoing = set(LonelyTopic.chanx_registry.outgoing_types)
    assert {HelloBack, SubscribedMessage, UnsubscribedMessage} <= outgoing
    assert LonelyTopic.topic_for(who="me") == "lonely:me"
    assert LonelyTopic.match("lonely:me") == {"who": "me"}


async def test_broadcast_without_a_mounting_consumer_is_a_clear_lookup_error() -> None:
    with pytest.raises(LookupError, match="mounted on no consumer") as caught:
        await LonelyTopic.broadcast("lonely:me", Hello())
    assert isinstance(caught.value, TopicLayerNotFound)


async def test_broadcast_refuses_topics_outside_the_pattern() -> None:
    with pytest.raises(ValueError, match="does not match"):
        await LonelyTopic.broadcast("room:me", Hello())


def test_abstract_topic_bases_need_no_pattern() -> None:
    class AuditedTopic(Topic):
        async def on_subscribe(self) -> None: ...

    class Concrete(AuditedTopic):
        pattern = "audited:{id}"

    assert not hasattr(AuditedTopic, "chanx_registry") or AuditedTopic is Topic
    assert Concrete.name == "concrete"


def test_two_topics_may_handle_the_same_action() -> None:
    class First(Topic):
        pattern = "first:{id}"

        @ws_handler
        async def hello(self, message: Hello) -> None: ...

    class Second(Topic):
        pattern = "second:{id}"

        @ws_handler
        async def greet(self, message: Hello) -> None: ...

    assert First.chanx_registry.ws_by_action["hello"].name == "hello"
    assert Second.chanx_registry.ws_by_action["hello"].name == "greet"


def test_consumers_validate_their_topics() -> None:
    from chanx.core.consumer import ChanxConsumerMixin

    class Base(ChanxConsumerMixin[Any]):
        pass

    with pytest.raises(HandlerDefinitionError, match="not a Topic"):

        class NotATopic(Base):
            topics = [Hello]  # type: ignore[list-item]

    class Once(Topic):
        pattern = "once:{id}"

    with pytest.raises(HandlerDefinitionError, match="repeats a pattern"):

        class Twice(Base):
            topics = [Once, Once]

    with pytest.raises(HandlerDefinitionError, match="default_topic needs"):

        class DefaultOnly(Base):
            default_topic = "lonely:me"

    class LocalTopic(Topic):
        pattern = "local:{id}"

    class Mounted(Base):
        topics = [LocalTopic]

    assert set(LocalTopic.chanx_mounts) == {Mounted}
    assert Mounted.chanx_topic_router is not None
    assert Base.chanx_topic_router is None


def test_as_consumer_needs_a_base_when_the_integration_is_ambiguous() -> None:
    pytest.importorskip("fastapi")
    pytest.importorskip("django")
    import chanx.channels.websocket
    import chanx.fast_channels.websocket

    with pytest.raises(HandlerDefinitionError, match="pass base="):
        LonelyTopic.as_consumer()
    base = chanx.fast_channels.websocket.AsyncJsonWebsocketConsumer
    consumer = LonelyTopic.as_consumer(base=base)
    assert issubclass(consumer, base)
    assert consumer.topics == [LonelyTopic]
    assert consumer.default_topic == "lonely:{who}"
    assert LonelyTopic.as_consumer(base=base) is consumer
    assert (
        LonelyTopic.as_consumer(base=chanx.channels.websocket.AsyncJsonWebsocketConsumer)
        is not consumer
    )
