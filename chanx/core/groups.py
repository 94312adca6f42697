"""Channel-layer messages: group broadcasts and events (CONTRACT §6 shapes).

Pure functions over a :class:`~chanx.core.protocols.ChannelLayer`; the consumer mixin
exposes them as methods and classmethods.

Failure policy: every layer call (``send``/``group_send``) is bounded by
:data:`DEFAULT_LAYER_TIMEOUT` seconds. When it raises (for Redis: connection refused,
reset, connect timeout...) or does not finish in time, :class:`ChannelLayerUnavailable`
is raised with the original exception as ``__cause__``. Nothing is retried and nothing
hangs; cancellation passes through untouched. For several groups, groups before the
failing one have already been sent to.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Iterable, Sequence
from typing import Any

from chanx.core.errors import ChannelLayerUnavailable, ChanxError
from chanx.core.protocols import ChannelLayer
from chanx.messages.base import BaseMessage

__all__ = [
    "CHANNEL_EVENT_TYPE",
    "DEFAULT_LAYER_TIMEOUT",
    "GROUP_MESSAGE_TYPE",
    "TOPIC_EVENT_TYPE",
    "broadcast_event",
    "broadcast_message",
    "layer_call",
    "normalize_groups",
    "send_event",
]

GROUP_MESSAGE_TYPE = "handle_group_message"
CHANNEL_EVENT_TYPE = "handle_channel_event"
TOPIC_EVENT_TYPE = "handle_topic_event"

#: Seconds one layer ``send``/``group_send`` may take before it counts as unavailable
#: (read at call time; chanx's Redis defaults fail a refused connect in < 5 s).
DEFAULT_LAYER_TIMEOUT: float = 10.0


async def layer_call(operation: str, target: str, call: Awaitable[None]) -> None:
    """Await ``call`` within :data:`DEFAULT_LAYER_TIMEOUT`; failures become
    :class:`ChannelLayerUnavailable` (``CancelledError`` is a ``BaseException``)."""
    try:
        async with asyncio.timeout(DEFAULT_LAYER_TIMEOUT):
            await call
    except ChanxError:
        raise
    except Exception as exc:
        reason = (
            f"timed out after {DEFAULT_LAYER_TIMEOUT:g} s"
            if isinstance(exc, TimeoutError)
            else f"{type(exc).__name__}: {exc}"
        )
        raise ChannelLayerUnavailable(
            f"channel layer {operation} to {target!r} failed: {reason}"
        ) from exc


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
        await layer_call("group_send", group, layer.group_send(group, body))


def event_body(event: BaseMessage) -> dict[str, Any]:
    """The layer message carrying ``event``."""
    return {"type": CHANNEL_EVENT_TYPE, "event_data": event.model_dump(mode="json")}


async def send_event(layer: ChannelLayer, event: BaseMessage, channel_name: str) -> None:
    """Deliver ``event`` to one consumer instance."""
    await layer_call("send", channel_name, layer.send(channel_name, event_body(event)))


async def broadcast_event(layer: ChannelLayer, event: BaseMessage, groups: Sequence[str]) -> None:
    """Deliver ``event`` to every consumer in ``groups``."""
    body = event_body(event)
    for group in groups:
        await layer_call("group_send", group, layer.group_send(group, body))
