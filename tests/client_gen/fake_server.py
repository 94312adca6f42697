"""A tiny real websockets server speaking chanx's wire protocol, for runtime tests.

It serves the ``rooms`` channel of ``fixtures/app.json`` plus the topic protocol
(CONTRACT §10): ``post`` -> ``posted`` (or ``rejected`` for empty text), ``crash`` ->
``handler_error``, ``subscribe``/``unsubscribe`` with ``unknown_topic`` /
``unauthorized`` / ``not_subscribed`` errors, ``say`` on a topic -> ``said`` reply plus
a ``said`` broadcast with ``seq``. ``kick`` closes the connection with 1011.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.server import Server, ServerConnection, serve


@dataclass
class Seen:
    """What one connection received."""

    path: str
    headers: dict[str, str]
    frames: list[dict[str, Any]] = field(default_factory=list[dict[str, Any]])


class FakeChanxServer:
    """Start with ``async with FakeChanxServer() as server`` (``server.url`` is ws://...)."""

    def __init__(self, *, auth_status: int | None = None) -> None:
        self.auth_status = auth_status
        self.connections: list[Seen] = []
        self.connected = asyncio.Condition()
        self._server: Server | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = next(iter(self._server.sockets)).getsockname()[:2]
        return f"ws://{host}:{port}"

    async def __aenter__(self) -> FakeChanxServer:
        self._server = await serve(self._handle, "127.0.0.1", 0)
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    async def wait_connections(self, count: int, timeout: float = 10) -> None:
        async with asyncio.timeout(timeout), self.connected:
            await self.connected.wait_for(lambda: len(self.connections) >= count)

    async def _handle(self, ws: ServerConnection) -> None:
        assert ws.request is not None
        seen = Seen(ws.request.path, {k.lower(): v for k, v in ws.request.headers.raw_items()})
        async with self.connected:
            self.connections.append(seen)
            self.connected.notify_all()
        if self.auth_status is not None:
            ok = self.auth_status == 200
            await ws.send(
                json.dumps(
                    {
                        "action": "authentication",
                        "payload": {
                            "status_code": self.auth_status,
                            "status_text": "OK" if ok else "Unauthorized",
                            "data": {"detail": "OK" if ok else "no token"},
                        },
                    }
                )
            )
            if not ok:
                await ws.close(4000 + self.auth_status)
                return
        topics: set[str] = set()
        seq = 0
        if seen.path.startswith("/ws/rooms/default"):
            # Like a route with a default topic: subscribed on connect, unrequested.
            topics.add("thread:default")
            await ws.send(
                json.dumps({"action": "subscribed", "payload": None, "topic": "thread:default"})
            )
        async for raw in ws:
            frame = json.loads(raw)
            seen.frames.append(frame)
            action, ref, topic = frame.get("action"), frame.get("ref"), frame.get("topic")
            envelope: dict[str, Any] = {"ref": ref, "version": 1} if ref is not None else {}
            if topic is not None:
                envelope["topic"] = topic

            async def send(action: str, payload: Any, extra: dict[str, Any] = envelope) -> None:
                await ws.send(json.dumps({"action": action, "payload": payload, **extra}))

            if action == "kick":
                await ws.close(1011, "kicked")
                return
            if action == "post":
                # An unrelated frame first: correlation must not be fooled by order.
                await send("posted", _post(frame), {"ref": "other", "version": 1})
                text = frame["payload"]["body"].get("text")
                if text == "":
                    await send("rejected", {"reason": "empty"})
                else:
                    await send("posted", _post(frame))
            elif action == "crash":
                await send(
                    "error",
                    {"detail": "Failed to process message for crash", "code": "handler_error"},
                )
            elif action == "subscribe":
                if topic == "thread:404":
                    await send("error", _topic_error("unknown_topic"))
                elif topic == "thread:secret":
                    await send("error", _topic_error("unauthorized"))
                else:
                    topics.add(topic)
                    await send("subscribed", None)
            elif action == "unsubscribe":
                if topic not in topics:
                    await send("error", _topic_error("not_subscribed"))
                else:
                    topics.discard(topic)
                    await send("unsubscribed", None)
            elif action == "say" and topic in topics:
                seq += 1
                said = {"text": frame["payload"]["text"], "author": "me"}
                await send("said", said)
                await send("said", {**said, "author": "echo"}, {"topic": topic, "seq": seq})
            elif action == "silence":
                pass
            else:
                await send(
                    "error",
                    [{"type": "union_tag_invalid", "loc": [], "msg": f"unknown action {action!r}"}],
                )


def _post(frame: dict[str, Any]) -> dict[str, Any]:
    return {"body": frame["payload"]["body"], "priority": "low", "replyToId": None}


def _topic_error(reason: str) -> dict[str, str]:
    return {"reason": reason, "code": reason, "detail": f"topic refused: {reason}"}
