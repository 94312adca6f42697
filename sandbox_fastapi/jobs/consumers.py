"""The jobs consumer: start a job, get an id at once, get the result when it is done."""

from __future__ import annotations

import uuid
from typing import cast

from chanx.core.decorators import channel, event_handler, ws_handler
from chanx.fast_channels.websocket import AsyncJsonWebsocketConsumer
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from sandbox_fastapi.jobs.messages import (
    JobAcceptedMessage,
    JobAcceptedPayload,
    JobDoneEvent,
    JobResultMessage,
    StartJobMessage,
)
from sandbox_fastapi.jobs.queue import JobBackend, JobRequest


@channel(
    name="jobs",
    description=(
        "Background jobs: `start_job` is acknowledged at once with a job id; the result "
        "is pushed later as `job_result`, from a separate worker process when Redis is "
        "configured."
    ),
    tags=["jobs"],
)
class JobsConsumer(AsyncJsonWebsocketConsumer[JobDoneEvent]):
    """Unauthenticated jobs channel at ``/ws/jobs``."""

    @property
    def backend(self) -> JobBackend:
        """The job backend the app's lifespan put on ``app.state.jobs``."""
        return cast(JobBackend, self.scope["app"].state.jobs)

    @ws_handler(summary="Liveness check", tags=["jobs"])
    async def ping(self, message: PingMessage) -> PongMessage:
        """Answer ``ping`` with ``pong``."""
        return PongMessage()

    @ws_handler(
        summary="Start a background job",
        tags=["jobs"],
        output_type=JobAcceptedMessage,
    )
    async def start_job(self, message: StartJobMessage) -> None:
        """Acknowledge with ``job_accepted``, then queue the job.

        The acknowledgement is sent before the job is queued, so it always arrives
        before the ``job_result`` frame.
        """
        backend = self.backend
        job_id = uuid.uuid4().hex
        request = message.payload
        await self.send_message(
            JobAcceptedMessage(
                payload=JobAcceptedPayload(job_id=job_id, kind=request.kind, runner=backend.runner)
            )
        )
        await backend.submit(
            JobRequest(
                job_id=job_id,
                kind=request.kind,
                text=request.text,
                delay_ms=request.delay_ms,
                reply_channel=self.channel_name,
            )
        )

    @event_handler(summary="Deliver a job result", tags=["jobs"])
    async def job_done(self, event: JobDoneEvent) -> JobResultMessage:
        """Forward the worker's result to the client that started the job."""
        return JobResultMessage(payload=event.payload)
