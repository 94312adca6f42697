"""Sandbox configuration, read from the environment when the app is created.

* ``CHANX_SANDBOX_REDIS_URL``: Redis for the channel layer *and* the job queue (jobs then
  run in the separate worker process, ``python -m sandbox_fastapi.worker``). Unset: the
  in-memory layer, and jobs run as asyncio tasks inside the server process.
* ``CHANX_SANDBOX_ALLOWED_ORIGINS``: comma-separated host names whose browser pages may
  open websockets (default ``localhost,127.0.0.1,::1``; ``*`` allows any origin).
* ``CHANX_SANDBOX_DOCS_ASSETS``: a local ``@asyncapi/react-component`` package directory;
  the docs page then loads the component from ``/asyncapi/assets/`` instead of the CDN
  (offline use; ``scripts/sandbox-fastapi`` finds the shared tools' npm install).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

__all__ = ["DEFAULT_ALLOWED_ORIGINS", "Settings"]

DEFAULT_ALLOWED_ORIGINS = ("localhost", "127.0.0.1", "::1")
#: Key prefix of everything the sandbox stores in Redis (layer and job queue).
REDIS_PREFIX = "chanx-sandbox"


@dataclass(frozen=True)
class Settings:
    redis_url: str | None = None
    allowed_origins: tuple[str, ...] = DEFAULT_ALLOWED_ORIGINS
    docs_assets_dir: str | None = None

    @classmethod
    def from_env(cls) -> Settings:
        redis_url = os.environ.get("CHANX_SANDBOX_REDIS_URL", "").strip() or None
        raw = os.environ.get("CHANX_SANDBOX_ALLOWED_ORIGINS", "")
        origins = tuple(part.strip() for part in raw.split(",") if part.strip())
        return cls(
            redis_url=redis_url,
            allowed_origins=origins or DEFAULT_ALLOWED_ORIGINS,
            docs_assets_dir=os.environ.get("CHANX_SANDBOX_DOCS_ASSETS", "").strip() or None,
        )
