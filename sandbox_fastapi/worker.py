"""The job worker: ``python -m sandbox_fastapi.worker`` (needs ``CHANX_SANDBOX_REDIS_URL``).

Pops jobs from the Redis queue, runs them (several at once) and sends each result to the
websocket connection that asked for it, through the Redis channel layer, with the
consumer's ``send_event`` classmethod. Stops on SIGINT/SIGTERM after the running jobs.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys

from sandbox_fastapi.jobs.queue import JobRequest, RedisJobQueue
from sandbox_fastapi.jobs.tasks import process_job
from sandbox_fastapi.layers import close_channel_layer, setup_channel_layer
from sandbox_fastapi.settings import Settings

logger = logging.getLogger("sandbox_fastapi.worker")

#: Jobs one worker runs at the same time.
CONCURRENCY = 8


async def serve(settings: Settings, stop: asyncio.Event) -> None:
    """Run jobs until ``stop`` is set."""
    assert settings.redis_url, "the worker needs CHANX_SANDBOX_REDIS_URL"
    layer = setup_channel_layer(settings)
    queue = RedisJobQueue(settings.redis_url)
    name = f"worker pid {os.getpid()}"
    slots = asyncio.Semaphore(CONCURRENCY)
    running: set[asyncio.Task[None]] = set()

    async def run(job: JobRequest) -> None:
        try:
            await asyncio.to_thread(process_job, job, worker=name)
        except Exception:
            logger.exception("job delivery failed")
        finally:
            slots.release()

    logger.info("%s ready: waiting for jobs on %s", name, queue.key)
    try:
        while not stop.is_set():
            await slots.acquire()
            job = await queue.pop(timeout=1.0)
            if job is None:
                slots.release()
                continue
            logger.info("job %s (%s) for %s", job.job_id, job.kind, job.reply_channel)
            task = asyncio.create_task(run(job))
            running.add(task)
            task.add_done_callback(running.discard)
        if running:
            await asyncio.wait(running)
    finally:
        await queue.close()
        await close_channel_layer(layer)
        logger.info("%s stopped", name)


async def main() -> None:
    settings = Settings.from_env()
    if not settings.redis_url:
        sys.exit(
            "sandbox_fastapi.worker: set CHANX_SANDBOX_REDIS_URL (e.g. redis://127.0.0.1:6379/0)"
        )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await serve(settings, stop)


if __name__ == "__main__":
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    asyncio.run(main())
