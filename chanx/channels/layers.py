"""``CHANNEL_LAYERS`` entries with defaults that hold up in production.

A channels-redis layer configured with a bare URL inherits redis-py's defaults: a 5 s
``socket_timeout`` (no longer than the layer's own 5 s blocking read, so idle sockets
time out and websockets close with 1011) and a 100-connection pool cap (so a burst
of connects and disconnects raises ``MaxConnectionsError``). :func:`redis_channel_layer`
uses chanx's shared layer defaults (:func:`chanx.utils.redis.layer_config`) instead.

Both helpers select chanx's layer classes, which count and log messages dropped
because a channel was full (``layer.chanx_overflow``, :mod:`chanx.core.overflow`);
:func:`in_memory_channel_layer` also raises the in-memory capacity from 100 to 1000::

    CHANNEL_LAYERS = {"default": in_memory_channel_layer()}
"""

from __future__ import annotations

from typing import Any

from channels.exceptions import ChannelFull
from channels.layers import InMemoryChannelLayer as ChannelsInMemoryChannelLayer

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

__all__ = [
    "DEFAULT_IN_MEMORY_CAPACITY",
    "DEFAULT_REDIS_CAPACITY",
    "DEFAULT_REDIS_MAX_CONNECTIONS",
    "InMemoryChannelLayer",
    "in_memory_channel_layer",
    "redis_channel_layer",
]


class InMemoryChannelLayer(InMemoryLayerMixin, ChannelsInMemoryChannelLayer):  # type: ignore[misc]
    """Channels' in-memory layer, capacity 1000, counting full-channel drops in
    ``chanx_overflow``. Single process only (development, tests, one-worker apps)."""

    channel_full_error = ChannelFull

    def __init__(self, capacity: int = DEFAULT_IN_MEMORY_CAPACITY, **kwargs: Any) -> None:
        super().__init__(capacity=capacity, **kwargs)


def in_memory_channel_layer(capacity: int = DEFAULT_IN_MEMORY_CAPACITY) -> dict[str, Any]:
    """A ``CHANNEL_LAYERS`` entry for chanx's counting :class:`InMemoryChannelLayer`."""
    return {
        "BACKEND": "chanx.channels.layers.InMemoryChannelLayer",
        "CONFIG": {"capacity": capacity},
    }


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
) -> dict[str, Any]:
    """A ``CHANNEL_LAYERS`` entry for channels-redis at ``url``.

    Defaults come from :func:`chanx.utils.redis.layer_config` (no read timeout, TCP
    keepalive, health checks, a 1000-connection pool, capacity 1000);
    ``connection_overrides`` go to redis-py's ``ConnectionPool.from_url``. The backend
    is :class:`chanx.channels.redis_layer.RedisChannelLayer` (channels-redis, counting
    full-channel drops).
    """
    config = layer_config(
        url,
        capacity=capacity,
        expiry=expiry,
        group_expiry=group_expiry,
        max_connections=max_connections,
        socket_timeout=socket_timeout,
        prefix=prefix,
        **connection_overrides,
    )
    return {"BACKEND": "chanx.channels.redis_layer.RedisChannelLayer", "CONFIG": config}
