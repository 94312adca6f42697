"""The jobs themselves and their delivery to the requesting connection."""

from __future__ import annotations

import asyncio
import logging

from sandbox_fastapi.jobs.consumers import JobsConsumer
from sandbox_fastapi.jobs.messages import JobDoneEvent, JobKind, JobResultPayload
from sandbox_fastapi.jobs.queue import JobRequest

__all__ = ["JobFailed", "process_job", "run_job"]

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


async def process_job(job: JobRequest, *, worker: str) -> None:
    """Run ``job`` and send the outcome to ``job.reply_channel`` as a :class:`JobDoneEvent`."""
    if job.delay_ms:
        await asyncio.sleep(job.delay_ms / 1000)
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
    await JobsConsumer.send_event(JobDoneEvent(payload=payload), job.reply_channel)
