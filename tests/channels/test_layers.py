"""Group and event delivery through real channel layers: in-memory and channels-redis.

The Redis variant runs against a private ``redis-server`` started by the fixtures.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack
from typing import Any

import pytest
from channels.layers import channel_layers
from django.test import override_settings

from chanx.channels.layers import redis_channel_layer
from chanx.channels.testing import WebsocketCommunicator
from tests.behaviour.messages import (
    NotifyEvent,
    NotifyPayload,
    ShoutMessage,
    ShoutPayload,
    TextPayload,
    WhoAmIMessage,
)
from tests.channels.testapp.asgi import application
from tests.channels.testapp.consumers import BehaviourConsumer

CONNECTIONS = 200
ROUNDS = 3


@pytest.fixture(params=["memory", "redis"])
def channel_layer_config(request: pytest.FixtureRequest) -> Iterator[str]:
    if request.param == "memory":
        config = {"BACKEND": "channels.layers.InMemoryChannelLayer", "CONFIG": {"capacity": 1000}}
    else:
        url = request.getfixturevalue("redis_url")
        config = redis_channel_layer(url, prefix=f"chanx-test-{id(request)}")
    with override_settings(CHANNEL_LAYERS={"default": config}):
        yield request.param
    channel_layers.backends.clear()


@pytest.fixture
async def crowd(channel_layer_config: str) -> AsyncIterator[list[WebsocketCommunicator]]:
    async with AsyncExitStack() as stack:
        clients = [
            WebsocketCommunicator(application, "/ws/behaviour/", consumer=BehaviourConsumer)
            for _ in range(CONNECTIONS)
        ]
        for client in clients:
            connected, _ = await client.connect(timeout=10)
            assert connected
            stack.push_async_callback(client.disconnect, 1000, 10)  # generous under load
        for client in clients:
            # Accepted before connect() joins the group: a pong means the join is done.
            await client.send_to(text_data='{"action": "ping"}')
            assert (await client.receive_json(timeout=15))["action"] == "pong"
        yield clients


async def _receive(client: WebsocketCommunicator, count: int) -> list[dict[str, object]]:
    """Exactly ``count`` frames (generous timeout for loaded machines), then silence."""
    frames = [await client.receive_json(timeout=15) for _ in range(count)]
    assert await client.receive_nothing(0.2), "received more frames than expected"
    return frames


async def _receive_one(client: WebsocketCommunicator) -> dict[str, Any]:
    frame: dict[str, Any] = await client.receive_json(timeout=15)
    return frame


async def _drain(clients: list[WebsocketCommunicator], count: int) -> list[list[dict[str, object]]]:
    return list(await asyncio.gather(*(_receive(c, count) for c in clients)))


async def test_group_broadcast_reaches_every_connection_exactly_once(
    crowd: list[WebsocketCommunicator],
) -> None:
    sender, others = crowd[0], crowd[1:]
    # Each round is sent once the previous one came back: handlers run concurrently
    # (max_concurrent_handlers=16), so only sequential broadcasts have a defined order.
    for round_no in range(ROUNDS):
        await sender.send_message(ShoutMessage(payload=ShoutPayload(message=f"round-{round_no}")))
        echoed = await _receive_one(sender)
        assert echoed["payload"] == {"message": f"round-{round_no}"}
    received = await _drain(others, ROUNDS)
    expected = [f"round-{n}" for n in range(ROUNDS)]
    for frames in received:
        assert [f["action"] for f in frames] == ["shouted"] * ROUNDS
        assert [f["payload"]["message"] for f in frames] == expected  # type: ignore[index]


async def test_exclude_current_skips_only_the_sender(crowd: list[WebsocketCommunicator]) -> None:
    sender, others = crowd[0], crowd[1:]
    await sender.send_message(
        ShoutMessage(payload=ShoutPayload(message="not me", exclude_current=True))
    )
    received = await _drain(others, 1)
    assert await sender.receive_nothing(0.3)
    assert all(
        frames == [{"action": "shouted", "payload": TextPayload(message="not me").model_dump()}]
        for frames in received
    )


async def test_events_from_sync_code_reach_every_group_member(
    crowd: list[WebsocketCommunicator],
) -> None:
    event = NotifyEvent(payload=NotifyPayload(text="from a worker thread"))
    await asyncio.to_thread(BehaviourConsumer.broadcast_event_sync, event, "lobby")
    received = await _drain(crowd, 1)
    for frames in received:
        assert frames == [{"action": "notification", "payload": {"text": "from a worker thread"}}]


async def test_send_event_sync_targets_one_channel(crowd: list[WebsocketCommunicator]) -> None:
    target = crowd[7]
    await target.send_message(WhoAmIMessage())
    reply = await target.receive_json()
    channel_name = reply["payload"]["channel_name"]
    event = NotifyEvent(payload=NotifyPayload(text="just you"))
    await asyncio.to_thread(BehaviourConsumer.send_event_sync, event, channel_name)
    assert await _receive(target, 1) == [
        {"action": "notification", "payload": {"text": "just you"}}
    ]
    silent = await asyncio.gather(*(c.receive_nothing(0.3) for c in crowd if c is not target))
    assert all(silent)
