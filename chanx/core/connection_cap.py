"""``max_connections_per_user``: process-local counting of a user's open connections.

Each consumer class owns one :class:`UserConnections` table (built in the class's
``__init_subclass__``), keyed by a user key (the user's ``pk``, or the user object
itself). A connection takes a slot after authentication and gives it back when it
ends, however it ends: on ``websocket.disconnect`` and, should the consumer die
without one (an exception, a cancelled task), when its ASGI application returns.

Counting is per process on purpose: it needs no shared store on the connect path and
cannot leak slots when a worker crashes (a shared counter in Redis would keep the
dead worker's connections counted until some expiry). With N worker processes a user
may hold up to N times the limit; put a proxy limit in front for a global cap.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

__all__ = ["UserConnections", "user_key"]


class UserConnections:
    """Open connections per user key, for one consumer class in this process."""

    __slots__ = ("_counts",)

    def __init__(self) -> None:
        self._counts: dict[Hashable, int] = {}

    def acquire(self, key: Hashable, limit: int) -> bool:
        """Take a slot for ``key`` unless it already holds ``limit``; ``True`` if taken."""
        held = self._counts.get(key, 0)
        if held >= limit:
            return False
        self._counts[key] = held + 1
        return True

    def release(self, key: Hashable) -> None:
        """Give back one slot of ``key`` (the entry goes when it reaches zero)."""
        held = self._counts.get(key, 0) - 1
        if held > 0:
            self._counts[key] = held
        else:
            self._counts.pop(key, None)

    def count(self, key: Hashable) -> int:
        """Slots ``key`` holds now."""
        return self._counts.get(key, 0)

    def __len__(self) -> int:
        return len(self._counts)


def user_key(user: Any) -> Hashable | None:
    """The counting key of ``user``: ``None`` for no user or an anonymous one (not
    counted), else its ``pk`` (Django models) or the user object if hashable."""
    if user is None or getattr(user, "is_anonymous", False) is True:
        return None
    if getattr(user, "is_authenticated", True) is False:
        return None
    pk = getattr(user, "pk", None)
    if pk is not None:
        return (type(user).__name__, pk)
    return user if isinstance(user, Hashable) else None
