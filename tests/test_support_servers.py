"""Self-tests of the test infrastructure: real redis-server and ASGI server subprocesses."""

from __future__ import annotations

import os
import urllib.request
from collections.abc import Callable

import pytest
import redis
from websockets.sync.client import connect

from tests.support.asgi_server import AsgiServer, ServerKind
from tests.support.ports import free_port, port_is_open
from tests.support.redis_server import RedisServer

ECHO_APP = "tests.support.echo_asgi:app"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_free_port_is_bindable() -> None:
    port = free_port()
    assert 1024 <= port <= 65535
    assert not port_is_open(port)


@pytest.mark.redis
def test_redis_server_set_get_stop_restart(
    redis_server_factory: Callable[[], RedisServer],
) -> None:
    server = redis_server_factory()
    assert server.url == f"redis://127.0.0.1:{server.port}/0"
    assert server.host == "127.0.0.1"

    client = redis.Redis.from_url(server.url)
    try:
        client.set("greeting", "hello")
        assert client.get("greeting") == b"hello"
    finally:
        client.close()

    pid = server.pid
    assert pid is not None
    server.stop()
    assert not server.running
    assert not port_is_open(server.port)
    assert not _pid_alive(pid)
    assert not server.ping()

    port = server.port
    server.start()
    assert server.port == port
    assert server.ping()
    client = redis.Redis.from_url(server.url)
    try:
        assert client.ping()
        assert client.get("greeting") is None  # no persistence
    finally:
        client.close()

    server.kill()
    assert not port_is_open(port)


@pytest.mark.redis
def test_redis_server_context_manager_cleans_up() -> None:
    from tests.conftest import require_redis_server

    require_redis_server()
    with RedisServer() as server:
        pid = server.pid
        assert pid is not None
        assert server.ping()
    assert not _pid_alive(pid)
    assert not port_is_open(server.port)


@pytest.mark.redis
@pytest.mark.parametrize("run", [1, 2])
def test_redis_url_fixture_starts_empty(redis_url: str, run: int) -> None:
    client = redis.Redis.from_url(redis_url)
    try:
        assert client.dbsize() == 0
        client.set(f"leftover-{run}", "x")
    finally:
        client.close()


@pytest.mark.e2e
@pytest.mark.parametrize("kind", ["uvicorn", "daphne"])
def test_asgi_server_serves_echo_websocket(kind: ServerKind) -> None:
    big = "x" * (2 * 1024 * 1024)  # above daphne's default 1 MiB limit
    with AsgiServer(ECHO_APP, kind=kind) as server:
        assert server.running
        assert server.ws_url == f"ws://127.0.0.1:{server.port}"
        with urllib.request.urlopen(f"{server.http_url}/", timeout=10) as response:
            assert response.status == 200
            assert response.read() == b"ok"
        with connect(f"{server.ws_url}/ws/echo/", open_timeout=10, max_size=None) as ws:
            ws.send("hello")
            assert ws.recv(timeout=10) == "hello"
            ws.send(b"\x00\x01")
            assert ws.recv(timeout=10) == b"\x00\x01"
            ws.send(big)
            assert ws.recv(timeout=20) == big
        pid = server.pid
        assert pid is not None
    assert not server.running
    assert not _pid_alive(pid)
    assert not port_is_open(server.port)
    assert server.logs()  # captured output survives close()


@pytest.mark.e2e
def test_asgi_server_env_and_early_exit_reports_logs() -> None:
    server = AsgiServer(
        "tests.support.no_such_module:app",
        kind="uvicorn",
        env={"CHANX_TEST_MARKER": "1"},
        startup_timeout=20,
    )
    try:
        with pytest.raises(RuntimeError, match="exited early") as excinfo:
            server.start()
        assert "no_such_module" in str(excinfo.value)
        assert not server.running
    finally:
        server.close()
