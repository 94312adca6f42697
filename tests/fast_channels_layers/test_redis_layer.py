"""``chanx.fast_channels.layers.redis_channel_layer`` against a real ``redis-server``.

CONTRACT §14: built from a bare URL, fast-channels' Redis layer times out on a socket
left idle for more than ~5 s and raises ``MaxConnectionsError`` past 100 concurrent
connections. The control tests show both failures on the bare layer, so the tests of
chanx's helper prove something.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Mapping
from typing import Any

import pytest
from fast_channels.layers.redis import RedisChannelLayer
from redis.exceptions import MaxConnectionsError, RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

from chanx.fast_channels.layers import redis_channel_layer
from chanx.utils.redis import (
    DEFAULT_KEEPALIVE_OPTIONS,
    DEFAULT_REDIS_CAPACITY,
    DEFAULT_REDIS_MAX_CONNECTIONS,
    DEFAULT_SOCKET_TIMEOUT,
    connection_options,
)

pytestmark = [pytest.mark.redis]

CONNECTIONS = 200
IDLE_SECONDS = 6.5


@pytest.fixture
async def robust(redis_url: str) -> AsyncIterator[RedisChannelLayer]:
    layer = redis_channel_layer(redis_url, prefix="chanx-robust")
    yield layer
    await layer.flush()


@pytest.fixture
async def bare(redis_url: str) -> AsyncIterator[RedisChannelLayer]:
    layer = RedisChannelLayer(hosts=[redis_url], prefix="chanx-bare")
    yield layer
    # The control tests leave the bare pool exhausted; the next test FLUSHALLs anyway.
    with contextlib.suppress(RedisError):
        await layer.close_pools()


def test_helper_applies_the_robust_defaults() -> None:
    layer = redis_channel_layer("redis://127.0.0.1:1/0", socket_keepalive=False)
    [host] = layer.hosts
    assert host == connection_options("redis://127.0.0.1:1/0", socket_keepalive=False)
    assert host["address"] == "redis://127.0.0.1:1/0"
    assert host["max_connections"] == DEFAULT_REDIS_MAX_CONNECTIONS == 1000
    # No read timeout (a timed-out read path loses cancellations on Python 3.11);
    # keepalive probes and health checks detect dead servers instead.
    assert host["socket_timeout"] is DEFAULT_SOCKET_TIMEOUT is None
    assert host["socket_keepalive_options"] == DEFAULT_KEEPALIVE_OPTIONS
    assert host["socket_connect_timeout"] > 0
    assert host["health_check_interval"] > 0
    assert host["socket_keepalive"] is False  # overrides win
    assert layer.capacity == DEFAULT_REDIS_CAPACITY == 1000
    pool = layer.create_pool(0)
    assert pool.max_connections == 1000
    assert pool.connection_kwargs["socket_timeout"] == DEFAULT_SOCKET_TIMEOUT


async def _idle_then_receive(layer: RedisChannelLayer) -> Mapping[str, Any]:
    channel = await layer.new_channel()
    receiving = asyncio.ensure_future(layer.receive(channel))
    await asyncio.sleep(IDLE_SECONDS)
    if receiving.done():  # failed while idle
        return receiving.result()
    await layer.send(channel, {"type": "hello", "text": "after idling"})
    return await asyncio.wait_for(receiving, timeout=10)


async def test_idle_receive_survives_longer_than_the_blocking_read(
    robust: RedisChannelLayer,
) -> None:
    message = await _idle_then_receive(robust)
    assert message == {"type": "hello", "text": "after idling"}


async def test_control_bare_layer_times_out_when_idle(bare: RedisChannelLayer) -> None:
    with pytest.raises(RedisTimeoutError):
        await _idle_then_receive(bare)


async def _burst(layer: RedisChannelLayer) -> None:
    """200 connections joining and leaving a group at once, plus a send to each."""
    channels = [f"specific.burst!{n}" for n in range(CONNECTIONS)]
    await asyncio.gather(*(layer.group_add("burst", c) for c in channels))
    await asyncio.gather(*(layer.send(c, {"type": "ping"}) for c in channels))
    await asyncio.gather(*(layer.group_discard("burst", c) for c in channels))
    await asyncio.gather(*(layer.group_add("burst", c) for c in channels))
    await layer.group_send("burst", {"type": "bye"})


async def test_200_connections_at_once_without_max_connections_error(
    robust: RedisChannelLayer,
) -> None:
    await _burst(robust)
    # Still usable afterwards.
    channel = await robust.new_channel()
    await robust.send(channel, {"type": "after"})
    assert await asyncio.wait_for(robust.receive(channel), timeout=10) == {"type": "after"}


async def test_control_bare_layer_runs_out_of_connections(bare: RedisChannelLayer) -> None:
    with pytest.raises(MaxConnectionsError):
        await _burst(bare)


async def test_receive_loop_ends_promptly_when_cancelled(robust: RedisChannelLayer) -> None:
    """A disconnected consumer cancels its receive; the task must really stop.

    With a read timeout, redis-py wraps commands in ``asyncio.wait_for``, which on
    Python 3.11 can swallow a cancellation arriving as a command completes, leaving
    the loop polling Redis forever. Cancel at many points of the read cycle.
    """
    for delay in (0.0, 0.001, 0.005, 0.01, 0.05, 0.1):
        for _ in range(10):
            channel = await robust.new_channel()
            receiving = asyncio.ensure_future(robust.receive(channel))
            await asyncio.sleep(delay)
            receiving.cancel()
            done, _ = await asyncio.wait({receiving}, timeout=3)
            assert receiving in done, f"receive survived cancellation after {delay}s"
