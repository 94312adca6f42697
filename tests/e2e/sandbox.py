"""Run the sandbox Django project under a real daphne process and talk to it.

:func:`prepare_database` migrates a fresh SQLite file and creates users (one Django
subprocess each step); :class:`Sandbox` wraps the running :class:`AsgiServer` with a
small synchronous websocket/HTTP client API for the tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Generator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect
from websockets.typing import Origin

from tests.support.asgi_server import REPO_ROOT, AsgiServer

SETTINGS_MODULE = "sandbox_django.settings"
APP = "sandbox_django.asgi:application"
PASSWORD = "e2e-secret"
#: Users every e2e sandbox database gets, members of the ``general`` and ``random`` chats.
USERS = ["alice", "bob", "carol"]
#: A user of the e2e databases who is a member of no chat.
OUTSIDER = "mallory"
#: The chats of a fresh sandbox database (data migrations).
CHATS = ["general", "random"]
#: Seconds to wait for any expected frame.
RECV_TIMEOUT = 10.0


def sandbox_env(db_path: Path, redis_url: str | None = None) -> dict[str, str | None]:
    """Environment of every sandbox subprocess (migrate, manage commands, daphne)."""
    return {
        "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
        "CHANX_SANDBOX_DB": str(db_path),
        "REDIS_URL": redis_url,
        "CHANX_SANDBOX_REDIS_URL": None,
        "CHANX_SANDBOX_DEBUG": "0",
    }


def run_django(env: Mapping[str, str | None], *args: str) -> str:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    pythonpath = [str(REPO_ROOT), *filter(None, [full_env.get("PYTHONPATH")])]
    full_env["PYTHONPATH"] = os.pathsep.join(pythonpath)
    for key, value in env.items():
        if value is None:
            full_env.pop(key, None)
        else:
            full_env[key] = value
    result = subprocess.run(
        [sys.executable, "-m", "django", *args],
        cwd=REPO_ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"django {' '.join(args)} failed ({result.returncode}):\n"
            f"{result.stdout}\n{result.stderr}"
        )
    return result.stdout


def prepare_database(env: Mapping[str, str | None], usernames: list[str]) -> dict[str, str]:
    """Migrate the database named in ``env`` and create ``usernames``; returns their tokens."""
    run_django(env, "migrate", "--noinput", "-v", "0")
    if not usernames:
        return {}
    chats = [arg for name in CHATS for arg in ("--chat", name)]
    output = run_django(env, "sandbox_token", *usernames, "--password", PASSWORD, *chats)
    output += run_django(env, "sandbox_token", OUTSIDER, "--password", PASSWORD, "--no-chat")
    tokens: dict[str, str] = {}
    for line in output.splitlines():
        username, _, token = line.strip().partition(" ")
        if token:
            tokens[username] = token
    missing = {*usernames, OUTSIDER} - set(tokens)
    if missing:
        raise RuntimeError(f"sandbox_token printed no token for {sorted(missing)}:\n{output}")
    return tokens


class Client:
    """A synchronous JSON websocket client with helpers for chanx frames."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws

    def send_json(self, frame: Mapping[str, Any]) -> None:
        self.ws.send(json.dumps(frame))

    def send_action(self, action: str, payload: Any = None, *, ref: str | None = None) -> None:
        frame: dict[str, Any] = {"action": action}
        if payload is not None:
            frame["payload"] = payload
        if ref is not None:
            frame["ref"] = ref
        self.send_json(frame)

    def recv_json(self, timeout: float = RECV_TIMEOUT) -> dict[str, Any]:
        raw = self.ws.recv(timeout=timeout)
        assert isinstance(raw, str), f"expected a text frame, got {raw!r}"
        frame = json.loads(raw)
        assert isinstance(frame, dict), frame
        return frame

    def ping(self) -> None:
        """Assert the connection still answers ``ping`` (and nothing arrives before it)."""
        self.send_action("ping")
        assert self.recv_json() == {"action": "pong", "payload": None}

    def wait_closed(self, timeout: float = RECV_TIMEOUT) -> int | None:
        """Read until the server closes; the close code it sent (None: no close frame)."""
        try:
            while True:
                self.ws.recv(timeout=timeout)
        except ConnectionClosed as exc:
            return exc.rcvd.code if exc.rcvd is not None else None


