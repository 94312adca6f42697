"""Per-connection handler slots: bounded concurrency, ordering, cancel on disconnect.

Jobs are queued in arrival order and run by at most ``limit`` worker tasks. With
``limit == 1`` a single worker runs them strictly in order. Workers exit when the
queue is empty, so an idle connection holds no task. The backlog is bounded: once
``max_pending`` jobs wait, :meth:`HandlerSlots.wait_for_room` blocks the caller (the
connection stops reading frames and TCP pushes back on the client), so a client that
sends faster than its handlers finish cannot grow server memory without limit. On disconnect every in-flight
job is cancelled and awaited, so no handler writes after close and no task is
destroyed while pending.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable

from chanx.core.logging import get_logger

__all__ = ["HandlerSlots", "Job"]

Job = Callable[[], Awaitable[None]]

logger = get_logger()

# Shared empty placeholders, never mutated: ``submit`` swaps in real containers.
_NO_JOBS: deque[Job] = deque(maxlen=0)
_NO_WORKERS: set[asyncio.Task[None]] = set()


class HandlerSlots:
    """Runs submitted jobs with at most ``limit`` of them in flight."""

    __slots__ = ("_closed", "_limit", "_max_pending", "_queue", "_room", "_workers")

    def __init__(self, limit: int, max_pending: int | None = None) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self._limit = limit
        self._max_pending = max_pending if max_pending is not None else max(8, limit)
        # Allocated on first use: most connections are idle most of the time.
        self._queue: deque[Job] = _NO_JOBS
        self._workers: set[asyncio.Task[None]] = _NO_WORKERS
        self._room: asyncio.Event | None = None
        self._closed = False

    @property
    def full(self) -> bool:
        """Whether the backlog is at ``max_pending`` (callers should wait for room)."""
        return len(self._queue) >= self._max_pending

    async def wait_for_room(self) -> None:
        """Block until the backlog has room again (or the slots are closed)."""
        while self.full and not self._closed:
            if self._room is None:
                self._room = asyncio.Event()
            await self._room.wait()

    @property
    def in_flight(self) -> int:
        """Number of worker tasks currently alive."""
        return len(self._workers)

    @property
    def pending(self) -> int:
        """Jobs waiting for a worker."""
        return len(self._queue)

    def submit(self, job: Job) -> None:
        """Queue ``job``; start a worker if the limit allows."""
        if self._closed:
            return
        if self._queue is _NO_JOBS:
            self._queue = deque()
        self._queue.append(job)
        if len(self._workers) < self._limit:
            if self._workers is _NO_WORKERS:
                self._workers = set()
            task = asyncio.get_running_loop().create_task(self._work())
            self._workers.add(task)
            task.add_done_callback(self._workers.discard)

    async def _work(self) -> None:
        queue = self._queue
        while queue:
            job = queue.popleft()
            if self._room is not None:
                self._room.set()
                self._room = None
            try:
                await job()
            except asyncio.CancelledError:
                raise
            except Exception:
                # Jobs report their own errors; this is a last line of defence.
                logger.exception("chanx.job.crashed")

    async def close(self) -> None:
        """Drop queued jobs, cancel running ones and wait until they have stopped."""
        self._closed = True
        self._queue.clear()
        if self._room is not None:
            self._room.set()
        workers = list(self._workers)
        for task in workers:
            task.cancel()
        if workers:
            await asyncio.gather(*workers, return_exceptions=True)
