"""Root fixtures shared by every test package (framework-free: no Django imports here).

Fixtures:

* ``redis_server`` (session): a private ``redis-server`` on a free loopback port, one per
  pytest(-xdist) worker. Skips when the binary is missing, except under ``CI`` where a
  missing binary is an error.
* ``redis_url`` (function): ``redis://127.0.0.1:PORT/0`` of that server, emptied with
  FLUSHALL before the test (and restarted first if a previous test stopped it).
* ``redis_server_factory`` (function): ``make() -> RedisServer`` for tests that need their
  own server to stop/kill/restart; everything it made is closed at teardown.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest

from tests.support.redis_server import RedisServer, find_redis_server


def running_in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require_redis_server() -> None:
    """Skip (locally) or fail (CI) when ``redis-server`` is not installed."""
    if find_redis_server() is not None:
        return
    message = (
        "redis-server is not installed (scripts/bootstrap.sh installs it with apt; "
        "or set CHANX_REDIS_SERVER=/path/to/redis-server)"
    )
    if running_in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    require_redis_server()
    with RedisServer() as server:
        yield server


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    if not redis_server.running:
        redis_server.start()
    redis_server.flushall()
    return redis_server.url


@pytest.fixture
def redis_server_factory() -> Iterator[Callable[[], RedisServer]]:
    require_redis_server()
    made: list[RedisServer] = []

    def make() -> RedisServer:
        server = RedisServer()
        made.append(server)
        return server.start()

    yield make
    for server in made:
        server.close()
