"""Database work of the threads (sync; consumers call it through ``database_sync_to_async``)."""

from __future__ import annotations

from typing import Any

from sandbox_django.discussions.messages import CommentPayload, ThreadStatePayload
from sandbox_django.discussions.models import Comment, Thread

RECENT_COMMENTS = 20


def comment_payload(comment: Comment) -> CommentPayload:
    return CommentPayload(
        id=comment.pk,
        thread_id=comment.thread_id,
        author=comment.author.get_username(),
        text=comment.text,
    )


def thread_exists(thread_id: str) -> bool:
    return thread_id.isdigit() and Thread.objects.filter(pk=int(thread_id)).exists()


def thread_state(thread_id: str) -> ThreadStatePayload:
    thread = Thread.objects.get(pk=int(thread_id))
    recent = list(thread.comments.select_related("author").order_by("-id")[:RECENT_COMMENTS])
    return ThreadStatePayload(
        id=thread.pk,
        title=thread.title,
        locked=thread.locked,
        comments=[comment_payload(c) for c in reversed(recent)],
    )


def add_comment(thread_id: str, author: Any, text: str) -> CommentPayload | None:
    """Store a comment; ``None`` when the thread is locked."""
    thread = Thread.objects.get(pk=int(thread_id))
    if thread.locked:
        return None
    comment = Comment.objects.create(thread=thread, author=author, text=text)
    return comment_payload(comment)


def lock_thread(thread_id: str) -> None:
    Thread.objects.filter(pk=int(thread_id)).update(locked=True)
