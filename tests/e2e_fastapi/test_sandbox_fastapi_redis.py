"""The FastAPI sandbox on Redis: two uvicorn processes and a separate job worker process.

A job's result must be computed by the worker process (not the server) and pushed back
to the requesting websocket through the Redis channel layer, even after the connection
sat idle longer than redis-py's default socket timeout; room broadcasts must cross
server processes.
"""

from __future__ import annotations

import time

import pytest

from tests.e2e_fastapi.conftest import RedisStack
from tests.e2e_fastapi.test_sandbox_fastapi import start_job

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.redis,
    pytest.mark.xdist_group("e2e_sandbox_fastapi_redis"),
]

#: Longer than redis-py's default 5 s socket timeout and the layer's 5 s blocking read.
IDLE_SECONDS = 6.5


def test_job_result_comes_from_the_worker_process(redis_stack: RedisStack) -> None:
    server_pids = {redis_stack.first.server.pid, redis_stack.second.server.pid}
    with redis_stack.first.connect("/ws/jobs") as client:
        job_id = start_job(client, "reverse", "chanx on redis")
        result = client.recv_json(timeout=15)
    assert result == {
        "action": "job_result",
        "payload": {
            "job_id": job_id,
            "kind": "reverse",
            "status": "succeeded",
            "result": "sider no xnahc",
            "error": None,
            "worker": f"worker pid {redis_stack.worker.pid}",
        },
    }
    assert redis_stack.worker.pid not in server_pids
    assert job_id in redis_stack.worker.logs()


def test_job_result_reaches_a_connection_that_sat_idle(redis_stack: RedisStack) -> None:
    with redis_stack.second.connect("/ws/jobs") as client:
        time.sleep(IDLE_SECONDS)
        client.ping()
        job_id = start_job(client, "word_count", "one two three", delay_ms=100)
        result = client.recv_json(timeout=15)
        assert result["payload"]["job_id"] == job_id
        assert result["payload"]["result"] == "3"
        assert result["payload"]["worker"] == f"worker pid {redis_stack.worker.pid}"


def test_concurrent_jobs_each_reach_their_own_client(redis_stack: RedisStack) -> None:
    with (
        redis_stack.first.connect("/ws/jobs") as a,
        redis_stack.second.connect("/ws/jobs") as b,
    ):
        job_a = start_job(a, "uppercase", "from a", delay_ms=300)
        job_b = start_job(b, "uppercase", "from b", delay_ms=100)
        result_b = b.recv_json(timeout=15)
        result_a = a.recv_json(timeout=15)
        assert (result_a["payload"]["job_id"], result_a["payload"]["result"]) == (job_a, "FROM A")
        assert (result_b["payload"]["job_id"], result_b["payload"]["result"]) == (job_b, "FROM B")
        a.ping()
        b.ping()


def test_room_broadcast_crosses_server_processes(redis_stack: RedisStack) -> None:
    with (
        redis_stack.first.room("general", "alice-token") as alice,
        redis_stack.second.room("general", "bob-token") as bob,
    ):
        bob.send_action("chat", {"message": "from the second server"})
        expected = {
            "action": "chat_message",
            "payload": {"room": "general", "username": "bob", "message": "from the second server"},
        }
        assert bob.recv_json() == expected
        assert alice.recv_json() == expected
        response = redis_stack.second.http.post("/rooms/general/announce", json={"text": "hi"})
        assert response.status_code == 202
        announcement = {"action": "announcement", "payload": {"room": "general", "text": "hi"}}
        assert alice.recv_json() == announcement
        assert bob.recv_json() == announcement
