"""A real Celery worker pushes events to websocket clients of a real daphne.

One ``redis-server`` is the Celery broker and the channel layer (``REDIS_URL``); the
web process only queues tasks (no eager mode with Redis), so an event that reaches a
client was sent by the worker process.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.e2e.celery_worker import CeleryWorker
from tests.e2e.sandbox import (
    APP,
    USERS,
    Sandbox,
    prepare_database,
    run_django,
    sandbox_env,
)
from tests.support.asgi_server import AsgiServer
from tests.support.redis_server import RedisServer

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.redis,
    pytest.mark.xdist_group("e2e_sandbox_celery"),
]


@dataclass
class CeleryStack:
    sandbox: Sandbox
    worker: CeleryWorker
    env: dict[str, str | None]


@pytest.fixture(scope="module")
def stack(
    tmp_path_factory: pytest.TempPathFactory, redis_server: RedisServer
) -> Iterator[CeleryStack]:
    if not redis_server.running:
        redis_server.start()
    redis_server.flushall()
    env = sandbox_env(tmp_path_factory.mktemp("sandbox-celery-db") / "db.sqlite3", redis_server.url)
    tokens = prepare_database(env, USERS)
    with CeleryWorker(env) as worker:
        server = AsgiServer(APP, kind="daphne", env=env).start()
        sandbox = Sandbox(server=server, tokens=tokens)
        try:
            yield CeleryStack(sandbox, worker, env)
        finally:
            sandbox.close()


def test_task_from_a_rest_view_reaches_the_users_websocket(stack: CeleryStack) -> None:
    sandbox = stack.sandbox
    with (
        sandbox.connect("/ws/notifications/", token=sandbox.tokens["alice"]) as alice,
        sandbox.connect("/ws/notifications/", token=sandbox.tokens["bob"]) as bob,
    ):
        for client in (alice, bob):
            assert client.recv_json()["payload"]["status_code"] == 200
        response = sandbox.http.post(
            "/api/notifications/",
            json={"text": "sent by the worker"},
            headers=sandbox.auth_headers("alice"),
        )
        assert response.status_code == 202
        assert alice.recv_json() == {
            "action": "notification",
            "payload": {"text": "sent by the worker"},
        }
        bob.ping()  # only alice's group got it
    logs = stack.worker.logs()
    assert "sandbox_django.notifications.tasks.notify_user" in logs
    assert "succeeded" in logs
    # The web process never ran the task itself.
    assert "notify_user" not in sandbox.server.logs()


def test_queued_announcement_reaches_everyone(stack: CeleryStack) -> None:
    sandbox = stack.sandbox
    with (
        sandbox.connect("/ws/notifications/", token=sandbox.tokens["alice"]) as alice,
        sandbox.connect("/ws/notifications/", token=sandbox.tokens["carol"]) as carol,
    ):
        for client in (alice, carol):
            assert client.recv_json()["payload"]["status_code"] == 200
        output = run_django(stack.env, "announce", "--queue", "deploy at five")
        assert output.strip() == "announcement queued"
        expected = {"action": "announcement", "payload": {"text": "deploy at five"}}
        assert alice.recv_json() == expected
        assert carol.recv_json() == expected
    assert "sandbox_django.notifications.tasks.announce" in stack.worker.logs()
