"""The jobs themselves and their delivery to the requesting connection.

Jobs are plain sync functions, as in Celery or RQ workers: :func:`process_job` runs in
a worker thread and reports back with ``JobsConsumer.send_event_sync`` (chanx's sync
bridge), which goes through the channel layer to the consumer that asked.
"""

from __future__ import annotations

import logging
import time

from sandbox_fastapi.jobs.consumers import JobsConsumer
from sandbox_fastapi.jobs.messages import JobDoneEvent, JobKind, JobResultPayload
from sandbox_fastapi.jobs.queue import JobRequest

__all__ = ["JobFailed", "compute_result", "process_job", "run_job"]

logger = logging.getLogger("sandbox_fastapi.jobs")


class JobFailed(RuntimeError):
    """Raised by the ``fail`` job kind; its text stays in the worker log."""


def run_job(kind: JobKind, text: str) -> str:
    """Compute a job's result (pure; raises for ``fail``)."""
    if kind == "reverse":
        return text[::-1]
    if kind == "uppercase":
        return text.upper()
    if kind == "word_count":
        return str(len(text.split()))
    raise JobFailed(f"job kind {kind!r} fails on purpose")


def process_job(job: JobRequest, *, worker: str) -> None:
    """Run ``job`` and send the outcome to ``job.reply_channel`` as a :class:`JobDoneEvent`.

    Sync: the worker process calls it in a thread (``asyncio.to_thread``), never from
    an event loop; the result travels through the Redis channel layer.
    """
    payload = compute_result(job, worker=worker)
    JobsConsumer.send_event_sync(JobDoneEvent(payload=payload), job.reply_channel)


def compute_result(job: JobRequest, *, worker: str) -> JobResultPayload:
    """Run ``job`` (blocking) and describe its outcome; failures stay in the log."""
    if job.delay_ms:
        time.sleep(job.delay_ms / 1000)
    try:
        payload = JobResultPayload(
            job_id=job.job_id,
            kind=job.kind,
            status="succeeded",
            result=run_job(job.kind, job.text),
            worker=worker,
        )
    except Exception:
        logger.exception("job %s (%s) failed", job.job_id, job.kind)
        payload = JobResultPayload(
            job_id=job.job_id, kind=job.kind, status="failed", error="Job failed", worker=worker
        )
    return payload
