"""Where jobs go: a Redis list consumed by worker processes, or asyncio tasks in-process.

The Redis queue is deliberately small but real: producers ``LPUSH`` a JSON job onto
``chanx-sandbox:jobs`` and any number of worker processes ``BRPOP`` it, so each job runs
exactly once on one worker. (The sandbox does not use ARQ: its releases pin redis-py
below 6, and chanx targets redis-py 8.)
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Literal, Protocol

from pydantic import BaseModel
from redis.asyncio import Redis

from sandbox_fastapi.jobs.messages import JobKind
from sandbox_fastapi.settings import REDIS_PREFIX

__all__ = ["QUEUE_KEY", "InProcessJobs", "JobBackend", "JobRequest", "RedisJobQueue"]

QUEUE_KEY = f"{REDIS_PREFIX}:jobs"

Runner = Literal["redis-worker", "in-process"]


class JobRequest(BaseModel):
    """A queued job and the channel its result goes back to."""

    job_id: str
    kind: JobKind
    text: str
    delay_ms: int = 0
    reply_channel: str


class JobBackend(Protocol):
    """What the jobs consumer needs from a backend."""

    runner: Runner

    async def submit(self, job: JobRequest) -> None: ...

    async def close(self) -> None: ...


class RedisJobQueue:
    """Both ends of the Redis list: :meth:`submit` (server) and :meth:`pop` (worker)."""

    runner: Runner = "redis-worker"

    def __init__(self, url: str, key: str = QUEUE_KEY) -> None:
        self.key = key
        # No read timeout (blocking pops), keepalive for idle workers.
        self.redis = Redis.from_url(url, socket_keepalive=True)

    async def submit(self, job: JobRequest) -> None:
        await self.redis.lpush(self.key, job.model_dump_json())

    async def pop(self, timeout: float = 1.0) -> JobRequest | None:
        """The oldest job, waiting up to ``timeout`` seconds (``None`` when there is none)."""
        item = await self.redis.brpop([self.key], timeout=timeout)
        if item is None:
            return None
        _key, raw = item
        return JobRequest.model_validate_json(raw)

    async def close(self) -> None:
        await self.redis.aclose()


class InProcessJobs:
    """No Redis: run each job with ``handler`` as an asyncio task of the server."""

    runner: Runner = "in-process"

    def __init__(self, handler: Callable[[JobRequest], Awaitable[None]]) -> None:
        self.handler = handler
        self.tasks: set[asyncio.Task[None]] = set()

    async def submit(self, job: JobRequest) -> None:
        task = asyncio.create_task(self._run(job), name=f"job-{job.job_id}")
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _run(self, job: JobRequest) -> None:
        await self.handler(job)

    async def close(self) -> None:
        for task in list(self.tasks):
            task.cancel()
        for task in list(self.tasks):
            with contextlib.suppress(asyncio.CancelledError):
                await task
