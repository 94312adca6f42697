"""The load client: asyncio + ``websockets``, one coroutine per simulated client.

Every function checks correctness as it measures (each reply is the expected frame)
and returns a dict of results; ``errors`` counts wrong or missing frames.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

AUTH_HEADERS = {"X-Bench-Token": "bench-secret"}
RECV_TIMEOUT = 10.0


def echo_frame(seq: int) -> dict[str, Any]:
    """A request of about 200 bytes with nested objects and lists."""
    return {
        "action": "echo",
        "payload": {
            "seq": seq,
            "user": {"id": 4242, "name": "Ada Lovelace", "roles": ["admin", "editor"]},
            "items": [
                {"sku": "SKU-0001", "qty": 2, "price": 9.99},
                {"sku": "SKU-0002", "qty": 1, "price": 120.5},
            ],
            "note": "benchmark payload",
        },
    }


ECHO_SIZE = len(json.dumps(echo_frame(0)))


async def _open(url: str, auth: bool = False) -> ClientConnection:
    return await connect(
        url,
        additional_headers=AUTH_HEADERS if auth else None,
        max_size=None,
        compression=None,
        ping_interval=None,
        open_timeout=30,
        close_timeout=10,
    )


async def _close_all(conns: list[ClientConnection]) -> None:
    await asyncio.gather(*(c.close() for c in conns), return_exceptions=True)


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


async def _connect_many(url: str, n: int, concurrency: int = 50) -> list[ClientConnection]:
    semaphore = asyncio.Semaphore(concurrency)

    async def one() -> ClientConnection:
        async with semaphore:
            return await _open(url)

    return list(await asyncio.gather(*(one() for _ in range(n))))


# ---------------------------------------------------------------------- echo


async def echo(url: str, clients: int, duration: float, max_messages: int | None) -> dict[str, Any]:
    """``clients`` connections each sending request/reply in a loop for ``duration`` s."""
    conns = await _connect_many(url, clients)
    latencies: list[float] = []
    errors = 0
    stop_at = 0.0

    async def worker(conn: ClientConnection, offset: int) -> None:
        nonlocal errors
        seq = offset
        sent = 0
        while time.perf_counter() < stop_at and (max_messages is None or sent < max_messages):
            frame = echo_frame(seq)
            start = time.perf_counter()
            await conn.send(json.dumps(frame))
            raw = await asyncio.wait_for(conn.recv(), RECV_TIMEOUT)
            latencies.append(time.perf_counter() - start)
            reply = json.loads(raw)
            if reply.get("action") != "echo_reply" or reply.get("payload") != frame["payload"]:
                errors += 1
            seq += 1
            sent += 1

    try:
        cpu0, t0 = time.process_time(), time.perf_counter()
        stop_at = t0 + duration
        await asyncio.gather(*(worker(c, i * 1_000_000) for i, c in enumerate(conns)))
        elapsed = time.perf_counter() - t0
        cpu = time.process_time() - cpu0
    finally:
        await _close_all(conns)
    if max_messages is not None and len(latencies) != clients * max_messages:
        errors += clients * max_messages - len(latencies)
    return {
        "messages": len(latencies),
        "elapsed": elapsed,
        "rate": len(latencies) / elapsed,
        "p50_ms": _percentile(latencies, 0.50) * 1000,
        "p99_ms": _percentile(latencies, 0.99) * 1000,
        "client_cpu": cpu / elapsed,
        "errors": errors,
    }


# ---------------------------------------------------------------------- fan-out


async def fanout(url: str, clients: int, broadcasts: int, window: int = 10) -> dict[str, Any]:
    """``clients`` in the group; one of them asks for ``broadcasts`` broadcasts.

    At most ``window`` broadcasts are in flight (not yet delivered to every client), so
    the layer's per-channel capacity is never the limit; anything missing after a
    drain timeout counts as lost.
    """
    conns = await _connect_many(url, clients)
    received = [0] * broadcasts
    done = [asyncio.Event() for _ in range(broadcasts)]
    errors = 0
    await asyncio.sleep(0.2)  # let the server finish every group_add

    async def reader(conn: ClientConnection) -> None:
        nonlocal errors
        seen = 0
        while seen < broadcasts:
            frame = json.loads(await conn.recv())
            payload = frame.get("payload") or {}
            seq = payload.get("seq")
            if frame.get("action") != "broadcast_out" or not isinstance(seq, int):
                errors += 1
                continue
            received[seq] += 1
            if received[seq] == clients:
                done[seq].set()
            seen += 1

    readers = [asyncio.create_task(reader(c)) for c in conns]
    sender = conns[0]
    cpu0, t0 = time.process_time(), time.perf_counter()
    try:
        for seq in range(broadcasts):
            if seq >= window:
                await asyncio.wait_for(done[seq - window].wait(), RECV_TIMEOUT)
            frame = {"action": "broadcast", "payload": {"seq": seq, "note": "fan-out"}}
            await sender.send(json.dumps(frame))
        await asyncio.wait_for(asyncio.gather(*readers), RECV_TIMEOUT)
    except TimeoutError:
        pass
    elapsed = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    for task in readers:
        task.cancel()
    await asyncio.gather(*readers, return_exceptions=True)
    await _close_all(conns)
    delivered = sum(received)
    return {
        "deliveries": delivered,
        "elapsed": elapsed,
        "rate": delivered / elapsed,
        "lost": clients * broadcasts - delivered,
        "client_cpu": cpu / elapsed,
        "errors": errors,
    }


# ---------------------------------------------------------------------- memory


async def idle_connections(url: str, count: int, read_rss: Any) -> dict[str, Any]:
    """Server RSS before and after opening ``count`` idle connections (each echoes once)."""
    before = read_rss()
    cpu0, t0 = time.process_time(), time.perf_counter()
    conns = await _connect_many(url, count)
    errors = 0
    try:
        # One round trip per connection: the consumer really exists and is set up.
        async def check(conn: ClientConnection, seq: int) -> None:
            nonlocal errors
            await conn.send(json.dumps(echo_frame(seq)))
            reply = json.loads(await asyncio.wait_for(conn.recv(), RECV_TIMEOUT))
            if reply.get("action") != "echo_reply" or reply["payload"]["seq"] != seq:
                errors += 1

        await asyncio.gather(*(check(c, i) for i, c in enumerate(conns)))
        await asyncio.sleep(0.5)
        after = read_rss()
        cpu = (time.process_time() - cpu0) / (time.perf_counter() - t0)
    finally:
        await _close_all(conns)
    return {
        "connections": len(conns),
        "rss_before_kib": before,
        "rss_after_kib": after,
        "kib_per_conn": (after - before) / count,
        "client_cpu": cpu,
        "errors": errors,
    }


# ---------------------------------------------------------------------- connect rate


async def connect_rate(url: str, count: int, concurrency: int, auth: bool) -> dict[str, Any]:
    """``count`` open/close cycles, ``concurrency`` at a time; with ``auth`` the client
    sends the token header and waits for the ``authentication`` frame."""
    semaphore = asyncio.Semaphore(concurrency)
    errors = 0

    async def one() -> None:
        nonlocal errors
        async with semaphore:
            conn = await _open(url, auth=auth)
            try:
                if auth:
                    frame = json.loads(await asyncio.wait_for(conn.recv(), RECV_TIMEOUT))
                    status = (frame.get("payload") or {}).get("status_code")
                    if frame.get("action") != "authentication" or status != 200:
                        errors += 1
            finally:
                await conn.close()

    cpu0, t0 = time.process_time(), time.perf_counter()
    await asyncio.gather(*(one() for _ in range(count)))
    elapsed = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    return {
        "handshakes": count,
        "elapsed": elapsed,
        "rate": count / elapsed,
        "client_cpu": cpu / elapsed,
        "errors": errors,
    }


def median(values: list[float]) -> float:
    """Median of the finite values (failed runs are NaN), NaN if there are none."""
    finite = [v for v in values if v == v]
    return statistics.median(finite) if finite else float("nan")
