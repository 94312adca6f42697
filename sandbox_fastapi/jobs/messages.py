"""Messages and events of the jobs channel."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from chanx.messages.base import BaseMessage

JobKind = Literal["reverse", "uppercase", "word_count", "fail"]
JobStatus = Literal["succeeded", "failed"]


class StartJobPayload(BaseModel):
    """What to run: ``kind`` on ``text``, after an optional simulated delay."""

    kind: JobKind
    text: str = Field(default="", max_length=10_000)
    delay_ms: int = Field(default=0, ge=0, le=10_000, description="Simulated work time")


class StartJobMessage(BaseMessage):
    """Client asks for a background job; answered at once with ``job_accepted``."""

    action: Literal["start_job"] = "start_job"
    payload: StartJobPayload


class JobAcceptedPayload(BaseModel):
    """The id under which the job's result will arrive."""

    job_id: str
    kind: JobKind
    runner: Literal["redis-worker", "in-process"]


class JobAcceptedMessage(BaseMessage):
    """Immediate acknowledgement of :class:`StartJobMessage`."""

    action: Literal["job_accepted"] = "job_accepted"
    payload: JobAcceptedPayload


class JobResultPayload(BaseModel):
    """Outcome of a job (``error`` is a generic text: details stay in the worker log)."""

    job_id: str
    kind: JobKind
    status: JobStatus
    result: str | None = None
    error: str | None = None
    worker: str = Field(description="Who ran the job, e.g. 'worker pid 1234' or 'in-process'")


class JobDoneEvent(BaseMessage):
    """Channel-layer event sent by the worker to the connection that started the job."""

    action: Literal["job_done"] = "job_done"
    payload: JobResultPayload


class JobResultMessage(BaseMessage):
    """Pushed to the client when its job has finished."""

    action: Literal["job_result"] = "job_result"
    payload: JobResultPayload
