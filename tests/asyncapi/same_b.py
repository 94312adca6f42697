"""A module defining ``StatusMessage`` (as does :mod:`tests.asyncapi.same_a`)."""

from typing import Literal

from pydantic import BaseModel

from chanx.messages.base import BaseMessage


class StatusPayload(BaseModel):
    level: int


class StatusMessage(BaseMessage):
    action: Literal["status_b"] = "status_b"
    payload: StatusPayload
