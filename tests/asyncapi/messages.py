"""Messages of the AsyncAPI test apps: nested models, a discriminated union, an enum."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from chanx.messages.base import BaseMessage


class Priority(StrEnum):
    LOW = "low"
    HIGH = "high"


class Attachment(BaseModel):
    """A file attached to a post."""

    url: str
    size_bytes: int


class TextBody(BaseModel):
    kind: Literal["text"] = "text"
    text: str


class ImageBody(BaseModel):
    kind: Literal["image"] = "image"
    attachment: Attachment
    alt_text: str | None = None


class PostPayload(BaseModel):
    body: Annotated[TextBody | ImageBody, Field(discriminator="kind")]
    priority: Priority = Priority.LOW
    reply_to_id: int | None = None


class PostMessage(BaseMessage):
    """Publish a post in the room."""

    action: Literal["post"] = "post"
    payload: PostPayload


class PostedMessage(BaseMessage):
    """A post was published."""

    action: Literal["posted"] = "posted"
    payload: PostPayload


class RejectedPayload(BaseModel):
    reason: str


class RejectedMessage(BaseMessage):
    """The post was refused."""

    action: Literal["rejected"] = "rejected"
    payload: RejectedPayload


class RoomEvent(BaseMessage):
    """A room-wide event from the channel layer."""

    action: Literal["room_event"] = "room_event"
    payload: PostPayload
