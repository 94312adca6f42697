"""The token authenticator example (``tests/fast_channels/auth.py``), CONTRACT §5/§7."""

from __future__ import annotations

from typing import Any

import pytest

from chanx.core.authenticator import Credential
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from tests.fast_channels.auth import TokenAuthenticator
from tests.fast_channels.conftest import Connect
from tests.fast_channels.consumers import TokenConsumer

TOKEN = "/ws/token/"
OK = {
    "action": "authentication",
    "payload": {"status_code": 200, "status_text": "OK", "data": {"detail": "OK"}},
}


def _bearer(token: str) -> list[tuple[bytes, bytes]]:
    return [(b"authorization", f"Bearer {token}".encode())]


def _denied(status: int, text: str, detail: str) -> dict[str, Any]:
    payload = {"status_code": status, "status_text": text, "data": {"detail": detail}}
    return {"action": "authentication", "payload": payload}


@pytest.mark.parametrize(
    ("path", "headers"),
    [(TOKEN, _bearer("alice-token")), (f"{TOKEN}?token=alice-token", None)],
    ids=["header", "query"],
)
async def test_valid_token_is_authenticated(
    connect: Connect, path: str, headers: list[tuple[bytes, bytes]] | None
) -> None:
    communicator = await connect(path, TokenConsumer, headers)
    assert await communicator.receive_json() == OK
    await communicator.send_message(PingMessage())
    assert await communicator.receive_json() == PongMessage().model_dump(mode="json")
    await communicator.send_to(text_data='{"action": "echo", "payload": {"message": "hi"}}')
    reply = await communicator.receive_json()
    assert reply["payload"] == {"message": "alice: hi"}


async def test_assert_authenticated_status_ok(connect: Connect) -> None:
    communicator = await connect(TOKEN, TokenConsumer, _bearer("alice-token"))
    await communicator.assert_authenticated_status_ok()


NOT_PROVIDED = "Authentication credentials were not provided."


@pytest.mark.parametrize(
    ("path", "headers", "status", "text", "detail"),
    [
        (TOKEN, None, 401, "Unauthorized", NOT_PROVIDED),
        (f"{TOKEN}?other=1", None, 401, "Unauthorized", NOT_PROVIDED),
        (TOKEN, _bearer("nope"), 401, "Unauthorized", "Invalid token."),
        (f"{TOKEN}?token=nope", None, 401, "Unauthorized", "Invalid token."),
        (TOKEN, [(b"authorization", b"Token alice-token")], 401, "Unauthorized", "Invalid token."),
        (TOKEN, [(b"authorization", b"Bearer")], 401, "Unauthorized", "Invalid token."),
        # the header wins over the query string
        (f"{TOKEN}?token=alice-token", _bearer("nope"), 401, "Unauthorized", "Invalid token."),
        (TOKEN, _bearer("mallory-token"), 403, "Forbidden", "User inactive or deleted."),
    ],
    ids=[
        "missing",
        "missing-other-query",
        "bad-header",
        "bad-query",
        "wrong-scheme",
        "empty-bearer",
        "header-wins",
        "inactive-user",
    ],
)
async def test_denied_handshake_sends_status_then_closes(
    connect: Connect,
    path: str,
    headers: list[tuple[bytes, bytes]] | None,
    status: int,
    text: str,
    detail: str,
) -> None:
    communicator = await connect(path, TokenConsumer, headers)
    message = await communicator.wait_for_auth()
    assert message.model_dump(mode="json") == _denied(status, text, detail)
    await communicator.assert_closed(4000 + status)
    await communicator.send_message(PingMessage())
    assert await communicator.receive_nothing(timeout=0.1)


async def test_assert_authenticated_status_ok_fails_on_denial(connect: Connect) -> None:
    communicator = await connect(TOKEN, TokenConsumer)
    with pytest.raises(AssertionError, match="Authentication failed"):
        await communicator.assert_authenticated_status_ok()


def test_credentials_are_declared_for_asyncapi() -> None:
    assert [(c.name, c.location) for c in TokenAuthenticator.credentials] == [
        ("Authorization", "header"),
        ("token", "query"),
    ]
    assert all(isinstance(c, Credential) for c in TokenAuthenticator.credentials)
