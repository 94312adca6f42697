"""Events and messages of the notifications channel."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from chanx.messages.base import BaseMessage


class NotificationPayload(BaseModel):
    """A note for one user."""

    text: str = Field(min_length=1, max_length=500)


class NotifyUserEvent(BaseMessage):
    """Channel-layer event for one user's connections (sent by a Celery task)."""

    action: Literal["notify_user"] = "notify_user"
    payload: NotificationPayload


class NotificationMessage(BaseMessage):
    """What the user's clients receive for a :class:`NotifyUserEvent`."""

    action: Literal["notification"] = "notification"
    payload: NotificationPayload


class AnnouncementPayload(BaseModel):
    """A note for everyone connected."""

    text: str = Field(min_length=1, max_length=500)


class AnnounceEvent(BaseMessage):
    """Channel-layer event for every connection (``manage.py announce``)."""

    action: Literal["announce"] = "announce"
    payload: AnnouncementPayload


class AnnouncementMessage(BaseMessage):
    """What every client receives for an :class:`AnnounceEvent`."""

    action: Literal["announcement"] = "announcement"
    payload: AnnouncementPayload


NotificationEvent = NotifyUserEvent | AnnounceEvent
