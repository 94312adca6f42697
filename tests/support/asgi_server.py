"""Run a real ASGI server (daphne or uvicorn) as a subprocess for end-to-end tests.

Example::

    with AsgiServer("sandbox_django.asgi:application", kind="daphne",
                    env={"DJANGO_SETTINGS_MODULE": "sandbox_django.settings"}) as server:
        websockets.sync.client.connect(f"{server.ws_url}/ws/chat/")
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import weakref
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Literal, Self

from tests.support.ports import LOOPBACK, free_port, port_is_open, wait_for_port_closed

ServerKind = Literal["daphne", "uvicorn"]

REPO_ROOT = Path(__file__).resolve().parents[2]
#: Daphne's and uvicorn's own WebSocket size limits are raised to this, so that the
#: application's (smaller) limit is the one that answers oversized messages.
DEFAULT_WS_MAX_SIZE = 16 * 1024 * 1024

_LIVE: weakref.WeakSet[AsgiServer] = weakref.WeakSet()

# Log lines that show the server really listens on *our* port (not a stranger who
# grabbed the port between free_port() and bind()).
_READY_MARKERS: dict[str, str] = {
    "daphne": "Listening on TCP address {host}:{port}",
    "uvicorn": "Uvicorn running on http://{host}:{port}",
}


def daphne_command(
    app: str,
    port: int,
    *,
    host: str = LOOPBACK,
    max_message_size: int = DEFAULT_WS_MAX_SIZE,
    extra_args: Sequence[str] = (),
) -> list[str]:
    """Command line that runs daphne with raised WebSocket message/frame limits."""
    return [
        sys.executable, "-m", "chanx.channels.daphne",
        "-b", host,
        "-p", str(port),
        "--websocket-max-message-size", str(max_message_size),
        "--websocket-max-frame-size", str(max_message_size),
        "-v", "1",
        *extra_args,
        app,
    ]  # fmt: skip


def uvicorn_ws_impl() -> str:
    """The uvicorn WebSocket implementation to use (``websockets-sansio`` when available)."""
    try:
        from uvicorn.config import WS_PROTOCOLS
    except ImportError:  # pragma: no cover
        return "websockets"
    return "websockets-sansio" if "websockets-sansio" in WS_PROTOCOLS else "websockets"


def uvicorn_command(
    app: str,
    port: int,
    *,
    host: str = LOOPBACK,
    max_message_size: int = DEFAULT_WS_MAX_SIZE,
    extra_args: Sequence[str] = (),
) -> list[str]:
    """Command line that runs uvicorn (single process, no reload)."""
    return [
        sys.executable, "-m", "uvicorn", app,
        "--host", host,
        "--port", str(port),
        "--ws", uvicorn_ws_impl(),
        "--ws-max-size", str(max_message_size),
        "--log-level", "info",
        *extra_args,
    ]  # fmt: skip


class AsgiServer:
    """A daphne/uvicorn subprocess serving ``app`` (``"module:attr"``) on a free port.

    ``env`` entries are added to (and override) the current environment; ``None`` values
    remove a variable. The repo root is prepended to ``PYTHONPATH`` and is the default cwd.
    Output (stdout+stderr) goes to a temp file, readable with :meth:`logs` (also after
    :meth:`stop`).
    """

    def __init__(
        self,
        app: str,
        *,
        kind: ServerKind = "uvicorn",
        env: Mapping[str, str | None] | None = None,
        port: int | None = None,
        cwd: str | os.PathLike[str] | None = None,
        startup_timeout: float = 30.0,
        max_message_size: int = DEFAULT_WS_MAX_SIZE,
        extra_args: Sequence[str] = (),
    ) -> None:
        if kind not in _READY_MARKERS:
            raise ValueError(f"unknown ASGI server kind {kind!r} (daphne or uvicorn)")
        self.app = app
        self.kind: ServerKind = kind
        self.host = LOOPBACK
        self._fixed_port = port is not None
        self.port = port if port is not None else free_port()
        self.env = dict(env or {})
        self.cwd = Path(cwd) if cwd is not None else REPO_ROOT
        self.startup_timeout = startup_timeout
        self.max_message_size = max_message_size
        self.extra_args = tuple(extra_args)
        self._tmpdir = Path(tempfile.mkdtemp(prefix=f"chanx-{kind}-"))
        self._log_path = self._tmpdir / "server.log"
        self._proc: subprocess.Popen[bytes] | None = None
        self._returncode: int | None = None
        self._final_logs: str | None = None
        _LIVE.add(self)

    # ------------------------------------------------------------------ properties
    @property
    def http_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://{self.host}:{self.port}"

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    @property
    def returncode(self) -> int | None:
        """Exit code of the last run (None while running or never started)."""
        if self._proc is not None:
            return self._proc.poll()
        return self._returncode

    def logs(self) -> str:
        """Everything the server printed so far (stdout and stderr interleaved)."""
        if self._final_logs is not None:
            return self._final_logs
        try:
            return self._log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def command(self) -> list[str]:
        build = daphne_command if self.kind == "daphne" else uvicorn_command
        return build(
            self.app,
            self.port,
            host=self.host,
            max_message_size=self.max_message_size,
            extra_args=self.extra_args,
        )

    def _environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env["PYTHONUNBUFFERED"] = "1"
        pythonpath = [str(REPO_ROOT)]
        if env.get("PYTHONPATH"):
            pythonpath.append(env["PYTHONPATH"])
        env["PYTHONPATH"] = os.pathsep.join(pythonpath)
        # Don't leak pytest/xdist internals into the server process.
        for key in [k for k in env if k.startswith(("PYTEST_", "COV_CORE_"))]:
            del env[key]
        for key, value in self.env.items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value
        return env

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> Self:
        """Spawn the server and wait until it listens (raises with its logs on failure)."""
        if self.running:
            return self
        if self._final_logs is not None:
            raise RuntimeError("this AsgiServer was closed; create a new one")
        attempts = 1 if self._fixed_port else 3
        for attempt in range(attempts):
            try:
                self._spawn_and_wait()
                return self
            except RuntimeError:
                logs = self.logs().lower()
                port_taken = "address already in use" in logs or "errno 98" in logs
                if attempt == attempts - 1 or not port_taken:
                    raise
                self.port = free_port()
        return self  # pragma: no cover

    def _spawn_and_wait(self) -> None:
        self._log_path.write_bytes(b"")
        with self._log_path.open("ab") as log:
            self._proc = subprocess.Popen(
                self.command(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.cwd,
                env=self._environment(),
                start_new_session=True,
            )
        marker = _READY_MARKERS[self.kind].format(host=self.host, port=self.port)
        deadline = time.monotonic() + self.startup_timeout
        while True:
            if self._proc.poll() is not None:
                code = self._returncode = self._proc.returncode
                self._proc = None
                raise RuntimeError(
                    f"{self.kind} ({self.app}) exited early with code {code}:\n{self.logs()}"
                )
            if marker in self.logs() and port_is_open(self.port, self.host):
                return
            if time.monotonic() > deadline:
                output = self.logs()
                self.stop()
                raise RuntimeError(
                    f"{self.kind} ({self.app}) did not listen on {self.host}:{self.port} "
                    f"within {self.startup_timeout}s:\n{output}"
                )
            time.sleep(0.05)

    def stop(self, timeout: float = 5.0) -> int | None:
        """SIGTERM, then SIGKILL after ``timeout`` seconds; returns the exit code."""
        proc, self._proc = self._proc, None
        if proc is None:
            return None
        if proc.poll() is None:
            _signal_group(proc, signal.SIGTERM)
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                _signal_group(proc, signal.SIGKILL)
                proc.wait(timeout=timeout)
        wait_for_port_closed(self.port, self.host, timeout=timeout)
        self._returncode = proc.returncode
        return proc.returncode

    def close(self) -> None:
        """Stop the server and remove its temp dir (the logs stay readable in memory)."""
        self.stop()
        if self._final_logs is None:
            self._final_logs = self.logs()
        shutil.rmtree(self._tmpdir, ignore_errors=True)
        _LIVE.discard(self)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"<AsgiServer {self.kind} {self.app} {self.http_url} {state}>"


def _signal_group(proc: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    """Signal the process group created for ``proc`` (it is the group leader)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, sig)


@atexit.register
def _stop_leftovers() -> None:
    for server in list(_LIVE):
        with contextlib.suppress(Exception):
            server.close()
