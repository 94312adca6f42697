"""Test infrastructure: free ports, real redis-server and ASGI server subprocesses."""

from tests.support.asgi_server import AsgiServer
from tests.support.ports import free_port, wait_for_port
from tests.support.redis_server import RedisServer, RedisServerUnavailable

__all__ = ["AsgiServer", "RedisServer", "RedisServerUnavailable", "free_port", "wait_for_port"]
