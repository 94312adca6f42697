"""Full channels are counted and logged on chanx's four layers (no server needed
beyond ``redis-server``): Channels' and fast-channels' in-memory and Redis layers.

A group of members that never read receives more messages than ``capacity``: the
stock layers drop the excess silently; chanx's count every dropped message in
``layer.chanx_overflow`` and log one rate-limited ``chanx.layer.channel_full``.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from structlog.testing import capture_logs

from chanx.core.overflow import DEFAULT_IN_MEMORY_CAPACITY, OverflowStats

CAPACITY = 3
MEMBERS = 4
SENDS = 5
SECRET_PAYLOAD = "payload-never-logged"


def _django_memory(capacity: int, url: str | None) -> Any:
    from chanx.channels.layers import InMemoryChannelLayer

    return InMemoryChannelLayer(capacity=capacity)


def _django_redis(capacity: int, url: str | None) -> Any:
    from channels.layers import channel_layers  # noqa: F401  (Django must be configured)

    from chanx.channels.layers import redis_channel_layer
    from chanx.channels.redis_layer import RedisChannelLayer

    assert url is not None
    config = redis_channel_layer(url, capacity=capacity, prefix="chanx-overflow-dj")
    assert config["BACKEND"] == "chanx.channels.redis_layer.RedisChannelLayer"
    return RedisChannelLayer(**config["CONFIG"])


def _fast_memory(capacity: int, url: str | None) -> Any:
    from chanx.fast_channels.layers import in_memory_channel_layer

    return in_memory_channel_layer(capacity)


def _fast_redis(capacity: int, url: str | None) -> Any:
    from chanx.fast_channels.layers import redis_channel_layer

    assert url is not None
    return redis_channel_layer(url, capacity=capacity, prefix="chanx-overflow-fc")


LAYERS: dict[str, tuple[Callable[[int, str | None], Any], bool]] = {
    "channels-memory": (_django_memory, False),
    "channels-redis": (_django_redis, True),
    "fast-channels-memory": (_fast_memory, False),
    "fast-channels-redis": (_fast_redis, True),
}


@pytest.fixture(params=sorted(LAYERS))
async def layer(request: pytest.FixtureRequest) -> AsyncIterator[Any]:
    build, needs_redis = LAYERS[request.param]
    url = request.getfixturevalue("redis_url") if needs_redis else None
    if needs_redis:
        request.applymarker(pytest.mark.redis)
    built = build(CAPACITY, url)
    yield built
    with contextlib.suppress(Exception):
        await built.flush()
    close_pools = getattr(built, "close_pools", None)
    if close_pools is not None:
        await close_pools()


async def test_group_overflow_is_counted_and_logged_once(layer: Any) -> None:
    members = [await layer.new_channel() for _ in range(MEMBERS)]
    for channel in members:
        await layer.group_add("crowd", channel)
    with capture_logs() as logs:
        for seq in range(SENDS):
            await layer.group_send("crowd", {"type": "x.y", "text": SECRET_PAYLOAD, "seq": seq})
    # In memory every member has its own queue; on Redis the process-local channels
    # of one layer share one queue (one list key), so one drop loses all of them.
    shared_queue = "redis" in type(layer).__module__
    dropped = (SENDS - CAPACITY) * (1 if shared_queue else MEMBERS)
    assert layer.chanx_overflow.dropped == dropped
    warnings = [e for e in logs if e["event"] == "chanx.layer.channel_full"]
    assert len(warnings) == 1  # rate-limited: one per 10 s
    assert warnings[0]["group"] == "crowd"
    assert warnings[0]["capacity"] == CAPACITY
    assert warnings[0]["log_level"] == "warning"
    assert SECRET_PAYLOAD not in repr(logs)
    # What was kept is intact and in order.
    for channel in members:
        received = [(await layer.receive(channel))["seq"] for _ in range(CAPACITY)]
        assert received == list(range(CAPACITY))


async def test_direct_send_overflow_is_counted_and_still_raised(layer: Any) -> None:
    channel = await layer.new_channel()
    for seq in range(CAPACITY):
        await layer.send(channel, {"type": "x.y", "seq": seq})
    # ChannelFull of each framework (channels.exceptions / fast_channels.exceptions).
    with capture_logs(), pytest.raises(Exception) as raised:
        await layer.send(channel, {"type": "x.y", "seq": CAPACITY})
    assert type(raised.value).__name__ == "ChannelFull"
    assert layer.chanx_overflow.dropped == 1


def test_in_memory_defaults() -> None:
    from chanx.channels.layers import InMemoryChannelLayer, in_memory_channel_layer
    from chanx.fast_channels.layers import in_memory_channel_layer as fast_in_memory

    assert InMemoryChannelLayer().capacity == DEFAULT_IN_MEMORY_CAPACITY == 1000
    assert in_memory_channel_layer() == {
        "BACKEND": "chanx.channels.layers.InMemoryChannelLayer",
        "CONFIG": {"capacity": DEFAULT_IN_MEMORY_CAPACITY},
    }
    assert fast_in_memory().capacity == DEFAULT_IN_MEMORY_CAPACITY


def test_overflow_stats_log_interval() -> None:
    now = [0.0]
    stats = OverflowStats(log_interval=10.0, clock=lambda: now[0])
    with capture_logs() as logs:
        stats.record(0, capacity=5, group="g")  # nothing dropped: nothing recorded
        stats.record(2, capacity=5, group="g")
        now[0] = 5.0
        stats.record(3, capacity=5, group="g")
        now[0] = 10.5
        stats.record(1, capacity=5, channel="c!1")
    assert (stats.dropped, stats.events) == (6, 3)
    assert [(e["dropped"], e["dropped_total"]) for e in logs] == [(2, 2), (4, 6)]
    stats.reset()
    assert (stats.dropped, stats.events) == (0, 0)


@pytest.mark.parametrize("name", ["channels-memory", "fast-channels-memory"])
async def test_expired_messages_are_counted_and_logged(name: str) -> None:
    from chanx.channels.layers import InMemoryChannelLayer
    from chanx.fast_channels.layers import InMemoryChannelLayer as FastInMemoryChannelLayer

    cls = InMemoryChannelLayer if name == "channels-memory" else FastInMemoryChannelLayer
    layer: Any = cls(expiry=0.05)  # type: ignore[arg-type]
    stale = await layer.new_channel()
    await layer.group_add("crowd", stale)
    await layer.send(stale, {"type": "x.y", "text": SECRET_PAYLOAD})
    await layer.send(stale, {"type": "x.y", "text": SECRET_PAYLOAD})
    await asyncio.sleep(0.1)
    with capture_logs() as logs:
        await layer.group_send("other", {"type": "x.y"})  # cleans expired messages first
    assert layer.chanx_overflow.expired == 2
    assert stale not in layer.groups.get("crowd", {})  # the stock layers' side effect
    assert [e["event"] for e in logs] == ["chanx.layer.message_expired"]
    assert SECRET_PAYLOAD not in repr(logs)
