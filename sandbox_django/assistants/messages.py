"""Messages of the assistant channel."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from chanx.messages.base import BaseMessage


class AskPayload(BaseModel):
    """The question."""

    prompt: str = Field(min_length=1, max_length=500)


class AskMessage(BaseMessage):
    """Start a streamed reply (one at a time per connection)."""

    action: Literal["ask"] = "ask"
    payload: AskPayload


class CancelMessage(BaseMessage):
    """Stop the reply being streamed."""

    action: Literal["cancel"] = "cancel"
    payload: None = None


class StreamPayload(BaseModel):
    """Which reply a frame belongs to."""

    stream_id: int


class ReplyStartedMessage(BaseMessage):
    """Answer to ``ask``: chunks of this stream follow."""

    action: Literal["reply_started"] = "reply_started"
    payload: StreamPayload


class ChunkPayload(BaseModel):
    """One piece of the reply; ``index`` counts from 0."""

    stream_id: int
    index: int
    text: str


class ReplyChunkMessage(BaseMessage):
    """A piece of the reply (sent by the stream task, not by a handler)."""

    action: Literal["reply_chunk"] = "reply_chunk"
    payload: ChunkPayload


class DonePayload(BaseModel):
    """End of a stream: how many chunks were sent and whether the client cancelled it."""

    stream_id: int
    chunks: int
    cancelled: bool


class ReplyDoneMessage(BaseMessage):
    """The last frame of every stream, completed or cancelled."""

    action: Literal["reply_done"] = "reply_done"
    payload: DonePayload
