"""The sandbox under a real daphne process with the in-memory channel layer.

Covers the wire protocol (replies, ``ref``, every error frame, the connection staying
usable after each error), handshake authentication and room broadcasts, including an
event pushed from a sync Django view through ``broadcast_event_sync``.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from websockets.exceptions import InvalidStatus

from tests.e2e.sandbox import PASSWORD, Sandbox

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e_sandbox_inmemory")]

ONE_MIB = 1024 * 1024


def json_invalid(frame: dict[str, Any]) -> None:
    assert frame["action"] == "error", frame
    [error] = frame["payload"]
    assert error["type"] == "json_invalid"
    assert error["loc"] == []
    assert set(error) == {"type", "loc", "msg"}


# --------------------------------------------------------------------------- HTTP


def test_index_page_lists_endpoints(sandbox: Sandbox) -> None:
    response = sandbox.http.get("/")
    assert response.status_code == 200
    assert "text/html" in response.headers["content-type"]
    for needle in ("ws/system/", "ws/chat/", "/announce/", "general", "random"):
        assert needle in response.text


def test_asyncapi_schema_and_docs_are_served(sandbox: Sandbox) -> None:
    response = sandbox.http.get("/asyncapi/schema/", params={"format": "json"})
    assert response.status_code == 200
    document = response.json()
    assert document["asyncapi"].startswith("3.")
    assert document["info"]["title"] == "chanx sandbox"
    addresses = {name: channel["address"] for name, channel in document["channels"].items()}
    assert addresses == {
        "system": "/ws/system/",
        "chat": "/ws/chat/{room_name}/",
        "discussions": "/ws/discussions/",
        "thread": "/ws/discussions/{thread_id}/",
    }
    docs = sandbox.http.get("/asyncapi/docs/")
    assert docs.status_code == 200
    assert "text/html" in docs.headers["content-type"]


# --------------------------------------------------------------------------- system channel


def test_ping_pong(sandbox: Sandbox) -> None:
    with sandbox.connect("/ws/system/") as client:
        client.ping()


def test_echo_reply_carries_ref_and_version(sandbox: Sandbox) -> None:
    with sandbox.connect("/ws/system/") as client:
        client.send_json(
            {
                "action": "echo",
                "payload": {"text": "hé", "options": {"repeat": 2, "uppercase": True}},
                "ref": "req-1",
                "version": 1,
                "unknown_key": "ignored",
            }
        )
        assert client.recv_json() == {
            "ref": "req-1",
            "version": 1,
            "action": "echo_reply",
            "payload": {
                "text": "HÉHÉ",
                "length": 4,
                "options": {"uppercase": True, "repeat": 2, "tags": []},
            },
        }


def test_echo_without_ref_has_no_envelope_keys(sandbox: Sandbox) -> None:
    with sandbox.connect("/ws/system/") as client:
        client.send_action("echo", {"text": "plain", "options": {"tags": ["a", "b"]}})
        assert client.recv_json() == {
            "action": "echo_reply",
            "payload": {
                "text": "plain",
                "length": 5,
                "options": {"uppercase": False, "repeat": 1, "tags": ["a", "b"]},
            },
        }


def test_echo_of_a_frame_close_to_the_limit(sandbox: Sandbox) -> None:
    text = "x" * (ONE_MIB - 200)
    with sandbox.connect("/ws/system/") as client:
        client.send_action("echo", {"text": text})
        reply = client.recv_json()
        assert reply["action"] == "echo_reply"
        assert reply["payload"]["length"] == len(text)


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ({}, {"type": "missing", "loc": ["echo", "payload", "text"], "msg": "Field required"}),
        (
            {"text": "x", "options": {"repeat": 99}},
            {
                "type": "less_than_equal",
                "loc": ["echo", "payload", "options", "repeat"],
                "msg": "Input should be less than or equal to 10",
            },
        ),
    ],
)
def test_invalid_payload_error_frame(
    sandbox: Sandbox, payload: dict[str, Any], expected: dict[str, Any]
) -> None:
    with sandbox.connect("/ws/system/") as client:
        client.send_action("echo", payload, ref="bad-1")
        assert client.recv_json() == {
            "ref": "bad-1",
            "version": 1,
            "action": "error",
            "payload": [expected],
        }
        client.ping()


def test_unknown_action_error_frame(sandbox: Sandbox) -> None:
    with sandbox.connect("/ws/system/") as client:
        client.send_action("launch_rockets", ref="u-1")
        frame = client.recv_json()
        assert frame["ref"] == "u-1"
        assert frame["action"] == "error"
        [error] = frame["payload"]
        assert error["type"] == "union_tag_invalid"
        assert error["loc"] == []
        assert "launch_rockets" in error["msg"]
        assert set(error) == {"type", "loc", "msg"}
        client.ping()


@pytest.mark.parametrize(
    "text",
    ["{not json", '{"action": "ping"', "[1, 2]", '"ping"', "null", "42", ""],
    ids=["garbage", "truncated", "array", "string", "null", "number", "empty"],
)
def test_malformed_json_error_frame(sandbox: Sandbox, text: str) -> None:
    with sandbox.connect("/ws/system/") as client:
        client.ws.send(text)
        json_invalid(client.recv_json())
        client.ping()


def test_binary_frame_error_frame(sandbox: Sandbox) -> None:
    with sandbox.connect("/ws/system/") as client:
        client.ws.send(json.dumps({"action": "ping"}).encode())
        json_invalid(client.recv_json())
        client.ping()


def test_handler_exception_error_frame_hides_details(sandbox: Sandbox) -> None:
    with sandbox.connect("/ws/system/") as client:
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
        assert "server log" not in raw
        client.ping()
    # The traceback is in the server's log instead (logged before the frame was sent).
    logs = sandbox.server.logs()
    assert "chanx.handler.failed" in logs
    assert "SandboxCrash" in logs


def test_oversized_frame_error_frame_then_close(sandbox: Sandbox) -> None:
    with sandbox.connect("/ws/system/") as client:
        client.ws.send("x" * (ONE_MIB + ONE_MIB // 2))
        frame = client.recv_json()
        assert frame["action"] == "error"
        assert frame["payload"]["code"] == "message_too_large"
        assert set(frame["payload"]) == {"detail", "code"}
        client.wait_closed()
    with sandbox.connect("/ws/system/") as client:
        client.ping()


def test_oversized_frame_close_code_is_1009(sandbox: Sandbox) -> None:
    with sandbox.connect("/ws/system/") as client:
        client.ws.send("x" * (ONE_MIB + ONE_MIB // 2))
        assert client.recv_json()["payload"]["code"] == "message_too_large"
        assert client.wait_closed() == 1009


@pytest.mark.parametrize(
    ("origin", "send_origin"),
    [(None, False), ("http://evil.example", True)],
    ids=["missing", "foreign"],
)
def test_websocket_origin_is_checked(
    sandbox: Sandbox, origin: str | None, send_origin: bool
) -> None:
    with (
        pytest.raises(InvalidStatus) as excinfo,
        sandbox.connect("/ws/system/", origin=origin, send_origin=send_origin),
    ):
        pass  # pragma: no cover - the handshake fails
    assert excinfo.value.response.status_code == 403


def test_localhost_origin_is_accepted(sandbox: Sandbox) -> None:
    origin = f"http://localhost:{sandbox.server.port}"
    with sandbox.connect("/ws/system/", origin=origin) as client:
        client.ping()


# --------------------------------------------------------------------------- chat: auth


def test_chat_token_authentication(sandbox: Sandbox) -> None:
    with sandbox.connect("/ws/chat/general/", token=sandbox.tokens["alice"]) as client:
        assert client.recv_json() == {
            "action": "authentication",
            "payload": {"status_code": 200, "status_text": "OK", "data": {"detail": "OK"}},
        }
        client.ping()


def test_chat_session_cookie_authentication(sandbox: Sandbox) -> None:
    response = sandbox.http.post("/login/", data={"username": "bob", "password": PASSWORD})
    assert response.status_code == 200
    assert response.json() == {"username": "bob", "token": sandbox.tokens["bob"]}
    session_id = response.cookies["sessionid"]
    sandbox.http.cookies.clear()
    headers = {"Cookie": f"sessionid={session_id}"}
    with sandbox.connect("/ws/chat/random/", headers=headers) as client:
        assert client.recv_json()["payload"]["status_code"] == 200
        client.send_action("chat", {"message": "via session"})
        assert client.recv_json() == {
            "action": "chat_message",
            "payload": {"room": "random", "username": "bob", "message": "via session"},
        }


def test_login_rejects_a_bad_password(sandbox: Sandbox) -> None:
    response = sandbox.http.post("/login/", data={"username": "bob", "password": "nope"})
    assert response.status_code == 401
    assert "sessionid" not in response.cookies


@pytest.mark.parametrize(
    ("path", "user", "status", "detail"),
    [
        ("/ws/chat/general/", None, 401, "Authentication credentials were not provided."),
        ("/ws/chat/general/", "nobody", 401, "Invalid token."),
        ("/ws/chat/no-such-room/", "alice", 404, "No ChatRoom matches the given query."),
    ],
    ids=["no-credentials", "bad-token", "unknown-room"],
)
def test_chat_authentication_failure_closes(
    sandbox: Sandbox, path: str, user: str | None, status: int, detail: str
) -> None:
    # "nobody" has no account: send a well-formed token that matches no user.
    token = None if user is None else sandbox.tokens.get(user, "0" * 40)
    with sandbox.connect(path, token=token) as client:
        frame = client.recv_json()
        assert frame["action"] == "authentication"
        assert frame["payload"]["status_code"] == status
        assert frame["payload"]["data"] == {"detail": detail}
        assert client.wait_closed() == 4000 + status


# --------------------------------------------------------------------------- chat: broadcasts


def test_chat_broadcast_reaches_every_room_member_only(sandbox: Sandbox) -> None:
    with (
        sandbox.chat("general", "alice") as alice,
        sandbox.chat("general", "bob") as bob,
        sandbox.chat("random", "carol") as carol,
    ):
        alice.send_action("chat", {"message": "  hello general  "}, ref="c-1")
        expected = {
            "action": "chat_message",
            "payload": {"room": "general", "username": "alice", "message": "hello general"},
        }
        assert alice.recv_json() == expected
        assert bob.recv_json() == expected
        carol.ping()  # nothing for the other room arrived before the pong
        bob.ping()


def test_blank_chat_message_is_a_domain_error(sandbox: Sandbox) -> None:
    with sandbox.chat("general", "alice") as alice, sandbox.chat("general", "bob") as bob:
        alice.send_action("chat", {"message": "   "}, ref="blank")
        assert alice.recv_json() == {
            "ref": "blank",
            "version": 1,
            "action": "error",
            "payload": {"detail": "Chat messages must not be blank", "code": "empty_message"},
        }
        alice.ping()
        bob.ping()  # nothing was broadcast


def test_too_long_chat_message_is_a_validation_error(sandbox: Sandbox) -> None:
    with sandbox.chat("general", "alice") as alice:
        alice.send_action("chat", {"message": "x" * 2001})
        frame = alice.recv_json()
        assert frame["action"] == "error"
        assert [(e["type"], e["loc"]) for e in frame["payload"]] == [
            ("string_too_long", ["chat", "payload", "message"])
        ]
        alice.ping()


def test_announce_view_pushes_an_event_to_the_room(sandbox: Sandbox) -> None:
    with (
        sandbox.chat("general", "alice") as alice,
        sandbox.chat("general", "bob") as bob,
        sandbox.chat("random", "carol") as carol,
    ):
        response = sandbox.announce("general", "maintenance at noon")
        assert response.status_code == 200
        assert response.json() == {"status": "sent", "room": "general", "group": "chat_general"}
        expected = {
            "action": "announcement",
            "payload": {"room": "general", "text": "maintenance at noon"},
        }
        assert alice.recv_json() == expected
        assert bob.recv_json() == expected
        carol.ping()
        alice.ping()


def test_announce_view_errors(sandbox: Sandbox) -> None:
    unknown = sandbox.announce("no-such-room", "hello")
    assert unknown.status_code == 404
    missing_text = sandbox.http.post("/announce/", params={"room": "general"})
    assert missing_text.status_code == 400
    assert missing_text.json()["errors"][0]["loc"] == ["text"]
    assert (
        sandbox.http.get("/announce/", params={"room": "general", "text": "x"}).status_code == 405
    )
