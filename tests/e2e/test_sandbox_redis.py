"""The sandbox on the Redis channel layer: two daphne processes, one real redis-server.

Broadcasts and events pushed from REST views must cross process boundaries, and the layer
configuration in ``sandbox_django.settings`` must keep idle websockets open (redis-py's
default 5 s socket timeout would drop them with 1011).
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.e2e.sandbox import APP, USERS, Sandbox, chat_message, prepare_database, sandbox_env
from tests.support.asgi_server import AsgiServer
from tests.support.redis_server import RedisServer

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.redis,
    pytest.mark.xdist_group("e2e_sandbox_redis"),
]


@pytest.fixture(scope="module")
def redis_sandboxes(
    tmp_path_factory: pytest.TempPathFactory, redis_server: RedisServer
) -> Iterator[tuple[Sandbox, Sandbox]]:
    """Two sandbox servers sharing one SQLite file and one Redis database."""
    if not redis_server.running:
        redis_server.start()
    redis_server.flushall()
    env = sandbox_env(tmp_path_factory.mktemp("sandbox-redis-db") / "db.sqlite3", redis_server.url)
    tokens = prepare_database(env, USERS)
    started: list[Sandbox] = []
    try:
        for _ in range(2):
            server = AsgiServer(APP, kind="daphne", env=env)
            started.append(Sandbox(server=server.start(), tokens=tokens))
        yield started[0], started[1]
    finally:
        for sandbox in started:
            sandbox.close()


def test_chat_broadcast_crosses_server_processes(redis_sandboxes: tuple[Sandbox, Sandbox]) -> None:
    first, second = redis_sandboxes
    with (
        first.chat("general", "alice") as alice,
        second.chat("general", "bob") as bob,
        first.chat("random", "carol") as carol,
    ):
        bob.send_action("chat", {"message": "from the second server"})
        frame = bob.recv_json()
        assert chat_message(frame) == {
            "chat_id": first.chat_id("general"),
            "username": "bob",
            "message": "from the second server",
        }
        assert alice.recv_json() == frame
        carol.ping()
        alice.ping()


def test_rest_post_reaches_clients_of_another_process(
    redis_sandboxes: tuple[Sandbox, Sandbox],
) -> None:
    first, second = redis_sandboxes
    with first.chat("random", "alice") as alice, second.chat("random", "bob") as bob:
        response = second.post_message("random", "carol", "hello from a sync view")
        assert response.status_code == 201
        frame = alice.recv_json()
        assert chat_message(frame)["message"] == "hello from a sync view"
        assert frame["payload"]["id"] == response.json()["id"]
        assert bob.recv_json() == frame


def test_idle_connection_survives_the_redis_read_timeout(
    redis_sandboxes: tuple[Sandbox, Sandbox],
) -> None:
    first, second = redis_sandboxes
    with first.chat("general", "carol") as carol:
        # Longer than channels-redis's 5 s blocking read and redis-py's default 5 s
        # socket timeout: with a bare-URL layer config the server would close with 1011.
        time.sleep(6.5)
        carol.ping()
        assert second.post_message("general", "alice", "still there?").status_code == 201
        assert carol.recv_json()["payload"]["message"] == "still there?"
