"""Checks of the topic channels of the integrations' test apps (Django and FastAPI).

Both apps mount the behaviour suite's topic consumers at ``/ws/topics/``,
``/ws/camel-topics/`` and ``/ws/topic-rooms/{room_name}/`` (``RoomTopic.as_consumer()``).
"""

from __future__ import annotations

from typing import Any

from tests.behaviour.topics import RoomTopic, ThreadTopic

#: Route address → (topic classes, whether the route has a default topic, camelized).
TOPIC_ROUTES: dict[str, tuple[tuple[type[Any], ...], bool, bool]] = {
    "/ws/topics/": ((RoomTopic, ThreadTopic), False, False),
    "/ws/camel-topics/": ((RoomTopic, ThreadTopic), False, True),
    "/ws/topic-rooms/{room_name}/": ((RoomTopic,), True, False),
}


def route_key(document: dict[str, Any], address: str) -> str:
    """The key of the consumer channel (not a topic channel) at ``address``."""
    keys = [
        key
        for key, obj in document["channels"].items()
        if obj["address"] == address and "x-topic" not in obj
    ]
    assert len(keys) == 1, (address, keys)
    return keys[0]


def check_test_app_topics(document: dict[str, Any]) -> None:
    """Every topic route has one topic channel per topic, right after its own channel."""
    channels = document["channels"]
    operations = document["operations"]
    order = list(channels)
    for address, (topics, has_default, camel) in TOPIC_ROUTES.items():
        key = route_key(document, address)
        expected = [f"{key}.topic.{t.name}" for t in topics]
        start = order.index(key) + 1
        assert order[start : start + len(expected)] == expected, address
        assert not any("Subscribe" in name for name in channels[key]["messages"])
        for topic, topic_key in zip(topics, expected, strict=True):
            channel = channels[topic_key]
            assert channel["address"] == address
            assert channel.get("parameters") == channels[key].get("parameters")
            x_topic = {
                "name": topic.name,
                "pattern": topic.pattern,
                "parameters": list(topic.chanx_pattern.parameters),
            }
            if has_default:
                x_topic["defaultTopic"] = topic.pattern
            assert channel["x-topic"] == x_topic
            say = "SayMessageCamel" if camel else "SayMessage"
            assert {say, "SubscribeMessage", "SubscribedMessage", "ErrorMessage"} <= set(
                channel["messages"]
            )
            subscribe = operations[f"{topic_key}.subscribe"]
            assert subscribe["action"] == "receive"
            assert subscribe["reply"]["messages"] == [
                {"$ref": f"#/channels/{topic_key}/messages/SubscribedMessage"}
            ]
            assert operations[f"{topic_key}.unsubscribe"]["reply"]["messages"] == [
                {"$ref": f"#/channels/{topic_key}/messages/UnsubscribedMessage"}
            ]
            assert operations[f"{topic_key}.say"]["messages"] == [
                {"$ref": f"#/channels/{topic_key}/messages/{say}"}
            ]
    room = channels[f"{route_key(document, '/ws/topics/')}.topic.room"]
    assert "RoomPosted" in room["messages"]
    assert "SaidInThread" not in room["messages"]
