"""Topics through a real ``redis-server`` channel layer, on both integrations.

Subscriptions join Redis groups; unsubscribing and disconnecting must leave no group
membership behind (checked on the server itself), and every broadcast reaches each
subscriber exactly once: 100 topics on one connection, 200 connections on one topic.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import Any

import pytest
import redis

from chanx.messages.topic import SubscribedMessage
from tests.behaviour.topics import RoomNotice, RoomTopic, TextPayload, ThreadTopic

pytestmark = [pytest.mark.redis]

PREFIX = "chanx-topics"


@dataclass
class Stack:
    """One integration's test app, wired to the Redis layer for the test."""

    name: str
    app: Any
    consumer: type[Any]
    communicator_cls: Any

    def communicator(self) -> Any:
        return self.communicator_cls(self.app, "/ws/topics/", consumer=self.consumer)


def _django_stack(url: str) -> Iterator[Stack]:
    pytest.importorskip("channels_redis")
    from channels.layers import channel_layers
    from django.test import override_settings

    from chanx.channels.layers import redis_channel_layer
    from chanx.channels.testing import WebsocketCommunicator
    from tests.channels.testapp.asgi import application
    from tests.channels.testapp.consumers import TopicsConsumer

    config = redis_channel_layer(url, prefix=PREFIX)
    with override_settings(CHANNEL_LAYERS={"default": config}):
        channel_layers.backends.clear()
        yield Stack("django", application, TopicsConsumer, WebsocketCommunicator)
    channel_layers.backends.clear()


def _fastapi_stack(url: str) -> Iterator[Stack]:
    from fast_channels.layers import register_channel_layer, unregister_channel_layer

    from chanx.fast_channels.layers import redis_channel_layer
    from chanx.fast_channels.testing import WebsocketCommunicator
    from tests.fast_channels.app import create_app
    from tests.fast_channels.consumers import TopicsConsumer

    register_channel_layer("default", redis_channel_layer(url, prefix=PREFIX))
    try:
        yield Stack("fastapi", create_app(), TopicsConsumer, WebsocketCommunicator)
    finally:
        unregister_channel_layer("default")


@pytest.fixture(params=["django", "fastapi"])
def stack(request: pytest.FixtureRequest, redis_url: str) -> Iterator[Stack]:
    if request.param == "django":
        blocker = request.getfixturevalue("django_db_blocker")
        with blocker.unblock():
            yield from _django_stack(redis_url)
    else:
        yield from _fastapi_stack(redis_url)


@pytest.fixture
def redis_client(redis_url: str) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(redis_url)
    yield client
    client.close()


@pytest.fixture
async def open_clients(stack: Stack) -> AsyncIterator[Any]:
    async with AsyncExitStack() as exits:

        async def open_(count: int) -> list[Any]:
            clients = []
            for _ in range(count):
                client = stack.communicator()
                connected, _ = await client.connect(timeout=10)
                assert connected
                exits.push_async_callback(_close, client)
                clients.append(client)
            return clients

        yield open_


async def _close(client: Any) -> None:
    if not client.future.done():
        await client.disconnect(1000, 10)


def members(client: redis.Redis, topic: str) -> int:
    """Channels in the topic's group, read from the Redis server itself."""
    key = f"{PREFIX}:group:{RoomTopic.group_name(topic)}"
    return int(client.zcard(key))


async def subscribe(client: Any, topic: str) -> None:
    reply = await client.subscribe(topic, timeout=10)
    assert isinstance(reply, SubscribedMessage), reply
    if RoomTopic.match(topic) is not None:
        await client.receive_topic_frame(RoomTopic, topic=topic, timeout=10)  # room_state


async def test_unsubscribe_and_disconnect_leave_no_membership_in_redis(
    stack: Stack, open_clients: Any, redis_client: redis.Redis
) -> None:
    first, second = await open_clients(2)
    topics = ["room:lobby", "room:garden", "thread:7"]
    for topic in topics:
        await subscribe(first, topic)
    await subscribe(second, "room:lobby")
    assert [members(redis_client, t) for t in topics] == [2, 1, 1]

    await first.unsubscribe("room:garden")
    assert members(redis_client, "room:garden") == 0

    await RoomTopic.broadcast("room:lobby", RoomNotice(payload=TextPayload(text="hi")), seq=1)
    for client in (first, second):
        frame = await client.receive_topic_frame(RoomTopic, timeout=10)
        assert (frame.topic, frame.seq) == ("room:lobby", 1)

    await first.disconnect()
    assert [members(redis_client, t) for t in topics] == [1, 0, 0]
    await second.disconnect()
    assert members(redis_client, "room:lobby") == 0
    leftovers = [k for k in redis_client.keys(f"{PREFIX}:group:*") if redis_client.zcard(k)]
    assert leftovers == []


async def test_one_hundred_topics_on_one_connection_over_redis(
    stack: Stack, open_clients: Any
) -> None:
    [client] = await open_clients(1)
    names = [f"thread:{i}" for i in range(100)]
    for name in names:
        await subscribe(client, name)
    for index, name in enumerate(names):
        await ThreadTopic.broadcast(name, RoomNotice(payload=TextPayload(text=name)), seq=index)
    frames = [await client.receive_topic_frame(ThreadTopic, timeout=10) for _ in names]
    assert sorted((f.topic, f.seq) for f in frames) == sorted(enumerate_pairs(names))
    assert all(f.message == RoomNotice(payload=TextPayload(text=f.topic)) for f in frames)
    assert await client.receive_nothing(0.3)
    print(f"[{stack.name}] 100 topics x 1 connection: {len(frames)} deliveries, 0 lost")


def enumerate_pairs(names: list[str]) -> list[tuple[str, int]]:
    return [(name, index) for index, name in enumerate(names)]


async def test_two_hundred_connections_on_one_topic_over_redis(
    stack: Stack, open_clients: Any, redis_client: redis.Redis
) -> None:
    clients = await open_clients(200)
    for client in clients:
        await subscribe(client, "thread:crowd")
    assert members(redis_client, "thread:crowd") == 200
    rounds = 3
    for seq in range(rounds):
        await ThreadTopic.broadcast(
            "thread:crowd", RoomNotice(payload=TextPayload(text="x")), seq=seq
        )

    async def seqs(client: Any) -> list[int | None]:
        return [
            (await client.receive_topic_frame(ThreadTopic, timeout=15)).seq for _ in range(rounds)
        ]

    received = await asyncio.gather(*(seqs(c) for c in clients))
    assert all(sorted(s) == list(range(rounds)) for s in received)  # type: ignore[type-var]
    quiet = await asyncio.gather(*(c.receive_nothing(0.3) for c in clients[:10]))
    assert all(quiet)
    print(f"[{stack.name}] 1 topic x 200 connections: {200 * rounds} deliveries, 0 lost/duplicated")
