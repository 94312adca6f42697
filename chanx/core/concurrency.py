"""Per-connection handler slots: bounded concurrency, ordering, cancel on disconnect.

Jobs are queued in arrival order and run by at most ``limit`` worker tasks. With
``limit == 1`` a single worker runs them strictly in order. Workers exit when the
queue is empty, so an idle connection holds no task. On disconnect every in-flight
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


class HandlerSlots:
    """Runs submitted jobs with at most ``limit`` of them in flight."""

    __slots__ = ("_closed", "_limit", "_queue", "_workers")

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self._limit = limit
        self._queue: deque[Job] = deque()
        self._workers: set[asyncio.Task[None]] = set()
        self._closed = False

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
        self._queue.append(job)
        if len(self._workers) < self._limit:
            task = asyncio.get_running_loop().create_task(self._work())
            self._workers.add(task)
            task.add_done_callback(self._workers.discard)

    async def _work(self) -> None:
        queue = self._queue
        while queue:
            job = queue.popleft()
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
        workers = list(self._workers)
        for task in workers:
            task.cancel()
        if workers:
            await asyncio.gather(*workers, return_exceptions=True)
