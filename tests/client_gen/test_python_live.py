"""Generated Python clients against the live sandboxes (daphne + Django, uvicorn + FastAPI).

Each sandbox's client is generated from the document the running server serves (so
URL loading is exercised too), type-checked with ``mypy --strict``, imported, and
used: request/reply, fire-and-forget + receive, handlers, error frames, validation
errors, authentication, channel-layer events, and reconnect after a server restart.
"""

from __future__ import annotations

import asyncio
import importlib
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from chanx.client import AuthenticationFailed, Backoff, ServerError
from chanx.client_gen import generate
from tests.client_gen.support import run_mypy_strict
from tests.e2e import sandbox as django_sandbox
from tests.e2e_fastapi import sandbox as fastapi_sandbox
from tests.support.asgi_server import AsgiServer

pytestmark = pytest.mark.e2e

FAST = Backoff(initial=0.1, maximum=1.0)


@dataclass
class Live:
    name: str
    server: AsgiServer
    package: str
    directory: Path
    #: Channel module of the room chat and its client class.
    chat: str
    tokens: dict[str, str]
    origin: str | None
    scheme: str
    close: Any

    def module(self, path: str) -> ModuleType:
        return importlib.import_module(f"{self.package}.{path}")

    def options(self, **extra: Any) -> dict[str, Any]:
        options: dict[str, Any] = {"proxy": None, "backoff": FAST, "origin": self.origin}
        options.update(extra)
        return options

    def auth(self, user: str) -> dict[str, str]:
        return {"Authorization": f"{self.scheme} {self.tokens[user]}"}


def _start(name: str, tmp: Path) -> Live:
    if name == "django":
        running = django_sandbox.start_sandbox(tmp / "db.sqlite3", usernames=["alice", "bob"])
        schema = f"{running.server.http_url}/asyncapi/schema/?format=json"
        live = Live(name, running.server, "live_django_client", tmp, "chat", running.tokens,
                    running.origin, "Token", running.close)  # fmt: skip
    else:
        fast = fastapi_sandbox.start_sandbox()
        schema = f"{fast.server.http_url}/asyncapi.json"
        tokens = {"alice": "alice-token", "bob": "bob-token"}
        live = Live(name, fast.server, "live_fastapi_client", tmp, "rooms", tokens, None,
                    "Bearer", fast.close)  # fmt: skip
    try:
        generate(schema, tmp / live.package, "python")
    except BaseException:
        live.close()
        raise
    return live


@pytest.fixture(scope="module", params=["django", "fastapi"])
def live(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Live]:
    tmp = tmp_path_factory.mktemp(f"live-{request.param}")
    running = _start(str(request.param), tmp)
    sys.path.insert(0, str(tmp))
    try:
        yield running
    finally:
        sys.path.remove(str(tmp))
        for module in [m for m in sys.modules if m.split(".")[0] == running.package]:
            del sys.modules[module]
        running.close()


def test_generated_client_passes_mypy_strict(live: Live) -> None:
    result = run_mypy_strict(live.directory, live.package)
    assert result.returncode == 0, result.stdout + result.stderr


async def test_request_reply_send_and_receive(live: Live) -> None:
    client_mod, messages = live.module("system.client"), live.module("system.messages")
    async with client_mod.SystemClient(live.server.ws_url, **live.options()) as client:
        options = messages.EchoOptions(uppercase=True, repeat=2)
        reply = await client.request(
            messages.EchoMessage(payload=messages.EchoPayload(text="hi", options=options)),
            timeout=10,
        )
        assert isinstance(reply, messages.EchoReplyMessage)
        assert reply.payload.text == "HIHI"
        assert reply.payload.length == 4
        assert reply.ref is not None
        # Defaults the client left out are applied by the server.
        plain = await client.request(messages.EchoMessage(payload=messages.EchoPayload(text="x")))
        assert (plain.payload.options.uppercase, plain.payload.options.repeat) == (False, 1)
        await client.send_message(messages.PingMessage())
        pong = await client.receive(timeout=10)
        assert isinstance(pong, messages.PongMessage)
        assert pong.ref is None


