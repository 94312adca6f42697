"""The sandbox under a real daphne process with the in-memory channel layer.

Covers the wire protocol (replies, ``ref``, every error frame, the connection staying
usable after each error), handshake authentication and object permissions, chat
broadcasts, including an event pushed from a sync DRF view through
``broadcast_event_sync``, and the pages and static files served by daphne.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest
from websockets.exceptions import InvalidStatus

from tests.asyncapi.validation import route_addresses
from tests.e2e.sandbox import OUTSIDER, PASSWORD, Sandbox, chat_message
from tests.support.asgi_server import REPO_ROOT

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
    for needle in ("ws/system/", "ws/chat/", "ws/assistant/", "/api/chats/", "/asyncapi/docs/"):
        assert needle in response.text


def test_pages_need_a_login_and_static_files_are_served(sandbox: Sandbox) -> None:
    for page in ("/chat/", "/assistant/", f"/chat/{sandbox.chat_id('general')}/"):
        response = sandbox.http.get(page)
        assert response.status_code == 302, page
        assert response.headers["location"].startswith("/accounts/login/?next=")
    login_page = sandbox.http.get("/accounts/login/")
    assert login_page.status_code == 200
    assert "demo-password" in login_page.text
    script = sandbox.http.get("/static/sandbox_django/chat.js")
    assert script.status_code == 200
    assert "/ws/chat/" in script.text


def test_asyncapi_schema_and_docs_are_served(sandbox: Sandbox) -> None:
    response = sandbox.http.get("/asyncapi/schema/", params={"format": "json"})
    assert response.status_code == 200
    document = response.json()
    assert document["asyncapi"].startswith("3.")
    assert document["info"]["title"] == "chanx sandbox"
    addresses = route_addresses(document)
    assert addresses == {
        "system": "/ws/system/",
        "chat": "/ws/chat/{chat_id}/",
        "assistant": "/ws/assistant/",
        "notifications": "/ws/notifications/",
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
    path = f"/ws/chat/{sandbox.chat_id('general')}/"
    with sandbox.connect(path, token=sandbox.tokens["alice"]) as client:
        assert client.recv_json() == {
            "action": "authentication",
            "payload": {"status_code": 200, "status_text": "OK", "data": {"detail": "OK"}},
        }
        client.ping()


def test_chat_session_cookie_authentication(sandbox: Sandbox) -> None:
    response = sandbox.http.post("/api/auth/login/", data={"username": "bob", "password": PASSWORD})
    assert response.status_code == 200
    assert response.json() == {"username": "bob", "token": sandbox.tokens["bob"]}
    session_id = response.cookies["sessionid"]
    sandbox.http.cookies.clear()
    headers = {"Cookie": f"sessionid={session_id}"}
    chat_id = sandbox.chat_id("random")
    with sandbox.connect(f"/ws/chat/{chat_id}/", headers=headers) as client:
        assert client.recv_json()["payload"]["status_code"] == 200
        client.send_action("chat", {"message": "via session"})
        assert chat_message(client.recv_json()) == {
            "chat_id": chat_id,
            "username": "bob",
            "message": "via session",
        }


def test_login_rejects_a_bad_password(sandbox: Sandbox) -> None:
    response = sandbox.http.post("/api/auth/login/", data={"username": "bob", "password": "nope"})
    assert response.status_code == 401
    assert "sessionid" not in response.cookies


@pytest.mark.parametrize(
    ("chat", "user", "status", "detail"),
    [
        ("general", None, 401, "Authentication credentials were not provided."),
        ("general", "nobody", 401, "Invalid token."),
        ("general", OUTSIDER, 403, "You are not a member of this chat."),
        (None, "alice", 404, "No Chat matches the given query."),
    ],
    ids=["no-credentials", "bad-token", "non-member", "unknown-chat"],
)
def test_chat_authentication_failure_closes(
    sandbox: Sandbox, chat: str | None, user: str | None, status: int, detail: str
) -> None:
    # "nobody" has no account: send a well-formed token that matches no user.
    token = None if user is None else sandbox.tokens.get(user, "0" * 40)
    chat_id = sandbox.chat_id(chat) if chat is not None else 999_999
    with sandbox.connect(f"/ws/chat/{chat_id}/", token=token) as client:
        frame = client.recv_json()
        assert frame["action"] == "authentication"
        assert frame["payload"]["status_code"] == status
        assert frame["payload"]["data"] == {"detail": detail}
        assert client.wait_closed() == 4000 + status


# --------------------------------------------------------------------------- chat: broadcasts


def test_chat_broadcast_reaches_every_chat_member_only(sandbox: Sandbox) -> None:
    with (
        sandbox.chat("general", "alice") as alice,
        sandbox.chat("general", "bob") as bob,
        sandbox.chat("random", "carol") as carol,
    ):
        alice.send_action("chat", {"message": "  hello general  "}, ref="c-1")
        expected = {
            "chat_id": sandbox.chat_id("general"),
            "username": "alice",
            "message": "hello general",
        }
        first = alice.recv_json()
        assert chat_message(first) == expected
        assert bob.recv_json() == first
        carol.ping()  # nothing for the other chat arrived before the pong
        bob.ping()
    # Stored: the REST history has it.
    history = sandbox.http.get(
        f"/api/chats/{sandbox.chat_id('general')}/messages/",
        headers=sandbox.auth_headers("carol"),
    )
    assert history.json()[-1]["id"] == first["payload"]["id"]


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


def test_rest_post_pushes_an_event_to_the_chat(sandbox: Sandbox) -> None:
    with (
        sandbox.chat("general", "alice") as alice,
        sandbox.chat("general", "bob") as bob,
        sandbox.chat("random", "carol") as carol,
    ):
        response = sandbox.post_message("general", "carol", "maintenance at noon")
        assert response.status_code == 201
        frame = alice.recv_json()
        assert chat_message(frame) == {
            "chat_id": sandbox.chat_id("general"),
            "username": "carol",
            "message": "maintenance at noon",
        }
        assert frame["payload"]["id"] == response.json()["id"]
        assert bob.recv_json() == frame
        carol.ping()
        alice.ping()


def test_rest_post_errors(sandbox: Sandbox) -> None:
    assert sandbox.post_message("general", OUTSIDER, "let me in").status_code == 403
    blank = sandbox.post_message("general", "alice", "   ")
    assert blank.status_code == 400
    assert "message" in blank.json()
    unknown = sandbox.http.post(
        "/api/chats/999999/messages/", json={"message": "x"}, headers=sandbox.auth_headers("alice")
    )
    assert unknown.status_code == 404
    anonymous = sandbox.http.post(
        f"/api/chats/{sandbox.chat_id('general')}/messages/", json={"message": "x"}
    )
    assert anonymous.status_code == 401


# --------------------------------------------------------------------------- docs example


def test_docs_chat_client_example_runs(sandbox: Sandbox) -> None:
    example = REPO_ROOT / "sandbox_django" / "examples" / "chat_client.py"
    assert example.read_text() in (REPO_ROOT / "docs" / "sandbox.md").read_text()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env["SANDBOX_URL"] = sandbox.server.http_url
    result = subprocess.run(
        [sys.executable, str(example)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    frames = [json.loads(line) for line in result.stdout.splitlines()]
    assert frames[0]["payload"]["status_code"] == 200
    assert [f["payload"]["message"] for f in frames[1:]] == ["hello", "over REST"]
    assert {f["payload"]["username"] for f in frames[1:]} == {"demo"}
