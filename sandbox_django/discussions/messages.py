"""Messages of the discussion threads."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from chanx.messages.base import BaseMessage


class CommentText(BaseModel):
    """What a client writes."""

    text: str = Field(min_length=1, max_length=2000)


class PostCommentMessage(BaseMessage):
    """Client posts a comment to a thread it is subscribed to."""

    action: Literal["post_comment"] = "post_comment"
    payload: CommentText


class CommentPayload(BaseModel):
    """A comment as subscribers receive it."""

    id: int
    thread_id: int
    author: str
    text: str


class CommentPostedMessage(BaseMessage):
    """Broadcast to the thread's subscribers; ``seq`` is the comment id."""

    action: Literal["comment_posted"] = "comment_posted"
    payload: CommentPayload


class ThreadStatePayload(BaseModel):
    """A thread and its latest comments."""

    id: int
    title: str
    locked: bool
    comments: list[CommentPayload]


class ThreadStateMessage(BaseMessage):
    """Pushed right after ``subscribed``."""

    action: Literal["thread_state"] = "thread_state"
    payload: ThreadStatePayload


class LockThreadMessage(BaseMessage):
    """Staff only: lock the thread (no more comments)."""

    action: Literal["lock_thread"] = "lock_thread"
    payload: None = None


class ThreadLockedMessage(BaseMessage):
    """Broadcast when a thread gets locked."""

    action: Literal["thread_locked"] = "thread_locked"
    payload: None = None