async def test_error_frames(live: Live) -> None:
    client_mod, messages = live.module("system.client"), live.module("system.messages")
    async with client_mod.SystemClient(live.server.ws_url, **live.options()) as client:
        with pytest.raises(ServerError) as crashed:
            await client.request(messages.CrashMessage(), timeout=10)
        assert crashed.value.code == "handler_error"
        assert crashed.value.detail == "Failed to process message for crash"
        # A frame the typed models would not build, through the raw escape hatch.
        with pytest.raises(ServerError) as invalid:
            await client.request_frame({"action": "echo", "payload": {}}, timeout=10)
        assert invalid.value.errors[0]["type"] == "missing"
        assert invalid.value.errors[0]["loc"] == ["echo", "payload", "text"]
        # The connection stays usable after errors.
        pong = await client.request(messages.PingMessage(), timeout=10)
        assert isinstance(pong, messages.PongMessage)


async def _chat_params(live: Live) -> dict[str, str]:
    """Path parameters of a chat both users may join."""
    if live.name == "fastapi":
        return {"room_name": "py-lobby"}
    async with httpx.AsyncClient(base_url=live.server.http_url, trust_env=False) as http:
        chats = (await http.get("/api/chats/", headers=live.auth("alice"))).json()
    return {"chat_id": str(next(c["id"] for c in chats if c["name"] == "general"))}


async def _push_event(live: Live, params: dict[str, str]) -> None:
    """Make server code (not a websocket) send the chat a channel-layer event."""
    async with httpx.AsyncClient(base_url=live.server.http_url, trust_env=False) as http:
        if live.name == "django":
            url = f"/api/chats/{params['chat_id']}/messages/"
            response = await http.post(
                url, json={"message": "maintenance"}, headers=live.auth("alice")
            )
        else:
            url = f"/rooms/{params['room_name']}/announce"
            response = await http.post(url, json={"text": "maintenance"})
    assert response.status_code in (201, 202), response.text


async def test_chat_broadcast_domain_error_and_event(live: Live) -> None:
    client_mod, messages = live.module(f"{live.chat}.client"), live.module(f"{live.chat}.messages")
    cls = getattr(client_mod, f"{live.chat.capitalize()}Client")
    params = await _chat_params(live)
    async with (
        cls(live.server.ws_url, **params, headers=live.auth("alice"), **live.options()) as alice,
        cls(live.server.ws_url, **params, headers=live.auth("bob"), **live.options()) as bob,
    ):
        assert alice.authentication["payload"]["status_code"] == 200
        received: asyncio.Queue[Any] = asyncio.Queue()
        bob.on("chat_message", received.put_nowait)
        await alice.send_message(
            messages.ChatMessage(payload=messages.ChatPayload(message=" hey "))
        )
        broadcast = await asyncio.wait_for(received.get(), 10)
        assert isinstance(broadcast, messages.ChatBroadcastMessage)
        assert (broadcast.payload.username, broadcast.payload.message) == ("alice", "hey")
        with pytest.raises(ServerError) as blank:
            await alice.request(messages.ChatMessage(payload=messages.ChatPayload(message="  ")))
        assert blank.value.code == "empty_message"
        # A channel-layer event pushed by server code (REST) arrives as its typed message.
        await _push_event(live, params)
        if live.name == "django":
            relayed = await asyncio.wait_for(received.get(), 10)
            assert isinstance(relayed, messages.ChatBroadcastMessage)
            assert relayed.payload.message == "maintenance"
        else:
            announcement = await bob.receive(timeout=10)
            assert isinstance(announcement, messages.AnnouncementMessage)
            assert announcement.payload.text == "maintenance"


async def test_authentication_failure(live: Live) -> None:
    client_mod = live.module(f"{live.chat}.client")
    cls = getattr(client_mod, f"{live.chat.capitalize()}Client")
    client = cls(
        live.server.ws_url,
        **await _chat_params(live),
        headers={"Authorization": f"{live.scheme} not-a-token"},
        **live.options(),
    )
    with pytest.raises(AuthenticationFailed) as failed:
        await client.connect()
    assert failed.value.status_code == 401
    assert failed.value.close_code == 4401


async def test_reconnect_after_the_server_restarts(live: Live) -> None:
    client_mod, messages = live.module("system.client"), live.module("system.messages")
    async with client_mod.SystemClient(live.server.ws_url, **live.options()) as client:
        await client.request(messages.PingMessage(), timeout=10)
        await asyncio.to_thread(live.server.stop)
        await client.wait_disconnected(timeout=20)
        assert not client.connected
        await asyncio.to_thread(live.server.start)
        await client.wait_connected(timeout=60)
        reply = await client.request(
            messages.EchoMessage(payload=messages.EchoPayload(text="back")), timeout=10
        )
        assert reply.payload.text == "back"
