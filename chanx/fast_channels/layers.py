"""Channel layers for FastAPI apps, with defaults that hold up in production.

fast-channels' Redis layer behaves like channels-redis: built from a bare URL it closes
idle websockets after about 5 s and caps its pool at 100 connections (CONTRACT §14).
:func:`redis_channel_layer` builds one with the defaults of :mod:`chanx.utils.redis`::

    from fast_channels.layers import register_channel_layer
    from chanx.fast_channels.layers import redis_channel_layer

    register_channel_layer("default", redis_channel_layer("redis://localhost:6379/0"))

Needs the ``redis`` extra (redis-py); fast-channels' layer module is imported lazily.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chanx.utils.redis import (
    DEFAULT_REDIS_CAPACITY,
    DEFAULT_REDIS_MAX_CONNECTIONS,
    DEFAULT_SOCKET_TIMEOUT,
    layer_config,
)

if TYPE_CHECKING:
    from fast_channels.layers.redis import RedisChannelLayer

__all__ = ["redis_channel_layer"]


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
    """A fast-channels ``RedisChannelLayer`` at ``url`` with chanx's layer defaults.

    Defaults come from :func:`chanx.utils.redis.layer_config` (no read timeout, TCP
    keepalive, health checks, a 1000-connection pool, capacity 1000);
    ``connection_overrides`` go to redis-py's ``ConnectionPool.from_url``.
    """
    from fast_channels.layers.redis import RedisChannelLayer

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
