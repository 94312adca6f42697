"""Redis goes away and comes back (issue 6, item 5).

A real ``redis-server`` is stopped and restarted on the same port. Policy under test
(``chanx.core.groups``): a layer call fails with ``ChannelLayerUnavailable`` within a
bounded time, never hangs and is not retried; once Redis is back, delivery resumes.

Connections that are open through the outage are covered on both integrations by
``test_outage_survival.py``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

import pytest

from chanx.channels.testing import WebsocketCommunicator
from chanx.core.errors import ChannelLayerUnavailable
from tests.behaviour.messages import NotifyEvent, NotifyPayload
from tests.channels.testapp.asgi import application
from tests.channels.testapp.consumers import BehaviourConsumer
from tests.support.redis_server import RedisServer

pytestmark = [pytest.mark.redis]

CLIENTS = 20
#: broadcast_event_sync must fail within this many seconds while Redis is down.
FAIL_BOUND = 15.0
#: How long after the restart delivery may take to resume.
RESUME_BOUND = 30.0

Clients = Callable[[int], Coroutine[Any, Any, list[WebsocketCommunicator]]]


def _event(text: str) -> NotifyEvent:
    return NotifyEvent(payload=NotifyPayload(text=text))


def _broadcast_sync(text: str) -> None:
    """What a Django view or Celery task does (run in a worker thread by the tests)."""
    BehaviourConsumer.broadcast_event_sync(_event(text), "lobby")


async def _expect_notification(client: WebsocketCommunicator, text: str) -> None:
    frame = await client.receive_json(timeout=15)
    assert frame == {"action": "notification", "payload": {"text": text}}


@pytest.fixture
async def clients(redis_layer: RedisServer) -> AsyncIterator[Clients]:
    opened: list[WebsocketCommunicator] = []

    async def _open(count: int) -> list[WebsocketCommunicator]:
        batch = []
        for _ in range(count):
            client = WebsocketCommunicator(
                application, "/ws/behaviour/", consumer=BehaviourConsumer
            )
            opened.append(client)
            connected, _ = await client.connect(timeout=10)
            assert connected
            # The handshake is accepted before connect() joins "lobby"; a ping answered
            # means connect() (and its group_add) has finished.
            await client.send_to(text_data='{"action": "ping"}')
            assert (await client.receive_json(timeout=10))["action"] == "pong"
            batch.append(client)
        return batch

    yield _open
    for client in opened:
        future = client._future
        if future is not None and not future.done():
            await client.disconnect()
        elif future is not None and not future.cancelled():
            future.exception()  # retrieved: crashed consumers are asserted on by the tests


async def _fails_fast(text: str) -> tuple[float, ChannelLayerUnavailable]:
    start = time.monotonic()
    with pytest.raises(ChannelLayerUnavailable) as info:
        # The outer bound only turns a hang into a failure instead of a pytest timeout.
        await asyncio.wait_for(asyncio.to_thread(_broadcast_sync, text), FAIL_BOUND + 5)
    return time.monotonic() - start, info.value


async def _resume(clients: Callable[[int], Any], count: int = 1) -> tuple[float, int]:
    """Connect ``count`` clients and broadcast until all of them get it.

    Returns (seconds since called, attempts). A round can fail after the restart: a
    consumer's ``group_add`` or layer read may pick a pooled connection that Redis
    closed when it stopped (redis ``ConnectionError`` out of that consumer).
    """
    restarted = time.monotonic()
    attempts = 0
    while True:
        attempts += 1
        try:
            probes = await clients(count)
            await asyncio.to_thread(_broadcast_sync, f"probe-{attempts}")
            await asyncio.gather(*(_expect_notification(p, f"probe-{attempts}") for p in probes))
            return time.monotonic() - restarted, attempts
        except Exception:
            if time.monotonic() - restarted > RESUME_BOUND:
                raise
            await asyncio.sleep(0.1)


async def test_broadcast_fails_fast_while_down_and_resumes_after_restart(
    redis_layer: RedisServer, clients: Clients
) -> None:
    before = await clients(CLIENTS)
    await asyncio.to_thread(_broadcast_sync, "before")
    await asyncio.gather(*(_expect_notification(c, "before") for c in before))

    redis_layer.stop()
    failed_after, error = await _fails_fast("during")
    print(f"\nRedis down: broadcast_event_sync raised after {failed_after:.3f} s: {error}")
    assert failed_after < FAIL_BOUND
    assert error.__cause__ is not None
    assert isinstance(error, ConnectionError)
    # A second attempt fails the same way: nothing is stuck or poisoned.
    again_after, _ = await _fails_fast("during-again")
    assert again_after < FAIL_BOUND

    redis_layer.start()
    resumed_after, attempts = await _resume(clients)
    print(f"Redis back: first delivery {resumed_after:.3f} s after restart ({attempts} tries)")
    stable_after, rounds = await _resume(clients, CLIENTS)
    print(
        f"Redis back: {CLIENTS} new clients all served {resumed_after + stable_after:.3f} s "
        f"after restart ({rounds} rounds)"
    )
