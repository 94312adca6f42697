"""Channel-layer messages: group broadcasts and events (CONTRACT §6 shapes).

Pure functions over a :class:`~chanx.core.protocols.ChannelLayer`; the consumer mixin
exposes them as methods and classmethods.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from chanx.core.protocols import ChannelLayer
from chanx.messages.base import BaseMessage

__all__ = [
    "CHANNEL_EVENT_TYPE",
    "GROUP_MESSAGE_TYPE",
    "broadcast_event",
    "broadcast_message",
    "normalize_groups",
    "send_event",
]

GROUP_MESSAGE_TYPE = "handle_group_message"
CHANNEL_EVENT_TYPE = "handle_channel_event"


def normalize_groups(groups: str | Iterable[str] | None, default: Sequence[str]) -> list[str]:
    """A str is one group, ``None`` means ``default``; duplicates dropped, order kept."""
    if groups is None:
        return list(dict.fromkeys(default))
    if isinstance(groups, str):
        return [groups]
    return list(dict.fromkeys(groups))


async def broadcast_message(
    layer: ChannelLayer,
    message: BaseMessage,
    groups: Sequence[str],
    *,
    exclude_current: bool,
    from_channel: str,
) -> None:
    """``group_send`` one ``handle_group_message`` per group; the message is dumped once."""
    body: dict[str, Any] = {
        "type": GROUP_MESSAGE_TYPE,
        "message": message.model_dump(mode="json"),
        "exclude_current": exclude_current,
        "from_channel": from_channel,
    }
    for group in groups:
        await layer.group_send(group, body)


def event_body(event: BaseMessage) -> dict[str, Any]:
    """The layer message carrying ``event``."""
    return {"type": CHANNEL_EVENT_TYPE, "event_data": event.model_dump(mode="json")}


async def send_event(layer: ChannelLayer, event: BaseMessage, channel_name: str) -> None:
    """Deliver ``event`` to one consumer instance."""
    await layer.send(channel_name, event_body(event))


async def broadcast_event(layer: ChannelLayer, event: BaseMessage, groups: Sequence[str]) -> None:
    """Deliver ``event`` to every consumer in ``groups``."""
    body = event_body(event)
    for group in groups:
        await layer.group_send(group, body)
