"""Messages of the lobby topics."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from chanx.messages.base import BaseMessage


class SayPayload(BaseModel):
    """What a client says in a room."""

    text: str = Field(min_length=1, max_length=2000)


class SayMessage(BaseMessage):
    """Client posts to a room topic it is subscribed to."""

    action: Literal["say"] = "say"
    payload: SayPayload


class RoomPost(BaseModel):
    """One message of a room."""

    room: str
    username: str
    text: str


class RoomPostMessage(BaseMessage):
    """A room message as every subscriber receives it (broadcast with a ``seq``)."""

    action: Literal["room_post"] = "room_post"
    payload: RoomPost


class RoomHistoryPayload(BaseModel):
    """The recent messages of a room."""

    room: str
    posts: list[RoomPost]


class RoomHistoryMessage(BaseMessage):
    """Pushed right after ``subscribed``: the room's recent messages."""

    action: Literal["room_history"] = "room_history"
    payload: RoomHistoryPayload


class NoticePayload(BaseModel):
    """A notice for one user."""

    text: str = Field(min_length=1, max_length=500)


class NoticeMessage(BaseMessage):
    """A private notice, broadcast to the ``user:<name>`` topic by server code."""

    action: Literal["notice"] = "notice"
    payload: NoticePayload
