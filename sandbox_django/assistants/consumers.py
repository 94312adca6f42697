"""The assistant consumer: a reply streamed from a background task.

``ask`` starts a task that sends the reply chunk by chunk with ``send_message`` and
returns at once, so the connection keeps reading frames (``cancel``, ``ping``) while
the reply streams. ``cancel`` cancels the task; so does a disconnect.
"""

from __future__ import annotations

import asyncio
from typing import ClassVar

import structlog

from chanx.channels.websocket import AsyncJsonWebsocketConsumer
from chanx.core.decorators import channel, ws_handler
from chanx.core.errors import WsError
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from sandbox_django.accounts.authenticators import LoggedInAuthenticator
from sandbox_django.assistants.generator import generate_reply
from sandbox_django.assistants.messages import (
    AskMessage,
    CancelMessage,
    ChunkPayload,
    DonePayload,
    ReplyChunkMessage,
    ReplyDoneMessage,
    ReplyStartedMessage,
    StreamPayload,
)

logger = structlog.get_logger("sandbox.assistant")


@channel(
    name="assistant",
    description="Ask a question; the reply streams back in chunks and can be cancelled.",
    tags=["assistant"],
)
class AssistantConsumer(AsyncJsonWebsocketConsumer):
    """Streamed replies at ``ws/assistant/`` for logged-in users."""

    authenticator_class = LoggedInAuthenticator
    emits = [ReplyChunkMessage, ReplyDoneMessage]
    #: Pause between chunks, in seconds (what a model's token rate feels like).
    chunk_delay: ClassVar[float] = 0.03

    stream_task: asyncio.Task[None] | None = None
    stream_count: int = 0

    @ws_handler(summary="Liveness check", tags=["assistant"])
    async def ping(self, message: PingMessage) -> PongMessage:
        """Answer ``ping`` with ``pong``."""
        return PongMessage()

    @ws_handler(summary="Ask a question", tags=["assistant"])
    async def ask(self, message: AskMessage) -> ReplyStartedMessage:
        """Start streaming the reply; refused while another reply is streaming."""
        if self.stream_task is not None:
            raise WsError("stream_in_progress", "Cancel the current reply first")
        self.stream_count += 1
        stream_id = self.stream_count
        # The task inherits this handler's context: its frames carry the ask's ``ref``.
        self.stream_task = asyncio.create_task(self.stream_reply(stream_id, message.payload.prompt))
        return ReplyStartedMessage(payload=StreamPayload(stream_id=stream_id))

    @ws_handler(summary="Cancel the streaming reply", tags=["assistant"])
    async def cancel(self, message: CancelMessage) -> None:
        """Stop the current reply; its ``reply_done`` frame says ``cancelled: true``."""
        if self.stream_task is None:
            raise WsError("no_stream", "No reply is streaming")
        await self.stop_stream("cancel")

    async def stream_reply(self, stream_id: int, prompt: str) -> None:
        """Send the reply chunk by chunk, then ``reply_done`` (also when cancelled)."""
        sent = 0
        try:
            for index, text in enumerate(generate_reply(prompt)):
                chunk = ChunkPayload(stream_id=stream_id, index=index, text=text)
                await self.send_message(ReplyChunkMessage(payload=chunk))
                sent += 1
                await asyncio.sleep(self.chunk_delay)
        except asyncio.CancelledError:
            done = DonePayload(stream_id=stream_id, chunks=sent, cancelled=True)
            await self.send_message(ReplyDoneMessage(payload=done))  # dropped once closed
            raise
        finally:
            self.stream_task = None
        await self.send_message(
            ReplyDoneMessage(payload=DonePayload(stream_id=stream_id, chunks=sent, cancelled=False))
        )

    async def stop_stream(self, reason: str) -> None:
        """Cancel the streaming task, if any, and wait until it has stopped."""
        task = self.stream_task
        if task is None:
            return
        task.cancel()
        await asyncio.wait({task})  # returns once it stopped; does not raise its error
        logger.info("sandbox.assistant.stream_cancelled", reason=reason)

    async def disconnect(self, code: int) -> None:
        """The client left: stop generating for nobody."""
        await self.stop_stream("disconnect")
        await super().disconnect(code)
