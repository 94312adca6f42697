"""The FastAPI sandbox under a real uvicorn process, in-memory layer, in-process jobs."""

from __future__ import annotations

import json
from typing import Any

import pytest
from websockets.exceptions import InvalidStatus

from tests.asyncapi.validation import route_addresses
from tests.e2e.sandbox import Client
from tests.e2e_fastapi.sandbox import FastSandbox

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e_sandbox_fastapi")]


def expect_error(frame: dict[str, Any], *, ref: str | None = None) -> Any:
    assert frame["action"] == "error", frame
    if ref is not None:
        assert frame["ref"] == ref
        assert frame["version"] == 1
    return frame["payload"]


# --------------------------------------------------------------------------- HTTP


def test_index_page_lists_endpoints(sandbox: FastSandbox) -> None:
    response = sandbox.http.get("/")
    assert response.status_code == 200
    assert "text/html" in response.headers["content-type"]
    for needle in ("/ws/system", "/ws/rooms/", "/ws/jobs", "/asyncapi", "alice-token"):
        assert needle in response.text
    assert "in-memory" in response.text


def test_asyncapi_document_lists_the_sandbox_channels(sandbox: FastSandbox) -> None:
    response = sandbox.http.get("/asyncapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["asyncapi"].startswith("3.")
    assert document["info"]["title"] == "chanx FastAPI sandbox"
    addresses = route_addresses(document)
    assert addresses == {
        "system": "/ws/system",
        "rooms": "/ws/rooms/{room_name}",
        "jobs": "/ws/jobs",
        "lobby": "/ws/lobby",
        "room": "/ws/lobby/{room_name}",
    }
    docs = sandbox.http.get("/asyncapi")
    assert docs.status_code == 200
    assert "text/html" in docs.headers["content-type"]


# --------------------------------------------------------------------------- system


def test_echo_reply_carries_ref(sandbox: FastSandbox) -> None:
    with sandbox.connect("/ws/system") as client:
        client.ping()
        client.send_action(
            "echo", {"text": "hé", "options": {"repeat": 2, "uppercase": True}}, ref="req-1"
        )
        assert client.recv_json() == {
            "ref": "req-1",
            "version": 1,
            "action": "echo_reply",
            "payload": {
                "text": "HÉHÉ",
                "length": 4,
                "options": {"uppercase": True, "repeat": 2},
            },
        }


def test_invalid_payload_error(sandbox: FastSandbox) -> None:
    with sandbox.connect("/ws/system") as client:
        client.send_action("echo", {"text": "x", "options": {"repeat": 99}}, ref="bad")
        [error] = expect_error(client.recv_json(), ref="bad")
        assert error["type"] == "less_than_equal"
        assert error["loc"] == ["echo", "payload", "options", "repeat"]
        assert set(error) == {"type", "loc", "msg"}
        client.ping()


def test_unknown_action_error(sandbox: FastSandbox) -> None:
    with sandbox.connect("/ws/system") as client:
        client.send_action("launch_rockets", ref="u-1")
        [error] = expect_error(client.recv_json(), ref="u-1")
        assert error["type"] == "union_tag_invalid"
        assert "launch_rockets" in error["msg"]
        client.ping()


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", "null", ""])
def test_malformed_json_error(sandbox: FastSandbox, text: str) -> None:
    with sandbox.connect("/ws/system") as client:
        client.ws.send(text)
        [error] = expect_error(client.recv_json())
        assert error["type"] == "json_invalid"
        assert error["loc"] == []
        client.ping()


def test_handler_exception_does_not_leak(sandbox: FastSandbox) -> None:
    with sandbox.connect("/ws/system") as client:
        client.send_action("crash", ref="boom")
        raw = client.ws.recv(timeout=10)
        assert isinstance(raw, str)
        assert json.loads(raw) == {
            "ref": "boom",
            "version": 1,
            "action": "error",
            "payload": {"detail": "Failed to process message for crash", "code": "handler_error"},
        }
        assert "SandboxCrash" not in raw
        client.ping()
    assert "SandboxCrash" in sandbox.server.logs()


# --------------------------------------------------------------------------- origin


def test_foreign_origin_is_refused(sandbox: FastSandbox) -> None:
    with (
        pytest.raises(InvalidStatus) as refused,
        sandbox.connect("/ws/system", origin="https://evil.example"),
    ):
        pass  # pragma: no cover
    assert refused.value.response.status_code == 403


@pytest.mark.parametrize("origin", ["http://localhost:3000", "http://127.0.0.1:8001"])
def test_local_origins_are_allowed(sandbox: FastSandbox, origin: str) -> None:
    with sandbox.connect("/ws/system", origin=origin) as client:
        client.ping()


# --------------------------------------------------------------------------- rooms


def test_room_broadcast_reaches_both_clients_and_not_other_rooms(sandbox: FastSandbox) -> None:
    with (
        sandbox.room("lobby", "alice-token") as alice,
        sandbox.room("lobby", "bob-token") as bob,
        sandbox.room("elsewhere", "carol-token") as carol,
    ):
        alice.send_action("chat", {"message": "  hello room  "}, ref="c-1")
        expected = {
            "action": "chat_message",
            "payload": {"room": "lobby", "username": "alice", "message": "hello room"},
        }
        assert alice.recv_json() == expected
        assert bob.recv_json() == expected
        carol.ping()  # nothing arrived before the pong
        bob.ping()


def test_room_announcement_from_http(sandbox: FastSandbox) -> None:
    with sandbox.room("news", "bob-token") as bob:
        response = sandbox.http.post("/rooms/news/announce", json={"text": "deploy at 5"})
        assert response.status_code == 202
        assert bob.recv_json() == {
            "action": "announcement",
            "payload": {"room": "news", "text": "deploy at 5"},
        }


def test_blank_chat_is_a_typed_error(sandbox: FastSandbox) -> None:
    with sandbox.room("lobby", "alice-token") as alice:
        alice.send_action("chat", {"message": "   "})
        assert expect_error(alice.recv_json()) == {
            "detail": "Chat messages must not be blank",
            "code": "empty_message",
        }


@pytest.mark.parametrize(
    ("query", "headers", "close_code"),
    [
        ("", {}, 4401),
        ("?token=nope", {}, 4401),
        ("", {"Authorization": "Basic abc"}, 4401),
    ],
    ids=["missing", "unknown", "wrong-scheme"],
)
def test_room_requires_a_valid_token(
    sandbox: FastSandbox, query: str, headers: dict[str, str], close_code: int
) -> None:
    with sandbox.connect(f"/ws/rooms/lobby{query}", headers=headers) as client:
        auth = client.recv_json()
        assert auth["action"] == "authentication"
        assert auth["payload"]["status_code"] == 401
        assert client.wait_closed() == close_code


def test_room_token_in_query_string(sandbox: FastSandbox) -> None:
    with sandbox.connect("/ws/rooms/lobby?token=carol-token") as client:
        assert client.recv_json()["payload"]["status_code"] == 200
        client.ping()


# --------------------------------------------------------------------------- jobs


def start_job(client: Client, kind: str, text: str, **extra: Any) -> str:
    client.send_action("start_job", {"kind": kind, "text": text, **extra}, ref="job")
    ack = client.recv_json()
    assert ack["action"] == "job_accepted", ack
    assert ack["ref"] == "job"
    assert ack["payload"]["kind"] == kind
    job_id: str = ack["payload"]["job_id"]
    return job_id


def test_job_result_is_pushed_in_process(sandbox: FastSandbox) -> None:
    with sandbox.connect("/ws/jobs") as client:
        job_id = start_job(client, "reverse", "hello", delay_ms=200)
        client.ping()  # the connection stays usable while the job runs
        assert client.recv_json() == {
            "action": "job_result",
            "payload": {
                "job_id": job_id,
                "kind": "reverse",
                "status": "succeeded",
                "result": "olleh",
                "error": None,
                "worker": "in-process",
            },
        }


def test_failed_job_reports_a_generic_error(sandbox: FastSandbox) -> None:
    with sandbox.connect("/ws/jobs") as client:
        job_id = start_job(client, "fail", "x")
        result = client.recv_json()
        assert result["action"] == "job_result"
        assert result["payload"]["job_id"] == job_id
        assert result["payload"]["status"] == "failed"
        assert result["payload"]["error"] == "Job failed"
        assert "JobFailed" not in json.dumps(result)


def test_invalid_job_kind_is_rejected(sandbox: FastSandbox) -> None:
    with sandbox.connect("/ws/jobs") as client:
        client.send_action("start_job", {"kind": "mine_bitcoin", "text": "x"})
        [error] = expect_error(client.recv_json())
        assert error["type"] == "literal_error"
        assert error["loc"] == ["start_job", "payload", "kind"]
