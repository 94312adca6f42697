"""Group membership of one connection: joining, leaving, broadcasting, re-joining.

A mixin of the consumer runtime. It also owns the connection's channel-layer receive,
wrapped so that a layer outage does not end the consumer and every membership
(``groups`` and topic groups) is restored when the layer comes back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from chanx.core import groups as layer_messages
from chanx.core.errors import ChannelLayerNotConfigured
from chanx.core.protocols import ChannelLayer
from chanx.core.resilience import Receive, ResilientReceive
from chanx.messages.base import BaseMessage

if TYPE_CHECKING:
    import structlog

    from chanx.core.topic import Topic

__all__ = ["GroupMembership"]


class GroupMembership:
    """Groups of one connection (see the module docstring)."""

    chanx_layer_receive: ResilientReceive

    if TYPE_CHECKING:  # provided by the consumer
        scope: dict[str, Any]
        channel_name: str
        channel_layer: ChannelLayer | None
        groups: list[str]
        chanx_subscriptions: dict[str, Topic]

        @property
        def chanx_log(self) -> structlog.stdlib.BoundLogger: ...

    @property
    def url_params(self) -> dict[str, Any]:
        """Path parameters of the route (Django ``url_route`` kwargs or Starlette path params)."""
        route = self.scope.get("url_route")
        if isinstance(route, dict) and route.get("kwargs"):
            return dict(route["kwargs"])
        return dict(self.scope.get("path_params") or {})

    def _layer(self) -> ChannelLayer:
        if self.channel_layer is None:
            raise ChannelLayerNotConfigured("No channel layer is configured for this consumer")
        return self.channel_layer

    async def broadcast_message(
        self,
        message: BaseMessage,
        groups: str | Sequence[str] | None = None,
        *,
        exclude_current: bool = False,
    ) -> None:
        """Send ``message`` to every connection in ``groups`` (default: this one's groups)."""
        targets = layer_messages.normalize_groups(groups, self.groups)
        await layer_messages.broadcast_message(
            self._layer(),
            message,
            targets,
            exclude_current=exclude_current,
            from_channel=self.channel_name,
        )

    async def join_group(self, group: str) -> None:
        """Add this connection to ``group`` (left automatically on disconnect)."""
        await self._layer().group_add(group, self.channel_name)
        if group not in self.groups:
            self.groups.append(group)

    async def leave_group(self, group: str) -> None:
        """Remove this connection from ``group``."""
        await self._layer().group_discard(group, self.channel_name)
        if group in self.groups:
            self.groups.remove(group)

    async def chanx_rejoin_groups(self) -> int:
        """Add this connection to its groups again; returns how many it re-joined.

        Called after a channel-layer outage (a restarted Redis has lost every group
        membership) before receiving resumes. The one place that re-establishes layer
        membership: ``groups`` and the group of every topic subscription.
        """
        layer = self.channel_layer
        if layer is None:
            return 0
        groups = list(self.groups)
        groups += [topic.group_name(name) for name, topic in self.chanx_subscriptions.items()]
        for group in groups:
            await layer.group_add(group, self.channel_name)
        return len(groups)

    @property
    def channel_receive(self) -> Receive:
        """The channel-layer receive the integration's dispatch loop awaits.

        The integration assigns the layer's ``receive`` bound to this channel; it is
        wrapped in a :class:`~chanx.core.resilience.ResilientReceive`, so a layer
        outage does not end the consumer and groups are re-joined afterwards.
        """
        return self.chanx_layer_receive

    @channel_receive.setter
    def channel_receive(self, receive: Receive) -> None:
        self.chanx_layer_receive = ResilientReceive(
            receive, self.chanx_rejoin_groups, lambda: self.chanx_log
        )
