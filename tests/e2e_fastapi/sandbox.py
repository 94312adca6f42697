"""Run the FastAPI sandbox under a real uvicorn process (and its job worker) for e2e tests.

:class:`FastSandbox` wraps a running :class:`AsgiServer` with a websocket/HTTP client
API; :class:`JobWorker` runs ``python -m sandbox_fastapi.worker`` as a separate process.
Frames are read with :class:`tests.e2e.sandbox.Client`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Generator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from websockets.sync.client import connect
from websockets.typing import Origin

from tests.e2e.sandbox import RECV_TIMEOUT, Client
from tests.support.asgi_server import REPO_ROOT, AsgiServer

APP = "sandbox_fastapi.app:app"
#: uvicorn waits for open connections on shutdown; don't let a lingering one stall teardown.
SERVER_ARGS = ("--timeout-graceful-shutdown", "2")


def sandbox_env(redis_url: str | None = None) -> dict[str, str | None]:
    """Environment of the sandbox server and worker processes."""
    return {
        "CHANX_SANDBOX_REDIS_URL": redis_url,
        "CHANX_SANDBOX_ALLOWED_ORIGINS": None,
    }


@dataclass
class FastSandbox:
    """A running FastAPI sandbox server."""

    server: AsgiServer
    http: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        self.http = httpx.Client(base_url=self.server.http_url, trust_env=False, timeout=10)

    @contextmanager
    def connect(
        self,
        path: str,
        *,
        headers: Mapping[str, str] | None = None,
        origin: str | None = None,
    ) -> Generator[Client, None, None]:
        """Open a websocket to ``path`` (``Origin`` only when given)."""
        with connect(
            f"{self.server.ws_url}{path}",
            origin=Origin(origin) if origin is not None else None,
            additional_headers=dict(headers or {}),
            proxy=None,
            open_timeout=RECV_TIMEOUT,
            close_timeout=2,
        ) as ws:
            yield Client(ws)

    @contextmanager
    def room(self, room: str, token: str) -> Generator[Client, None, None]:
        """An authenticated room connection whose authentication frame was checked."""
        with self.connect(
            f"/ws/rooms/{room}", headers={"Authorization": f"Bearer {token}"}
        ) as client:
            auth = client.recv_json()
            assert auth["action"] == "authentication", auth
            assert auth["payload"]["status_code"] == 200, auth
            yield client

    def close(self) -> None:
        self.http.close()
        self.server.close()


def start_sandbox(redis_url: str | None = None) -> FastSandbox:
    server = AsgiServer(APP, kind="uvicorn", env=sandbox_env(redis_url), extra_args=SERVER_ARGS)
    server.start()
    return FastSandbox(server=server)


class JobWorker:
    """``python -m sandbox_fastapi.worker`` in its own process group."""

    READY = "ready: waiting for jobs"

    def __init__(self, redis_url: str) -> None:
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
        self.env["PYTHONPATH"] = os.pathsep.join(
            [str(REPO_ROOT), *filter(None, [self.env.get("PYTHONPATH")])]
        )
        self.env["PYTHONUNBUFFERED"] = "1"
        self.env["CHANX_SANDBOX_REDIS_URL"] = redis_url
        self._log = Path(tempfile.mkdtemp(prefix="chanx-worker-")) / "worker.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def logs(self) -> str:
        try:
            return self._log.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def start(self, timeout: float = 30.0) -> JobWorker:
        with self._log.open("ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "sandbox_fastapi.worker"],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=REPO_ROOT,
                env=self.env,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while self.READY not in self.logs():
            if self.proc.poll() is not None:
                raise RuntimeError(f"the worker exited with {self.proc.returncode}:\n{self.logs()}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the worker did not get ready in {timeout}s:\n{self.logs()}")
            time.sleep(0.05)
        return self

    def stop(self, timeout: float = 10.0) -> int | None:
        """SIGTERM (the worker finishes running jobs), SIGKILL after ``timeout``."""
        proc, self.proc = self.proc, None
        if proc is None:
            return None
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=timeout)
        return proc.returncode
