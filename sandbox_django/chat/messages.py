"""Websocket messages and channel-layer events of the chat."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from chanx.messages.base import BaseMessage


class ChatPayload(BaseModel):
    """What a member says."""

    message: str = Field(max_length=2000)


class ChatMessage(BaseMessage):
    """A member posts to the chat this connection is for."""

    action: Literal["chat"] = "chat"
    payload: ChatPayload


class PostedMessagePayload(BaseModel):
    """A stored chat message, as every member receives it."""

    id: int
    chat_id: int
    username: str
    message: str
    created_at: datetime


class ChatBroadcastMessage(BaseMessage):
    """Sent to every connection of the chat (the sender's included)."""

    action: Literal["chat_message"] = "chat_message"
    payload: PostedMessagePayload


class MessagePostedEvent(BaseMessage):
    """Channel-layer event: a message was posted through the REST API."""

    action: Literal["message_posted"] = "message_posted"
    payload: PostedMessagePayload
