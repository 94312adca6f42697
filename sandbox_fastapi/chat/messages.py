"""Messages and events of the room chat."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from chanx.messages.base import BaseMessage


class ChatPayload(BaseModel):
    """What a client says."""

    message: str = Field(max_length=2000)


class ChatMessage(BaseMessage):
    """Client posts a message to the room it is connected to."""

    action: Literal["chat"] = "chat"
    payload: ChatPayload


class ChatBroadcastPayload(BaseModel):
    """A chat message as every member of the room receives it."""

    room: str
    username: str
    message: str


class ChatBroadcastMessage(BaseMessage):
    """Sent to every connection of the room (the sender included)."""

    action: Literal["chat_message"] = "chat_message"
    payload: ChatBroadcastPayload


class AnnouncementPayload(BaseModel):
    """A server announcement for one room."""

    room: str
    text: str = Field(min_length=1, max_length=500)


class RoomAnnouncementEvent(BaseMessage):
    """Channel-layer event pushed by server code (``POST /rooms/{room_name}/announce``)."""

    action: Literal["room_announcement"] = "room_announcement"
    payload: AnnouncementPayload


class AnnouncementMessage(BaseMessage):
    """What clients receive for a :class:`RoomAnnouncementEvent`."""

    action: Literal["announcement"] = "announcement"
    payload: AnnouncementPayload
