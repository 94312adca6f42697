"""``chanx.fast_channels.origin``: refusing websocket handshakes from foreign origins."""

from __future__ import annotations

import httpx
import pytest
from fast_channels.testing import WebsocketCommunicator
from starlette.applications import Starlette
from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket

from chanx.fast_channels.origin import OriginCheckMiddleware, origin_allowed


@pytest.mark.parametrize(
    ("origin", "allowed", "expected"),
    [
        ("http://localhost:3000", ["localhost"], True),
        ("https://LOCALHOST", ["localhost"], True),
        ("https://evil.example", ["localhost"], False),
        ("https://api.example.com", [".example.com"], True),
        ("https://example.com", [".example.com"], True),
        ("https://notexample.com", [".example.com"], False),
        ("https://anything.test", ["*"], True),
        ("null", ["localhost"], False),
        ("http://[::1]:8000", ["[::1]"], True),
        ("not a url", ["localhost"], False),
    ],
)
def test_origin_allowed(origin: str, allowed: list[str], expected: bool) -> None:
    assert origin_allowed(origin, allowed) is expected


async def _echo(websocket: WebSocket) -> None:
    await websocket.accept()
    await websocket.send_text("hello")
    await websocket.close()


def _app(*, allow_missing: bool = True) -> Starlette:
    app = Starlette(routes=[WebSocketRoute("/ws", _echo)])
    app.add_middleware(
        OriginCheckMiddleware, allowed_hosts=["localhost"], allow_missing=allow_missing
    )
    return app


async def _handshake(app: Starlette, origin: str | None) -> tuple[bool, object]:
    headers = [(b"origin", origin.encode())] if origin is not None else []
    communicator = WebsocketCommunicator(app, "/ws", headers=headers)
    connected, detail = await communicator.connect()
    if connected:
        assert await communicator.receive_from() == "hello"
    await communicator.disconnect()
    return connected, detail


async def test_allowed_origin_connects() -> None:
    connected, _ = await _handshake(_app(), "http://localhost:8000")
    assert connected


async def test_foreign_origin_is_refused_before_accept() -> None:
    connected, code = await _handshake(_app(), "https://evil.example")
    assert not connected
    assert code == 1008


async def test_missing_origin_follows_allow_missing() -> None:
    assert (await _handshake(_app(), None))[0]
    assert not (await _handshake(_app(allow_missing=False), None))[0]


async def test_http_requests_are_untouched() -> None:
    app = Starlette()
    app.add_middleware(OriginCheckMiddleware, allowed_hosts=["localhost"])
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.get("/missing", headers={"origin": "https://evil.example"})
    assert response.status_code == 404
