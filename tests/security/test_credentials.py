"""Handshake credentials from the header, the ``chanx.bearer`` subprotocol, a cookie or
(opt-in) the query string, over real websockets against daphne and uvicorn.

Django runs DRF's ``TokenAuthentication`` unchanged (the token is presented to it as
the ``Authorization`` header); FastAPI a ``BaseAuthenticator`` using
``find_credential``. Failures are logged with a reason and the source, never the token.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from chanx.core.credentials import SUBPROTOCOL_MARKER
from tests.security.conftest import log_events
from tests.security.tokens import ALICE_TOKEN, BOB_TOKEN, WRONG_TOKEN
from tests.support.asgi_server import AsgiServer

#: Unknown token sent in query strings (which access logs may print).
QUERY_TOKEN = "querytokensecret0123456789abcdef01234567"

pytestmark = [pytest.mark.e2e]


async def _auth_frame(ws: ClientConnection) -> dict[str, Any]:
    frame = json.loads(await ws.recv(decode=True))
    assert frame["action"] == "authentication", frame
    return frame["payload"]  # type: ignore[no-any-return]


async def _accepted(ws: ClientConnection) -> None:
    payload = await _auth_frame(ws)
    assert payload["status_code"] == 200, payload
    await ws.send(json.dumps({"action": "ping"}))
    assert json.loads(await ws.recv(decode=True))["action"] == "pong"


async def _refused(ws: ClientConnection) -> int | None:
    payload = await _auth_frame(ws)
    assert payload["status_code"] == 401, payload
    with pytest.raises(ConnectionClosed) as closed:
        await ws.recv()
    return closed.value.rcvd.code if closed.value.rcvd else None


CASES: dict[str, dict[str, Any]] = {
    "header": {"additional_headers": {"Authorization": f"Token {ALICE_TOKEN}"}},
    "subprotocol": {"subprotocols": [SUBPROTOCOL_MARKER, ALICE_TOKEN]},
    "cookie": {"additional_headers": {"Cookie": f"theme=dark; chanx_token={ALICE_TOKEN}"}},
}


@pytest.mark.parametrize("source", sorted(CASES))
async def test_each_source_is_accepted(server: AsgiServer, source: str) -> None:
    async with connect(f"{server.ws_url}/ws/cred/", **CASES[source]) as ws:
        await _accepted(ws)
        expected = SUBPROTOCOL_MARKER if source == "subprotocol" else None
        assert ws.subprotocol == expected  # the marker is echoed, never the token
        assert ws.response is not None
        assert ALICE_TOKEN not in str(ws.response.headers)


async def test_subprotocol_token_must_follow_the_marker(server: AsgiServer) -> None:
    async with connect(
        f"{server.ws_url}/ws/cred/", subprotocols=[ALICE_TOKEN, SUBPROTOCOL_MARKER]
    ) as ws:
        assert await _refused(ws) == 4401
        assert ws.subprotocol is None


async def test_query_string_is_refused_unless_enabled(server: AsgiServer) -> None:
    async with connect(f"{server.ws_url}/ws/cred/?token={BOB_TOKEN}") as ws:
        assert await _refused(ws) == 4401
    async with connect(f"{server.ws_url}/ws/cred-query/?token={BOB_TOKEN}") as ws:
        await _accepted(ws)


async def test_failures_are_logged_with_reason_and_source_never_the_secret(
    server: AsgiServer,
) -> None:
    attempts: list[tuple[str, dict[str, Any], str, str | None]] = [
        (
            "/ws/cred/",
            {"additional_headers": {"Authorization": f"Token {WRONG_TOKEN}"}},
            "invalid_credentials",
            "header",
        ),
        (
            "/ws/cred/",
            {"subprotocols": [SUBPROTOCOL_MARKER, WRONG_TOKEN]},
            "invalid_credentials",
            "subprotocol",
        ),
        (
            "/ws/cred/",
            {"additional_headers": {"Cookie": f"chanx_token={WRONG_TOKEN}"}},
            "invalid_credentials",
            "cookie",
        ),
        ("/ws/cred-query/?token=" + QUERY_TOKEN, {}, "invalid_credentials", "query"),
        ("/ws/cred/?token=" + QUERY_TOKEN, {}, "missing_credentials", None),
        ("/ws/cred/", {}, "missing_credentials", None),
    ]
    before = len(log_events(server))
    for path, options, _, _ in attempts:
        async with connect(f"{server.ws_url}{path}", **options) as ws:
            assert await _refused(ws) == 4401
    async with connect(f"{server.ws_url}/ws/cred/", **CASES["subprotocol"]) as ws:
        await _accepted(ws)

    failures = [e for e in log_events(server)[before:] if e["event"] == "chanx.auth.failed"]
    assert [(e["reason"], e["source"]) for e in failures] == [
        (reason, source) for _, _, reason, source in attempts
    ]
    assert all(e["close_code"] == 4401 for e in failures)
    logs = server.logs()
    for secret in (WRONG_TOKEN, ALICE_TOKEN):
        assert secret not in logs, f"{secret} leaked into the server log"
    # A query-string token is in the URL, which servers' access logs print (uvicorn
    # does): the reason query credentials are off by default. chanx never logs it.
    events = json.dumps(log_events(server))
    for secret in (QUERY_TOKEN, BOB_TOKEN):
        assert secret not in events, f"{secret} leaked into chanx's log events"
