"""``max_connections_per_user`` over real websockets, against daphne and uvicorn.

``/ws/capped/`` allows :data:`~tests.security.tokens.CAP` connections per user;
``/ws/capped-anon/`` has the same limit but no authenticator (anonymous users are
not counted). A slot comes back on a normal close and when the consumer dies.
"""

from __future__ import annotations

import asyncio
import json
from contextlib import AsyncExitStack
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from chanx.constants import CLOSE_TOO_MANY_CONNECTIONS
from tests.security.conftest import log_events
from tests.security.handlers import DIE
from tests.security.tokens import ALICE_TOKEN, BOB_TOKEN, CAP
from tests.support.asgi_server import AsgiServer

pytestmark = [pytest.mark.e2e]

TOO_MANY = {
    "detail": f"Too many open connections for this user (limit {CAP})",
    "code": "too_many_connections",
}


def _as(token: str) -> dict[str, Any]:
    return {"additional_headers": {"Authorization": f"Token {token}"}}


async def _recv(ws: ClientConnection) -> dict[str, Any]:
    return json.loads(await asyncio.wait_for(ws.recv(decode=True), 10))  # type: ignore[no-any-return]


async def _open(
    stack: AsyncExitStack, server: AsgiServer, path: str, **options: Any
) -> ClientConnection:
    """A connection that passed authentication and answers a ping."""
    ws = await stack.enter_async_context(connect(f"{server.ws_url}{path}", **options))
    if "additional_headers" in options:
        assert (await _recv(ws))["payload"]["status_code"] == 200
    await ws.send(json.dumps({"action": "ping"}))
    assert (await _recv(ws))["action"] == "pong"
    return ws


async def _assert_refused(server: AsgiServer, token: str) -> None:
    async with connect(f"{server.ws_url}/ws/capped/", **_as(token)) as ws:
        assert (await _recv(ws))["payload"]["status_code"] == 200  # authenticated...
        assert await _recv(ws) == {"action": "error", "payload": TOO_MANY}  # ...but capped
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), 10)
        assert closed.value.rcvd is not None
        assert closed.value.rcvd.code == CLOSE_TOO_MANY_CONNECTIONS


async def test_cap_per_user_released_on_close_and_on_crash(server: AsgiServer) -> None:
    async with AsyncExitStack() as stack:
        alice = [await _open(stack, server, "/ws/capped/", **_as(ALICE_TOKEN)) for _ in range(CAP)]
        before = len(log_events(server))
        await _assert_refused(server, ALICE_TOKEN)
        events = [
            e for e in log_events(server)[before:] if e["event"] == "chanx.connection.too_many"
        ]
        assert [e["limit"] for e in events] == [CAP]
        # Another user is not affected, and the refused attempt took no slot.
        await _open(stack, server, "/ws/capped/", **_as(BOB_TOKEN))

        # A normal close gives the slot back.
        await alice[0].close()
        alice[0] = await _open(stack, server, "/ws/capped/", **_as(ALICE_TOKEN))
        await _assert_refused(server, ALICE_TOKEN)

        # So does a consumer that dies without a websocket.disconnect.
        await alice[1].send(DIE)
        with pytest.raises(ConnectionClosed):
            await asyncio.wait_for(alice[1].recv(), 10)
        await _open(stack, server, "/ws/capped/", **_as(ALICE_TOKEN))
        await _assert_refused(server, ALICE_TOKEN)


async def test_anonymous_connections_are_not_counted(server: AsgiServer) -> None:
    async with AsyncExitStack() as stack:
        for _ in range(CAP + 2):
            await _open(stack, server, "/ws/capped-anon/")
