"""Redis connection defaults shared by chanx's channel-layer helpers (framework-free).

A channel layer configured with a bare URL inherits redis-py's defaults: a 5 s
``socket_timeout`` that is no longer than the layers' own 5 s blocking read (idle
sockets time out and websockets close with 1011) and a 100-connection pool cap (a burst
of connects and disconnects raises ``MaxConnectionsError``). Both channels-redis and
fast-channels' Redis layer take one dict per host whose ``address`` is the URL and
whose other keys go to redis-py's ``ConnectionPool.from_url``; :func:`connection_options`
builds that dict with defaults that keep idle sockets alive for minutes.

Reads have no socket timeout: with one, redis-py 8 wraps every command in
``asyncio.wait_for``, and on Python 3.11 a cancellation that lands as a command
completes is lost, so a disconnected consumer's receive loop can poll Redis forever.
A dead server is noticed instead by TCP keepalive probes (about a minute) and by
health-check PINGs on connections idle for more than 15 s; connecting still times out
after 5 s, so a server that is down fails fast.
"""

from __future__ import annotations

import socket
from typing import Any

__all__ = [
    "DEFAULT_HEALTH_CHECK_INTERVAL",
    "DEFAULT_KEEPALIVE_OPTIONS",
    "DEFAULT_REDIS_CAPACITY",
    "DEFAULT_REDIS_MAX_CONNECTIONS",
    "DEFAULT_SOCKET_CONNECT_TIMEOUT",
    "DEFAULT_SOCKET_TIMEOUT",
    "connection_options",
    "layer_config",
    "redis_connection_errors",
]

#: Messages a channel may queue before the layer drops new ones (the layers' default: 100).
DEFAULT_REDIS_CAPACITY = 1000
#: Size of the redis-py connection pool (redis-py 8 default: 100).
DEFAULT_REDIS_MAX_CONNECTIONS = 1000
#: No read timeout (see the module docstring); keepalive detects dead peers.
DEFAULT_SOCKET_TIMEOUT: float | None = None


def _keepalive_options() -> dict[int, int]:
    if not hasattr(socket, "TCP_KEEPIDLE"):  # not Linux: keep the OS defaults
        return {}
    return {socket.TCP_KEEPIDLE: 30, socket.TCP_KEEPINTVL: 10, socket.TCP_KEEPCNT: 3}


#: TCP keepalive: first probe after 30 s idle, then every 10 s, give up after 3.
DEFAULT_KEEPALIVE_OPTIONS: dict[int, int] = _keepalive_options()
#: How long establishing a connection may take.
DEFAULT_SOCKET_CONNECT_TIMEOUT = 5.0
#: Seconds of idleness after which redis-py PINGs a pooled connection before using it.
DEFAULT_HEALTH_CHECK_INTERVAL = 15


def connection_options(
    url: str,
    *,
    max_connections: int = DEFAULT_REDIS_MAX_CONNECTIONS,
    socket_timeout: float | None = DEFAULT_SOCKET_TIMEOUT,
    **overrides: Any,
) -> dict[str, Any]:
    """One ``hosts`` entry for channels-redis or fast-channels' Redis layer.

    ``{"address": url, ...pool options}``; ``overrides`` go to redis-py's
    ``ConnectionPool.from_url`` and replace the defaults chosen here.
    """
    return {
        "address": url,
        "max_connections": max_connections,
        "socket_timeout": socket_timeout,
        "socket_connect_timeout": DEFAULT_SOCKET_CONNECT_TIMEOUT,
        "socket_keepalive": True,
        "socket_keepalive_options": dict(DEFAULT_KEEPALIVE_OPTIONS),
        "health_check_interval": DEFAULT_HEALTH_CHECK_INTERVAL,
        **overrides,
    }


def layer_config(
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
    """Keyword arguments of a Redis channel layer (channels-redis or fast-channels).

    Both layers take ``hosts``, ``prefix``, ``expiry``, ``group_expiry`` and
    ``capacity``; ``connection_overrides`` replace the defaults of
    :func:`connection_options`.
    """
    host = connection_options(
        url, max_connections=max_connections, socket_timeout=socket_timeout, **connection_overrides
    )
    return {
        "hosts": [host],
        "capacity": capacity,
        "expiry": expiry,
        "group_expiry": group_expiry,
        "prefix": prefix,
    }


def redis_connection_errors() -> tuple[type[Exception], ...]:
    """redis-py's connection and timeout errors, or ``()`` when redis-py is not installed.

    They do not derive from the built-in ``ConnectionError``; a Redis channel layer
    raises them when the server goes away (``BusyLoadingError``, raised while a
    restarted server loads its data, is a ``ConnectionError`` subclass).
    """
    try:
        from redis import exceptions
    except ImportError:
        return ()
    return (exceptions.ConnectionError, exceptions.TimeoutError)
