"""Messages of the system channel."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from chanx.messages.base import BaseMessage


class EchoOptions(BaseModel):
    """How the server should shape its echo."""

    uppercase: bool = False
    repeat: int = Field(default=1, ge=1, le=10)


class EchoPayload(BaseModel):
    """Text to echo, with nested options."""

    text: str = Field(max_length=10_000)
    options: EchoOptions = Field(default_factory=EchoOptions)


class EchoMessage(BaseMessage):
    """Client asks the server to echo ``payload.text``."""

    action: Literal["echo"] = "echo"
    payload: EchoPayload


class EchoReplyPayload(BaseModel):
    """The echoed text and what was asked for."""

    text: str
    length: int
    options: EchoOptions


class EchoReplyMessage(BaseMessage):
    """Answer to :class:`EchoMessage`."""

    action: Literal["echo_reply"] = "echo_reply"
    payload: EchoReplyPayload


class CrashMessage(BaseMessage):
    """Makes the handler raise, to show the generic ``handler_error`` frame."""

    action: Literal["crash"] = "crash"
    payload: None = None
