"""No loss under load (issue 6, item 6).

500 connections in one group over channels-redis (a real ``redis-server``), 200
sequential broadcasts with a sequence number: every client must receive every message
exactly once and in order. The figures are printed (``-s``) and put in the assertion
message.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import resource
import time
from collections.abc import AsyncIterator

import pytest

from chanx.channels.testing import WebsocketCommunicator
from tests.behaviour.messages import NotifyEvent, NotifyPayload
from tests.channels.testapp.asgi import application
from tests.channels.testapp.consumers import BehaviourConsumer
from tests.support.redis_server import RedisServer

pytestmark = [pytest.mark.redis, pytest.mark.slow]

CONNECTIONS = 500
BROADCASTS = 200
#: Upper bound for broadcast + delivery. Typical on an idle 2-core machine: 40-45 s;
#: the slack absorbs CPU contention (the whole run stays under pytest's 120 s timeout).
BUDGET = 90.0
#: Give up waiting for missing frames after this many seconds without progress.
STALL_TIMEOUT = 10.0


def _raise_open_file_limit(wanted: int = 4096) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


@pytest.fixture
async def crowd(redis_layer: RedisServer) -> AsyncIterator[list[WebsocketCommunicator]]:
    _raise_open_file_limit()
    clients: list[WebsocketCommunicator] = []
    try:
        for _ in range(CONNECTIONS):
            client = WebsocketCommunicator(
                application, "/ws/behaviour/", consumer=BehaviourConsumer
            )
            clients.append(client)
            connected, _ = await client.connect(timeout=10)
            assert connected
        for client in clients:
            # The handshake is accepted before connect() joins "lobby" (a Redis round
            # trip): a pong means the join is done, so no broadcast can precede it.
            await client.send_to(text_data='{"action": "ping"}')
            assert (await client.receive_json(timeout=15))["action"] == "pong"
        yield clients
    finally:
        await asyncio.gather(
            *(c.disconnect() for c in clients if c._future is not None and not c._future.done())
        )


def _drain(client: WebsocketCommunicator) -> list[int]:
    """Sequence numbers queued for ``client``, in arrival order.

    Reads the communicator's output queue directly: ``receive_json`` wraps every frame
    in a timeout, which would dominate the run time at 100 000 frames.
    """
    seen: list[int] = []
    queue = client.output_queue
    while not queue.empty():
        frame = queue.get_nowait()
        assert frame["type"] == "websocket.send", frame
        seen.append(int(json.loads(frame["text"])["payload"]["text"]))
    return seen


async def _settle(clients: list[WebsocketCommunicator]) -> None:
    """Wait until every client queued BROADCASTS frames, or nothing moved for a while."""
    last, still_since = -1, time.monotonic()
    while True:
        queued = sum(min(c.output_queue.qsize(), BROADCASTS) for c in clients)
        if queued == len(clients) * BROADCASTS:
            await asyncio.sleep(0.3)  # let late duplicates arrive
            return
        if queued != last:
            last, still_since = queued, time.monotonic()
        elif time.monotonic() - still_since > STALL_TIMEOUT:
            return
        await asyncio.sleep(0.05)


async def test_every_client_gets_every_broadcast_once_in_order(
    crowd: list[WebsocketCommunicator],
) -> None:
    start = time.monotonic()
    for seq in range(BROADCASTS):
        await BehaviourConsumer.broadcast_event(
            NotifyEvent(payload=NotifyPayload(text=str(seq))), "lobby"
        )
    sent = time.monotonic()
    await _settle(crowd)
    streams = [_drain(c) for c in crowd]
    elapsed = time.monotonic() - start

    expected = list(range(BROADCASTS))
    deliveries = sum(len(s) for s in streams)
    lost = sum(len(set(expected) - set(s)) for s in streams)
    duplicates = sum(len(s) - len(set(s)) for s in streams)
    out_of_order = sum(1 for s in streams for a, b in itertools.pairwise(s) if b < a)
    clients_exact = sum(1 for s in streams if s == expected)
    figures = (
        f"connections={CONNECTIONS} broadcasts={BROADCASTS} "
        f"deliveries={deliveries}/{CONNECTIONS * BROADCASTS} lost={lost} "
        f"duplicates={duplicates} out_of_order={out_of_order} "
        f"clients_exact={clients_exact}/{CONNECTIONS} send_seconds={sent - start:.2f} "
        f"seconds={elapsed:.2f} deliveries_per_s={deliveries / elapsed:.0f}"
    )
    print(f"\nno-loss figures: {figures}")
    assert (lost, duplicates, out_of_order, clients_exact) == (0, 0, 0, CONNECTIONS), figures
    assert elapsed < BUDGET, figures