def chat_message(frame: Mapping[str, Any]) -> dict[str, Any]:
    """A ``chat_message`` frame without its server-made ``id`` and ``created_at``."""
    assert frame["action"] == "chat_message", frame
    payload = dict(frame["payload"])
    assert isinstance(payload.pop("id"), int)
    assert isinstance(payload.pop("created_at"), str)
    return payload


@dataclass
class Sandbox:
    """A running sandbox server plus the users created for the tests."""

    server: AsgiServer
    tokens: dict[str, str]
    http: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        self.http = httpx.Client(base_url=self.server.http_url, trust_env=False, timeout=10)
        self._chat_ids: dict[str, int] = {}

    def auth_headers(self, username: str) -> dict[str, str]:
        return {"Authorization": f"Token {self.tokens[username]}"}

    def chat_id(self, name: str) -> int:
        """Primary key of the chat called ``name`` (from ``GET /api/chats/``)."""
        if not self._chat_ids:
            response = self.http.get("/api/chats/", headers=self.auth_headers(USERS[0]))
            response.raise_for_status()
            self._chat_ids = {chat["name"]: chat["id"] for chat in response.json()}
        return self._chat_ids[name]

    @property
    def origin(self) -> str:
        """An ``Origin`` accepted by ``AllowedHostsOriginValidator``."""
        return self.server.http_url

    @contextmanager
    def connect(
        self,
        path: str,
        *,
        token: str | None = None,
        headers: Mapping[str, str] | None = None,
        origin: str | None = None,
        send_origin: bool = True,
    ) -> Generator[Client, None, None]:
        """Open a websocket to ``path``; ``token`` adds ``Authorization: Token ...``.

        The ``Origin`` header is ``origin`` (default: the server's own URL), or absent
        with ``send_origin=False``.
        """
        all_headers = dict(headers or {})
        if token is not None:
            all_headers["Authorization"] = f"Token {token}"
        with connect(
            f"{self.server.ws_url}{path}",
            origin=Origin(origin or self.origin) if send_origin else None,
            additional_headers=all_headers,
            proxy=None,
            open_timeout=RECV_TIMEOUT,
            close_timeout=2,
            max_size=16 * 1024 * 1024,
        ) as ws:
            yield Client(ws)

    @contextmanager
    def chat(self, chat: str, username: str) -> Generator[Client, None, None]:
        """An authenticated chat connection whose authentication frame was checked."""
        path = f"/ws/chat/{self.chat_id(chat)}/"
        with self.connect(path, token=self.tokens[username]) as client:
            auth = client.recv_json()
            assert auth["action"] == "authentication", auth
            assert auth["payload"]["status_code"] == 200, auth
            yield client

    def post_message(self, chat: str, username: str, text: str) -> httpx.Response:
        """``POST /api/chats/<id>/messages/`` as ``username``."""
        return self.http.post(
            f"/api/chats/{self.chat_id(chat)}/messages/",
            json={"message": text},
            headers=self.auth_headers(username),
        )

    def close(self) -> None:
        self.http.close()
        self.server.close()


def start_sandbox(
    db_path: Path,
    *,
    redis_url: str | None = None,
    usernames: list[str] | None = None,
    migrate: bool = True,
) -> Sandbox:
    """Migrate ``db_path`` (and create users), then start daphne on a free port."""
    env = sandbox_env(db_path, redis_url)
    tokens = prepare_database(env, usernames or []) if migrate else {}
    server = AsgiServer(APP, kind="daphne", env=env)
    server.start()
    return Sandbox(server=server, tokens=tokens)
