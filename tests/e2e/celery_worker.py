"""A real Celery worker process for the sandbox (``celery -A sandbox_django worker``).

Started with the same environment as the sandbox's daphne (``REDIS_URL`` → Redis
broker); its output goes to a temp file, readable with :meth:`CeleryWorker.logs`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Self

from tests.support.asgi_server import REPO_ROOT

#: Seconds the worker gets to connect to the broker and report ``ready``.
START_TIMEOUT = 60.0


class CeleryWorker:
    """``python -m celery -A sandbox_django worker --pool=solo`` as a subprocess."""

    def __init__(self, env: Mapping[str, str | None]) -> None:
        self.env = dict(env)
        self._dir = Path(tempfile.mkdtemp(prefix="chanx-celery-"))
        self.log_path = self._dir / "worker.log"
        self.process: subprocess.Popen[bytes] | None = None

    def _environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
        env["PYTHONUNBUFFERED"] = "1"
        for key, value in self.env.items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value
        return env

    def logs(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def start(self) -> Self:
        """Spawn the worker and wait until it says it is ready (raises with its log)."""
        command = [
            sys.executable, "-m", "celery", "-A", "sandbox_django", "worker",
            "--pool=solo", "--loglevel=INFO", "--hostname=e2e@%h",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
        ]  # fmt: skip
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                command,
                cwd=REPO_ROOT,
                env=self._environment(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while " ready." not in self.logs():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise RuntimeError(f"celery worker did not start:\n{self.logs()}")
            time.sleep(0.1)
        return self

    def close(self) -> None:
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)  # warm shutdown
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
