"""Fan-out on chanx's in-memory layer over real websockets (daphne and uvicorn).

The issue's measured case: a hand-written Channels app on the stock in-memory layer
(capacity 100) lost 4,000 of 90,000 deliveries with 500 clients. With chanx's default
layer (``in_memory_channel_layer()``, capacity 1000) 500 clients in one group receive
180 back-to-back broadcasts, 90,000 deliveries, with nothing lost, duplicated or out of
order. A deliberately tiny capacity does lose messages, and then every lost delivery
is counted by the layer (``chanx_overflow``) and logged (``chanx.layer.channel_full``).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import resource
import time
from contextlib import AsyncExitStack
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection, connect

from chanx.core.overflow import DEFAULT_IN_MEMORY_CAPACITY
from tests.security.conftest import log_events
from tests.support.asgi_server import AsgiServer

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SERVERS = {
    "django-daphne": ("tests.fan_out.django_asgi:application", "daphne"),
    "fastapi-uvicorn": ("tests.fan_out.fastapi_app:app", "uvicorn"),
}
CLIENTS = 500
BROADCASTS = 180
#: Stop waiting for a client's missing frames after this long without one (generous:
#: on a loaded 2-core machine daphne can pause for seconds).
STALL = 15.0


def _raise_open_file_limit(wanted: int = 4096) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


def _server(name: str, capacity: int | None = None) -> AsgiServer:
    app, kind = SERVERS[name]
    env: dict[str, str | None] = {
        "CHANX_FANOUT_CAPACITY": str(capacity) if capacity else None,
        "DJANGO_SETTINGS_MODULE": "tests.fan_out.django_settings",
    }
    return AsgiServer(app, kind=kind, env=env)  # type: ignore[arg-type]


@pytest.fixture(params=sorted(SERVERS))
def server_name(request: pytest.FixtureRequest) -> str:
    _raise_open_file_limit()  # before the server starts: it inherits the limit
    name: str = request.param
    return name


async def _crowd(stack: AsyncExitStack, server: AsgiServer, count: int) -> list[ClientConnection]:
    clients: list[ClientConnection] = []
    for start in range(0, count, 50):
        batch = [
            connect(f"{server.ws_url}/ws/fanout/", max_queue=None, open_timeout=30)
            for _ in range(start, min(count, start + 50))
        ]
        clients += await asyncio.gather(*(stack.enter_async_context(c) for c in batch))
    # connect() returns at the handshake; a ping round trip per client would need a
    # handler, so ask for the overflow counter instead: it answers after connect().
    await asyncio.gather(*(_overflow(ws) for ws in clients))
    return clients


async def _overflow(ws: ClientConnection) -> dict[str, Any]:
    await ws.send(json.dumps({"action": "overflow"}))
    while True:
        frame = json.loads(await asyncio.wait_for(ws.recv(decode=True), 30))
        assert frame["action"] != "error", frame
        if frame["action"] == "overflow_reply":
            return frame["payload"]  # type: ignore[no-any-return]


async def _collect(ws: ClientConnection, expected: int) -> list[int]:
    """Sequence numbers received, until ``expected`` or :data:`STALL` s without a frame.

    One rescheduled timeout instead of ``wait_for`` per frame: at 90,000 frames the
    per-frame task of ``wait_for`` would dominate the client's CPU time.
    """
    seqs: list[int] = []
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(STALL) as deadline:
            while len(seqs) < expected:
                text = await ws.recv(decode=True)
                deadline.reschedule(loop.time() + STALL)
                if text.startswith('{"action":"seq"'):
                    seqs.append(json.loads(text)["payload"]["seq"])
    except TimeoutError:
        pass
    return seqs


async def _run(
    server: AsgiServer, clients: int, broadcasts: int, *, burst: bool
) -> tuple[list[list[int]], float]:
    async with AsyncExitStack() as stack:
        crowd = await _crowd(stack, server, clients)
        start = time.monotonic()
        collectors = [asyncio.create_task(_collect(ws, broadcasts)) for ws in crowd]
        await crowd[0].send(
            json.dumps({"action": "fan_out", "payload": {"count": broadcasts, "burst": burst}})
        )
        streams = await asyncio.gather(*collectors)
        return streams, time.monotonic() - start


def _figures(streams: list[list[int]], broadcasts: int) -> dict[str, int]:
    expected = list(range(broadcasts))
    return {
        "deliveries": sum(len(s) for s in streams),
        "lost": sum(len(set(expected) - set(s)) for s in streams),
        "duplicates": sum(len(s) - len(set(s)) for s in streams),
        "out_of_order": sum(1 for s in streams for a, b in itertools.pairwise(s) if b < a),
        "clients_exact": sum(1 for s in streams if s == expected),
    }


@pytest.mark.timeout(300)  # daphne ~26 s, uvicorn ~32 s on a quiet 2-core machine
async def test_default_in_memory_layer_loses_nothing_500_clients_180_broadcasts(
    server_name: str,
) -> None:
    with _server(server_name) as server:
        streams, seconds = await _run(server, CLIENTS, BROADCASTS, burst=False)
        async with connect(f"{server.ws_url}/ws/fanout/") as probe:
            overflow = await _overflow(probe)
    figures = _figures(streams, BROADCASTS)
    print(
        f"\n{server_name}: clients={CLIENTS} broadcasts={BROADCASTS} "
        f"deliveries={figures['deliveries']}/{CLIENTS * BROADCASTS} lost={figures['lost']} "
        f"duplicates={figures['duplicates']} out_of_order={figures['out_of_order']} "
        f"layer_dropped={overflow['dropped']} layer_expired={overflow['expired']} "
        f"capacity={overflow['capacity']} "
        f"seconds={seconds:.2f} deliveries_per_s={figures['deliveries'] / seconds:.0f}"
    )
    assert overflow["capacity"] == DEFAULT_IN_MEMORY_CAPACITY
    assert figures == {
        "deliveries": CLIENTS * BROADCASTS,
        "lost": 0,
        "duplicates": 0,
        "out_of_order": 0,
        "clients_exact": CLIENTS,
    }
    assert (overflow["dropped"], overflow["expired"]) == (0, 0)


async def test_tiny_capacity_overflow_is_counted_and_logged(server_name: str) -> None:
    clients, broadcasts, capacity = 50, 40, 3
    with _server(server_name, capacity=capacity) as server:
        # All broadcasts at once: every channel receives `capacity` and drops the rest
        # before any consumer can read.
        streams, _ = await _run(server, clients, broadcasts, burst=True)
        async with connect(f"{server.ws_url}/ws/fanout/") as probe:
            overflow = await _overflow(probe)
        events = [e for e in log_events(server) if e["event"] == "chanx.layer.channel_full"]
        logs = server.logs()
    figures = _figures(streams, broadcasts)
    print(f"\n{server_name}: capacity={capacity} {figures} overflow={overflow}")
    assert figures["lost"] > 0
    assert figures["duplicates"] == 0
    # Every delivery a client missed was counted by the layer: nothing silent.
    assert overflow["dropped"] == figures["lost"]
    assert overflow["expired"] == 0
    assert overflow["capacity"] == capacity
    # Logged, rate-limited (one warning per 10 s per layer), without payloads.
    assert 1 <= len(events) <= 2
    assert events[0]["group"] == "fanout"
    assert events[0]["capacity"] == capacity
    assert events[0]["dropped"] >= 1
    assert '"seq"' not in json.dumps(events)
    assert "channel_full" in logs
