"""``CHANNEL_LAYERS`` entries with defaults that hold up in production.

A channels-redis layer configured with a bare URL inherits redis-py's defaults: a 5 s
``socket_timeout`` (no longer than the layer's own 5 s blocking read, so idle sockets
time out and websockets close with 1011) and a 100-connection pool cap (so a burst
of connects and disconnects raises ``MaxConnectionsError``). :func:`redis_channel_layer`
sets both sensibly and keeps idle sockets alive with TCP keepalive and health checks.
"""

from __future__ import annotations

from typing import Any

__all__ = ["DEFAULT_REDIS_CAPACITY", "DEFAULT_REDIS_MAX_CONNECTIONS", "redis_channel_layer"]

#: Messages a channel may queue before the layer drops new ones (channels-redis: 100).
DEFAULT_REDIS_CAPACITY = 1000
#: Size of the redis-py connection pool (redis-py 8 default: 100).
DEFAULT_REDIS_MAX_CONNECTIONS = 1000
#: Longer than channels-redis's 5 s blocking read, short enough to notice a dead server.
DEFAULT_SOCKET_TIMEOUT = 30.0


def redis_channel_layer(
    url: str,
    *,
    capacity: int = DEFAULT_REDIS_CAPACITY,
    expiry: int = 60,
    group_expiry: int = 86400,
    max_connections: int = DEFAULT_REDIS_MAX_CONNECTIONS,
    socket_timeout: float = DEFAULT_SOCKET_TIMEOUT,
    prefix: str = "asgi",
    **connection_options: Any,
) -> dict[str, Any]:
    """A ``CHANNEL_LAYERS`` entry for channels-redis at ``url``.

    ``connection_options`` go to redis-py's ``ConnectionPool.from_url`` and override
    the defaults chosen here.
    """
    host: dict[str, Any] = {
        "address": url,
        "max_connections": max_connections,
        "socket_timeout": socket_timeout,
        "socket_connect_timeout": 5.0,
        "socket_keepalive": True,
        "health_check_interval": 15,
        "retry_on_timeout": True,
        **connection_options,
    }
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
