"""The ``authentication`` frame a chanx server sends right after the handshake."""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any

from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed

from chanx.client.errors import AuthenticationFailed

__all__ = ["await_authentication"]


async def await_authentication(ws: ClientConnection, timeout: float) -> dict[str, Any]:
    """Read the authentication frame; raise :class:`AuthenticationFailed` unless status 200.

    On failure the server closes with ``4000 + status``; the close code is waited for
    (up to ``timeout``) so that the exception carries it.
    """
    try:
        async with asyncio.timeout(timeout):
            raw = await ws.recv()
    except ConnectionClosed as exc:
        code = exc.rcvd.code if exc.rcvd is not None else None
        raise AuthenticationFailed(None, code) from exc
    frame = json.loads(raw)
    if not isinstance(frame, dict):
        raise AuthenticationFailed(None, None, frame)
    result: dict[str, Any] = frame  # pyright: ignore[reportUnknownVariableType]
    payload = result.get("payload") or {}
    if result.get("action") != "authentication" or payload.get("status_code") != 200:
        with contextlib.suppress(ConnectionClosed, TimeoutError):
            async with asyncio.timeout(timeout):
                await ws.wait_closed()
        code = ws.close_code
        await ws.close()
        raise AuthenticationFailed(payload.get("status_code"), code, payload.get("data"))
    return result
