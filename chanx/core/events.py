"""Events from anywhere: ``send_event``/``broadcast_event`` and their ``_sync`` variants.

Classmethods of every chanx consumer, usable without a connection: from views,
Celery tasks, management commands or another process. The integration supplies the
channel layer (``get_class_channel_layer``) and may replace the sync bridge
(``run_sync``) with asgiref's.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Sequence
from typing import Any, Generic

from typing_extensions import TypeVar

from chanx.core import groups as layer_messages
from chanx.core.errors import ChannelLayerNotConfigured
from chanx.core.protocols import ChannelLayer
from chanx.messages.base import BaseMessage
from chanx.utils.sync import run_sync

__all__ = ["EventSender", "EventT"]

EventT = TypeVar("EventT", bound=BaseMessage, default=BaseMessage)


class EventSender(Generic[EventT]):
    """Sending channel-layer events to consumers of this class."""

    groups: list[str] = []
    channel_layer_alias: str = "default"

    @classmethod
    def get_class_channel_layer(cls) -> ChannelLayer | None:
        """The channel layer named by ``channel_layer_alias`` (filled by the integration)."""
        return None

    @classmethod
    def _require_class_layer(cls) -> ChannelLayer:
        layer = cls.get_class_channel_layer()
        if layer is None:
            raise ChannelLayerNotConfigured(
                f"No channel layer '{cls.channel_layer_alias}' is configured for {cls.__name__}"
            )
        return layer

    @classmethod
    async def send_event(cls, event: EventT, channel_name: str) -> None:
        """Deliver ``event`` to the consumer instance listening on ``channel_name``."""
        await layer_messages.send_event(cls._require_class_layer(), event, channel_name)

    @classmethod
    async def broadcast_event(
        cls, event: EventT, groups: str | Sequence[str] | None = None
    ) -> None:
        """Deliver ``event`` to every consumer in ``groups`` (a str is one group; ``None``: ``cls.groups``)."""
        targets = layer_messages.normalize_groups(groups, cls.groups)
        await layer_messages.broadcast_event(cls._require_class_layer(), event, targets)

    @classmethod
    def send_event_sync(cls, event: EventT, channel_name: str) -> None:
        """:meth:`send_event` for sync code (views, Celery tasks, management commands)."""
        cls.run_sync(cls.send_event, event, channel_name)

    @classmethod
    def broadcast_event_sync(cls, event: EventT, groups: str | Sequence[str] | None = None) -> None:
        """:meth:`broadcast_event` for sync code (views, Celery tasks, management commands)."""
        cls.run_sync(cls.broadcast_event, event, groups)

    @classmethod
    def run_sync(cls, func: Callable[..., Coroutine[Any, Any, None]], *args: Any) -> None:
        """Run a coroutine function from sync code; integrations may use asgiref instead."""
        run_sync(func, *args)
