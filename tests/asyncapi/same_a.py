"""A module defining ``StatusMessage`` (as does :mod:`tests.asyncapi.same_b`)."""

from typing import Literal

from pydantic import BaseModel

from chanx.messages.base import BaseMessage


class StatusPayload(BaseModel):
    online: bool


class StatusMessage(BaseMessage):
    action: Literal["status_a"] = "status_a"
    payload: StatusPayload
