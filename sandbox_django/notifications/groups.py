"""Channel-layer groups of the notifications channel."""

from __future__ import annotations

#: Every notifications connection joins it: announcements go here.
EVERYONE = "notifications_everyone"


def user_group(user_id: int) -> str:
    """The group of all connections (tabs, devices) of one user."""
    return f"notifications_user_{user_id}"
