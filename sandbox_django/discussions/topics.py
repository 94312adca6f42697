"""``thread:<id>``: follow a discussion live over a socket you already have."""

from __future__ import annotations

from channels.db import database_sync_to_async
from rest_framework.permissions import IsAdminUser

from chanx.core.decorators import ws_handler
from chanx.core.errors import WsError
from chanx.core.topic import Topic
from sandbox_django.discussions import services
from sandbox_django.discussions.messages import (
    CommentPostedMessage,
    LockThreadMessage,
    PostCommentMessage,
    ThreadLockedMessage,
    ThreadStateMessage,
)


class ThreadTopic(Topic):
    """A discussion thread: its state on subscribe, then every new comment."""

    pattern = "thread:{thread_id}"
    passthrough_events = [CommentPostedMessage, ThreadLockedMessage]
    emits = [ThreadStateMessage]

    async def authorize(self, **params: str) -> bool:
        """Signed-in users may follow any existing thread."""
        exists: bool = await database_sync_to_async(services.thread_exists)(params["thread_id"])
        return exists

    async def on_subscribe(self) -> None:
        """Send the thread's title, lock state and latest comments."""
        state = await database_sync_to_async(services.thread_state)(self.params["thread_id"])
        await self.send_message(ThreadStateMessage(payload=state))

    @ws_handler(summary="Comment on the thread")
    async def post_comment(self, message: PostCommentMessage) -> None:
        """Store the comment and broadcast it to the thread (``seq`` = comment id)."""
        comment = await database_sync_to_async(services.add_comment)(
            self.params["thread_id"], self.user, message.payload.text.strip()
        )
        if comment is None:
            raise WsError("thread_locked", "This thread is locked")
        await self.broadcast(self.topic, CommentPostedMessage(payload=comment), seq=comment.id)

    @ws_handler(summary="Lock the thread (staff)", permission_classes=[IsAdminUser])
    async def lock_thread(self, message: LockThreadMessage) -> None:
        """Staff only: no more comments; subscribers get ``thread_locked``."""
        await database_sync_to_async(services.lock_thread)(self.params["thread_id"])
        await self.broadcast(self.topic, ThreadLockedMessage())
