"""``CHANNEL_LAYERS`` entries with defaults that hold up in production.

A channels-redis layer configured with a bare URL inherits redis-py's defaults: a 5 s
``socket_timeout`` (no longer than the layer's own 5 s blocking read, so idle sockets
time out and websockets close with 1011) and a 100-connection pool cap (so a burst
of connects and disconnects raises ``MaxConnectionsError``). :func:`redis_channel_layer`
uses chanx's shared connection defaults (:mod:`chanx.utils.redis`) instead.
"""

from __future__ import annotations

from typing import Any

from chanx.utils.redis import (
    DEFAULT_REDIS_CAPACITY,
    DEFAULT_REDIS_MAX_CONNECTIONS,
    DEFAULT_SOCKET_TIMEOUT,
    connection_options,
)

__all__ = ["DEFAULT_REDIS_CAPACITY", "DEFAULT_REDIS_MAX_CONNECTIONS", "redis_channel_layer"]


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

    ``connection_overrides`` go to redis-py's ``ConnectionPool.from_url`` and replace
    the defaults of :func:`chanx.utils.redis.connection_options`.
    """
    host = connection_options(
        url, max_connections=max_connections, socket_timeout=socket_timeout, **connection_overrides
    )
    return {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {
            "hosts": [host],
            "capacity": capacity,
            "expiry": expiry,
            "group_expiry": group_expiry,
            "prefix": prefix,
        },
    }
