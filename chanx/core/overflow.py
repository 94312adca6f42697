"""Counting and logging messages a channel layer drops because a channel is full.

Every channel of a layer holds at most ``capacity`` messages. When a ``group_send``
finds a member's channel full, Channels' in-memory layer, channels-redis and
fast-channels drop the message for that member silently (``ChannelFull`` is
swallowed, or logged at INFO by the Redis layers). chanx's layers
(``chanx.channels.layers``, ``chanx.fast_channels.layers``) report each drop to an
:class:`OverflowStats`, readable as ``layer.chanx_overflow``:

* ``dropped``: messages discarded because a queue was full. In memory every channel
  has its own queue, so this is one per member that missed the message. The Redis
  layers keep all process-local channels of a layer instance in one queue per
  process: one drop there loses the message for every member served by that
  process;
* ``events``: ``group_send``/``send`` calls that dropped at least one;
* a ``chanx.layer.channel_full`` warning, at most once per ``log_interval`` seconds
  per layer (with how many drops it summarises), naming the group or channel, never
  the message.

The in-memory layers also discard messages left unread for ``expiry`` seconds
(default 60) and then remove that channel from all its groups; chanx's count those in
``expired`` and log ``chanx.layer.message_expired``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, ClassVar, cast

from chanx.core.logging import get_logger

__all__ = [
    "DEFAULT_IN_MEMORY_CAPACITY",
    "DEFAULT_OVERFLOW_LOG_INTERVAL",
    "CountingExpiryMixin",
    "CountingLayerMixin",
    "OverflowStats",
]

#: Capacity of chanx's in-memory layers (Channels' and fast-channels' default: 100).
#: 500 connections receiving 180 back-to-back broadcasts lose nothing at 1000 (see
#: ``tests/fan_out/test_fan_out.py``).
DEFAULT_IN_MEMORY_CAPACITY = 1000
#: Seconds between two ``chanx.layer.channel_full`` warnings of one layer.
DEFAULT_OVERFLOW_LOG_INTERVAL = 10.0


class OverflowStats:
    """Drops of one channel layer (see the module docstring). Not thread-safe: a
    layer lives on one event loop."""

    __slots__ = (
        "_clock",
        "_last_expiry_log",
        "_last_log",
        "_unlogged",
        "dropped",
        "events",
        "expired",
        "log_interval",
    )

    def __init__(
        self,
        log_interval: float = DEFAULT_OVERFLOW_LOG_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.log_interval = log_interval
        self.dropped = 0
        self.events = 0
        self._clock = clock
        self._last_log: float | None = None
        self._unlogged = 0
        #: Messages the in-memory layers discarded unread after ``expiry`` seconds.
        self.expired = 0
        self._last_expiry_log: float | None = None

    def record(
        self,
        dropped: int,
        *,
        capacity: int | None,
        group: str | None = None,
        channel: str | None = None,
    ) -> None:
        """Count ``dropped`` messages lost to full channels (no-op for 0)."""
        if dropped <= 0:
            return
        self.dropped += dropped
        self.events += 1
        self._unlogged += dropped
        now = self._clock()
        if self._last_log is not None and now - self._last_log < self.log_interval:
            return
        self._last_log = now
        get_logger().warning(
            "chanx.layer.channel_full",
            group=group,
            channel=channel,
            capacity=capacity,
            dropped=self._unlogged,
            dropped_total=self.dropped,
        )
        self._unlogged = 0

    def record_expired(self, expired: int, *, expiry: float) -> None:
        """Count ``expired`` messages discarded unread after ``expiry`` seconds.

        Channels' and fast-channels' in-memory layers also remove such a channel from
        all its groups. Logged as ``chanx.layer.message_expired`` (rate-limited).
        """
        if expired <= 0:
            return
        self.expired += expired
        now = self._clock()
        last = self._last_expiry_log
        if last is not None and now - last < self.log_interval:
            return
        self._last_expiry_log = now
        get_logger().warning(
            "chanx.layer.message_expired", expiry=expiry, expired_total=self.expired
        )

    def reset(self) -> None:
        """Forget the counts (tests, or a metrics exporter that reads and resets)."""
        self.dropped = self.events = self._unlogged = self.expired = 0
        self._last_log = self._last_expiry_log = None


_GROUP: ContextVar[str | None] = ContextVar("chanx_overflow_group", default=None)


class CountingLayerMixin:
    """Counts a layer's drops in ``chanx_overflow``; put it before the layer class.

    ``send`` raising the layer's ``ChannelFull`` (:attr:`channel_full_error`) is
    recorded and re-raised; the in-memory layers' ``group_send`` calls ``send`` per
    member and swallows it, so every member drop is counted. The Redis layers push a
    group message with one Lua script per connection that returns how many channels
    were over capacity: :meth:`connection` hands ``group_send`` a connection whose
    ``eval`` records that number.
    """

    channel_full_error: ClassVar[type[Exception]] = Exception
    chanx_overflow: OverflowStats
    capacity: int

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.chanx_overflow = OverflowStats()

    async def send(self, channel: str, message: dict[str, Any]) -> None:
        """The layer's ``send``; a full channel is counted, then raised as before."""
        try:
            await cast(Any, super()).send(channel, message)
        except self.channel_full_error:
            self.chanx_overflow.record(
                1, capacity=self.capacity, group=_GROUP.get(), channel=channel
            )
            raise

    async def group_send(self, group: str, message: dict[str, Any]) -> None:
        """The layer's ``group_send``, with drops attributed to ``group``."""
        token = _GROUP.set(group)
        try:
            await cast(Any, super()).group_send(group, message)
        finally:
            _GROUP.reset(token)

    def connection(self, index: int) -> Any:
        """Redis layers only: the pooled client, counting over-capacity group sends."""
        client = cast(Any, super()).connection(index)
        group = _GROUP.get()
        return client if group is None else _CountingClient(client, self, group)


class _CountingClient:
    """A Redis client proxy whose ``eval`` reports the group-send script's result."""

    __slots__ = ("_client", "_group", "_layer")

    def __init__(self, client: Any, layer: CountingLayerMixin, group: str) -> None:
        self._client = client
        self._layer = layer
        self._group = group

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)

    async def eval(self, script: str, numkeys: int, *args: Any) -> Any:
        result = await self._client.eval(script, numkeys, *args)
        if "over_capacity" in script and isinstance(result, int):
            layer = self._layer
            layer.chanx_overflow.record(result, capacity=layer.capacity, group=self._group)
        return result


class CountingExpiryMixin:
    """In-memory layers only: count messages ``_clean_expired`` discards (after
    ``expiry`` seconds unread) in ``chanx_overflow.expired``."""

    chanx_overflow: OverflowStats
    channels: dict[str, Any]
    expiry: float

    def _clean_expired(self) -> None:
        before = sum(queue.qsize() for queue in self.channels.values())
        cast(Any, super())._clean_expired()
        after = sum(queue.qsize() for queue in self.channels.values())
        if after < before:
            self.chanx_overflow.record_expired(before - after, expiry=self.expiry)
