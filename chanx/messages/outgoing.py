"""Built-in frames the server sends: replies, errors, authentication and completion."""

from typing import Any, Literal

from pydantic import BaseModel

from chanx.messages.base import BaseMessage

__all__ = [
    "AuthenticationMessage",
    "AuthenticationPayload",
    "CompleteMessage",
    "ErrorMessage",
    "EventCompleteMessage",
    "GroupCompleteMessage",
    "PongMessage",
]


class PongMessage(BaseMessage):
    """Answer to a ping."""

    action: Literal["pong"] = "pong"
    payload: None = None


class ErrorMessage(BaseMessage):
    """An error frame; the payload shapes are listed in the wire protocol docs."""

    action: Literal["error"] = "error"
    payload: Any


class AuthenticationPayload(BaseModel):
    """Outcome of the handshake authentication."""

    status_code: int
    status_text: str
    data: Any = None


class AuthenticationMessage(BaseMessage):
    """Sent once after the authenticator ran, success or failure."""

    action: Literal["authentication"] = "authentication"
    payload: AuthenticationPayload


class CompleteMessage(BaseMessage):
    """Sent after each client frame was processed (when ``send_completion`` is on)."""

    action: Literal["complete"] = "complete"
    payload: None = None


class GroupCompleteMessage(BaseMessage):
    """Sent after each relayed group message (when ``send_completion`` is on)."""

    action: Literal["group_complete"] = "group_complete"
    payload: None = None


class EventCompleteMessage(BaseMessage):
    """Sent after each channel-layer event (when ``send_completion`` is on)."""

    action: Literal["event_complete"] = "event_complete"
    payload: None = None
