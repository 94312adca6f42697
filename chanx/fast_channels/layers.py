"""Channel layers for FastAPI apps, with defaults that hold up in production.

fast-channels' Redis layer behaves like channels-redis: built from a bare URL it closes
idle websockets after about 5 s and caps its pool at 100 connections (CONTRACT §14).
:func:`redis_channel_layer` builds one with the defaults of :mod:`chanx.utils.redis`::

    from fast_channels.layers import register_channel_layer
    from chanx.fast_channels.layers import redis_channel_layer

    register_channel_layer("default", redis_channel_layer("redis://localhost:6379/0"))

Needs the ``redis`` extra (redis-py); fast-channels' layer module is imported lazily.

Both layers chanx builds count and log messages dropped because a channel was full
(``layer.chanx_overflow``, :mod:`chanx.core.overflow`); :func:`in_memory_channel_layer`
also raises the in-memory capacity from 100 to 1000::

    register_channel_layer("default", in_memory_channel_layer())
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fast_channels.exceptions import ChannelFull
from fast_channels.layers import InMemoryChannelLayer as FastInMemoryChannelLayer

from chanx.core.memory_layer import InMemoryLayerMixin
from chanx.core.overflow import (
    DEFAULT_IN_MEMORY_CAPACITY,
)
from chanx.utils.redis import (
    DEFAULT_REDIS_CAPACITY,
    DEFAULT_REDIS_MAX_CONNECTIONS,
    DEFAULT_SOCKET_TIMEOUT,
    layer_config,
)

if TYPE_CHECKING:
    from chanx.fast_channels.redis_layer import RedisChannelLayer

__all__ = ["InMemoryChannelLayer", "in_memory_channel_layer", "redis_channel_layer"]


class InMemoryChannelLayer(InMemoryLayerMixin, FastInMemoryChannelLayer):  # type: ignore[misc]
    """fast-channels' in-memory layer, capacity 1000, counting full-channel drops in
    ``chanx_overflow``. Single process only."""

    channel_full_error = ChannelFull

    def __init__(self, capacity: int = DEFAULT_IN_MEMORY_CAPACITY, **kwargs: Any) -> None:
        super().__init__(capacity=capacity, **kwargs)


def in_memory_channel_layer(capacity: int = DEFAULT_IN_MEMORY_CAPACITY) -> InMemoryChannelLayer:
    """A fresh counting :class:`InMemoryChannelLayer` (register it yourself)."""
    return InMemoryChannelLayer(capacity=capacity)


def redis_channel_layer(
    url: str,
    *,
    capacity: int = DEFAULT_REDIS_CAPACITY,
    expiry: int = 60,
    group_expiry: int = 86400,
    max_connections: int = DEFAULT_REDIS_MAX_CONNECTIONS,
    socket_timeout: float | None = DEFAULT_SOCKET_TIMEOUT,
    prefix: str = "asgi",
    **connection_overrides: Any,
) -> RedisChannelLayer:
    """A fast-channels ``RedisChannelLayer`` at ``url`` with chanx's layer defaults,
    counting full-channel drops (:class:`chanx.fast_channels.redis_layer.RedisChannelLayer`).

    Defaults come from :func:`chanx.utils.redis.layer_config` (no read timeout, TCP
    keepalive, health checks, a 1000-connection pool, capacity 1000);
    ``connection_overrides`` go to redis-py's ``ConnectionPool.from_url``.
    """
    from chanx.fast_channels.redis_layer import RedisChannelLayer

    return RedisChannelLayer(
        **layer_config(
            url,
            capacity=capacity,
            expiry=expiry,
            group_expiry=group_expiry,
            max_connections=max_connections,
            socket_timeout=socket_timeout,
            prefix=prefix,
            **connection_overrides,
        )
    )
