"""Open websockets survive a Redis restart, on Django Channels and on FastAPI.

Without chanx's resilient layer receive (``chanx.core.resilience``), channels-redis'
and fast-channels' ``receive`` raise redis-py's ``ConnectionError`` when the server
stops, the framework's dispatch loop propagates it and every consumer dies (1011).

The test stops a private ``redis-server`` under open connections, checks they keep
answering frames that do not need the layer, restarts Redis on the same port (empty:
every group membership is gone) and checks that a broadcast reaches every one of the
connections that were open before: they re-joined their groups by themselves.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from structlog.testing import capture_logs

from chanx.core.errors import ChannelLayerUnavailable
from chanx.messages.incoming import PingMessage
from tests.behaviour.messages import NotifyEvent, NotifyPayload
from tests.support.redis_server import RedisServer

pytestmark = [pytest.mark.redis]

CLIENTS = 20
#: How long after the restart every old connection must have its broadcast.
RESUME_BOUND = 30.0


class Side:
    """One integration wired to a Redis channel layer."""

    def __init__(self, name: str, consumer: type[Any], app: Any, communicator: type[Any]) -> None:
        self.name = name
        self.consumer = consumer
        self.app = app
        self.communicator = communicator

    def open(self) -> Any:
        return self.communicator(self.app, "/ws/behaviour/", consumer=self.consumer)


@pytest.fixture(params=["django", "fastapi"])
def side(
    request: pytest.FixtureRequest, redis_server_factory: Any
) -> Iterator[tuple[Side, RedisServer]]:
    server: RedisServer = redis_server_factory()
    prefix = f"chanx-survive-{id(request)}"
    with ExitStack() as stack:
        if request.param == "django":
            from channels.layers import channel_layers
            from django.test import override_settings

            from chanx.channels.layers import redis_channel_layer as django_layer
            from chanx.channels.testing import WebsocketCommunicator
            from tests.channels.testapp.asgi import application
            from tests.channels.testapp.consumers import BehaviourConsumer

            stack.enter_context(request.getfixturevalue("django_db_blocker").unblock())
            channel_layers.backends.clear()
            stack.callback(channel_layers.backends.clear)
            stack.enter_context(
                override_settings(
                    CHANNEL_LAYERS={"default": django_layer(server.url, prefix=prefix)}
                )
            )
            yield Side("django", BehaviourConsumer, application, WebsocketCommunicator), server
        else:
            from fast_channels.layers import register_channel_layer, unregister_channel_layer

            from chanx.fast_channels.layers import redis_channel_layer as fast_layer
            from chanx.fast_channels.testing import WebsocketCommunicator as FastCommunicator
            from tests.fast_channels.app import create_app
            from tests.fast_channels.consumers import BehaviourConsumer as FastConsumer

            register_channel_layer("default", fast_layer(server.url, prefix=prefix))
            stack.callback(unregister_channel_layer, "default")
            yield Side("fastapi", FastConsumer, create_app(), FastCommunicator), server


@pytest.fixture
async def opened() -> AsyncIterator[list[Any]]:
    clients: list[Any] = []
    yield clients
    for client in clients:
        future = client.future
        if not future.done():
            await client.disconnect()
        elif not future.cancelled():
            future.exception()  # retrieved: crashes are asserted on by the test


def _event(text: str) -> NotifyEvent:
    return NotifyEvent(payload=NotifyPayload(text=text))


async def _ping(client: Any) -> None:
    await client.send_message(PingMessage())
    assert (await client.receive_json(timeout=5))["action"] == "pong"


async def _broadcast_until_delivered(side: Side, clients: list[Any]) -> tuple[float, int]:
    """Broadcast ``probe-<n>`` until every client has it; (seconds, broadcasts)."""
    start = time.monotonic()
    attempt = 0
    pending = list(clients)
    while pending:
        attempt += 1
        text = f"probe-{attempt}"
        # A pooled connection Redis closed when it stopped may fail once: try again.
        with contextlib.suppress(ChannelLayerUnavailable):
            await side.consumer.broadcast_event(_event(text), "lobby")
        got = await asyncio.gather(*(c.receive_all_json(timeout=0.5) for c in pending))
        pending = [c for c, frames in zip(pending, got, strict=True) if not frames]
        assert time.monotonic() - start < RESUME_BOUND, (
            f"{len(pending)}/{len(clients)} connections never got a broadcast after the restart"
        )
    return time.monotonic() - start, attempt


async def test_open_connections_survive_redis_restart(
    side: tuple[Side, RedisServer], opened: list[Any]
) -> None:
    integration, server = side
    for _ in range(CLIENTS):
        client = integration.open()
        opened.append(client)
        connected, _ = await client.connect(timeout=10)
        assert connected
        await _ping(client)  # connect() (and its group_add) has finished
    await integration.consumer.broadcast_event(_event("before"), "lobby")
    for client in opened:
        assert (await client.receive_json(timeout=5))["payload"] == {"text": "before"}
    *survivors, leaver = opened  # the leaver disconnects during the outage

    with capture_logs() as logs:
        server.stop()
        await asyncio.sleep(1.0)  # every consumer's receive has failed by now, maybe twice
        for client in survivors:  # handlers that do not touch the layer keep working
            await _ping(client)
        crashed = [c for c in survivors if c.future.done()]
        assert not crashed, f"{len(crashed)}/{len(survivors)} consumers died with Redis"
        # Leaving "lobby" fails while Redis is down; the consumer still stops cleanly
        # (the communicator re-raises anything the application raised).
        await leaver.disconnect()
        assert leaver.future.done()
        assert leaver.future.exception() is None

        server.start()
        seconds, broadcasts = await _broadcast_until_delivered(integration, survivors)
        # Every earlier connection is back in "lobby": exactly one more broadcast each.
        await integration.consumer.broadcast_event(_event("after"), "lobby")
        for client in survivors:
            frames = await client.receive_all_json(timeout=1)
            assert frames[-1:] == [{"action": "notification", "payload": {"text": "after"}}]
        for client in survivors:
            await _ping(client)
        assert not [c for c in survivors if c.future.done()]

    assert [e for e in logs if e["event"] == "chanx.layer.leave_failed"]
    failed = [e for e in logs if e["event"] == "chanx.layer.receive_failed"]
    recovered = [e for e in logs if e["event"] == "chanx.layer.recovered"]
    print(
        f"\n{integration.name}: {len(survivors)} connections survived; all served "
        f"{seconds:.2f} s after restart ({broadcasts} broadcasts); "
        f"receive_failed logged {len(failed)}x, recovered {len(recovered)}x"
    )
    assert len(failed) >= CLIENTS - 1  # once per connection and outage (a stale pooled
    assert len(failed) <= 3 * CLIENTS  # connection after the restart may add one)
    assert len(recovered) >= CLIENTS - 1


def _topics_consumer(side: Side) -> type[Any]:
    if side.name == "django":
        from tests.channels.testapp.consumers import TopicsConsumer

        return TopicsConsumer
    from tests.fast_channels.consumers import TopicsConsumer as FastTopicsConsumer

    return FastTopicsConsumer


async def test_topic_subscriptions_are_rejoined_after_a_restart(
    side: tuple[Side, RedisServer], opened: list[Any]
) -> None:
    from chanx.messages.topic import SubscribedMessage
    from tests.behaviour.topics import RoomNotice, TextPayload, ThreadTopic

    integration, server = side
    client = integration.communicator(
        integration.app, "/ws/topics/", consumer=_topics_consumer(integration)
    )
    opened.append(client)
    connected, _ = await client.connect(timeout=10)
    assert connected
    assert isinstance(await client.subscribe("thread:outage", timeout=5), SubscribedMessage)

    server.stop()
    await asyncio.sleep(1.0)
    assert not client.future.done()
    server.start()

    # Redis came back empty: only a re-join of the topic's group brings the broadcast.
    start = time.monotonic()
    while True:
        with contextlib.suppress(ChannelLayerUnavailable):
            await ThreadTopic.broadcast(
                "thread:outage", RoomNotice(payload=TextPayload(text="back"))
            )
        frames = await client.receive_all_json(timeout=0.5)
        if frames:
            break
        assert time.monotonic() - start < RESUME_BOUND, "the topic group was never re-joined"
    assert frames[0]["topic"] == "thread:outage"
    assert frames[0]["payload"] == {"text": "back"}
