"""The lobby's topics: ``room:<room_name>`` chat rooms and ``user:<username>`` inboxes.

Room history and sequence numbers live in this process (a demo: with several
servers, keep them in your database or Redis).
"""

from __future__ import annotations

import itertools
from collections import defaultdict, deque

from chanx.core.decorators import ws_handler
from chanx.core.topic import Topic
from sandbox_fastapi.chat.auth import ROOM_NAME
from sandbox_fastapi.lobby.messages import (
    NoticeMessage,
    RoomHistoryMessage,
    RoomHistoryPayload,
    RoomPost,
    RoomPostMessage,
    SayMessage,
)

HISTORY_LENGTH = 20

_history: defaultdict[str, deque[RoomPost]] = defaultdict(lambda: deque(maxlen=HISTORY_LENGTH))
_sequence: defaultdict[str, itertools.count[int]] = defaultdict(itertools.count)


class RoomTopic(Topic):
    """A chat room: subscribe to ``room:<room_name>``, then ``say`` things in it."""

    pattern = "room:{room_name}"
    passthrough_events = [RoomPostMessage]
    emits = [RoomHistoryMessage]

    async def authorize(self, **params: str) -> bool:
        """Any signed-in user may join a room with a valid name."""
        return ROOM_NAME.fullmatch(params["room_name"]) is not None

    async def on_subscribe(self) -> None:
        """Send the room's recent messages to the new subscriber."""
        room = self.params["room_name"]
        history = RoomHistoryPayload(room=room, posts=list(_history[room]))
        await self.send_message(RoomHistoryMessage(payload=history))

    @ws_handler(summary="Post to the room")
    async def say(self, message: SayMessage) -> None:
        """Broadcast the text to every subscriber of the room, numbered by ``seq``."""
        room = self.params["room_name"]
        post = RoomPost(room=room, username=str(self.user), text=message.payload.text.strip())
        _history[room].append(post)
        await self.broadcast(self.topic, RoomPostMessage(payload=post), seq=next(_sequence[room]))


class InboxTopic(Topic):
    """Private notices: only ``<username>`` may subscribe to ``user:<username>``."""

    pattern = "user:{username}"
    name = "inbox"
    passthrough_events = [NoticeMessage]

    async def authorize(self, **params: str) -> bool:
        """Nobody reads someone else's inbox."""
        return params["username"] == self.user
