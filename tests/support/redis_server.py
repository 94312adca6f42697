"""A real, throw-away ``redis-server`` process on a free loopback port."""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
import weakref
from pathlib import Path
from types import TracebackType
from typing import Self

import redis

from tests.support.ports import LOOPBACK, free_port, wait_for_port_closed

_LIVE: weakref.WeakSet[RedisServer] = weakref.WeakSet()


class RedisServerUnavailable(RuntimeError):
    """Raised when the ``redis-server`` binary cannot be found."""


def find_redis_server() -> str | None:
    """Path of the ``redis-server`` binary (``CHANX_REDIS_SERVER`` overrides), or None."""
    override = os.environ.get("CHANX_REDIS_SERVER")
    if override:
        return override if os.access(override, os.X_OK) else None
    return shutil.which("redis-server") or next(
        (p for p in ("/usr/bin/redis-server", "/usr/sbin/redis-server") if os.access(p, os.X_OK)),
        None,
    )


class RedisServer:
    """Start/stop a private ``redis-server`` (no persistence) bound to 127.0.0.1.

    ``start()`` after ``stop()`` restarts it on the same port (useful for fault tests).
    Usable as a context manager; ``close()`` also removes its temp dir.
    """

    def __init__(
        self,
        port: int | None = None,
        *,
        executable: str | None = None,
        startup_timeout: float = 15.0,
        extra_args: tuple[str, ...] = (),
    ) -> None:
        exe = executable or find_redis_server()
        if exe is None:
            raise RedisServerUnavailable(
                "redis-server not found on PATH; run scripts/bootstrap.sh (apt install redis-server)"
            )
        self.executable = exe
        self.host = LOOPBACK
        self._fixed_port = port is not None
        self.port = port if port is not None else free_port()
        self.startup_timeout = startup_timeout
        self.extra_args = extra_args
        self._tmpdir = Path(tempfile.mkdtemp(prefix="chanx-redis-"))
        self._log_path = self._tmpdir / "redis.log"
        self._proc: subprocess.Popen[bytes] | None = None
        _LIVE.add(self)

    # ------------------------------------------------------------------ properties
    @property
    def url(self) -> str:
        return f"redis://{self.host}:{self.port}/0"

    def url_for_db(self, db: int) -> str:
        return f"redis://{self.host}:{self.port}/{db}"

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def logs(self) -> str:
        try:
            return self._log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> Self:
        """Start the server (no-op when running) and wait until it answers PING."""
        if self.running:
            return self
        attempts = 1 if self._fixed_port else 3
        for attempt in range(attempts):
            try:
                self._spawn_and_wait()
                return self
            except RuntimeError:
                # Auto-chosen ports can be grabbed by someone else in between: retry.
                if attempt == attempts - 1 or "Address already in use" not in self.logs():
                    raise
                self.port = free_port()
        return self  # pragma: no cover

    def _spawn_and_wait(self) -> None:
        self._tmpdir.mkdir(parents=True, exist_ok=True)
        _LIVE.add(self)
        self._log_path.write_bytes(b"")
        cmd = [
            self.executable,
            "--port", str(self.port),
            "--bind", self.host,
            "--save", "",
            "--appendonly", "no",
            "--dir", str(self._tmpdir),
            "--daemonize", "no",
            "--logfile", "",
            *self.extra_args,
        ]  # fmt: skip
        with self._log_path.open("ab") as log:
            self._proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self._tmpdir,
                start_new_session=True,
            )
        deadline = time.monotonic() + self.startup_timeout
        while True:
            if self._proc.poll() is not None:
                code = self._proc.returncode
                self._proc = None
                raise RuntimeError(
                    f"redis-server exited early with code {code} on port {self.port}:\n"
                    f"{self.logs()}"
                )
            if self.ping():
                return
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(
                    f"redis-server did not answer PING on port {self.port} within "
                    f"{self.startup_timeout}s:\n{self.logs()}"
                )
            time.sleep(0.05)

    def ping(self) -> bool:
        """True when the server answers PING."""
        client = redis.Redis(
            host=self.host, port=self.port, socket_connect_timeout=0.5, socket_timeout=1.0
        )
        try:
            return bool(client.ping())
        except redis.RedisError:
            return False
        finally:
            client.close()

    def client(self, db: int = 0) -> redis.Redis:
        """A new synchronous client (the caller closes it)."""
        return redis.Redis(host=self.host, port=self.port, db=db, socket_timeout=5.0)

    def flushall(self) -> None:
        client = self.client()
        try:
            client.flushall()
        finally:
            client.close()

    def stop(self, timeout: float = 5.0) -> None:
        """SIGTERM (then SIGKILL after ``timeout``), wait for exit and for the port to close."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None:
            _signal_group(proc, signal.SIGTERM)
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                _signal_group(proc, signal.SIGKILL)
                proc.wait(timeout=timeout)
        wait_for_port_closed(self.port, self.host, timeout=timeout)

    def kill(self) -> None:
        """Abrupt crash simulation: SIGKILL without a clean shutdown."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None:
            _signal_group(proc, signal.SIGKILL)
        proc.wait(timeout=10)
        wait_for_port_closed(self.port, self.host)

    def close(self) -> None:
        """Stop the server and delete its temp dir."""
        self.stop()
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
        return f"<RedisServer {self.url} {state}>"


def _signal_group(proc: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    """Signal the process group we created for ``proc`` (falls back to the pid)."""
    with contextlib.suppress(ProcessLookupError):
        try:
            os.killpg(proc.pid, sig)
        except PermissionError:  # pragma: no cover - group leader gone, pid reused?
            proc.send_signal(sig)


@atexit.register
def _stop_leftovers() -> None:
    for server in list(_LIVE):
        with contextlib.suppress(Exception):
            server.close()
