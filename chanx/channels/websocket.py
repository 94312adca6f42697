"""``AsyncJsonWebsocketConsumer`` for Django Channels."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from asgiref.sync import async_to_sync
from channels.generic.websocket import AsyncJsonWebsocketConsumer as ChannelsJsonConsumer
from channels.layers import get_channel_layer

from chanx.channels.permissions import call_permission_off_loop
from chanx.channels.settings import DJANGO_SETTINGS_SOURCE
from chanx.core.consumer import ChanxConsumerMixin, EventT
from chanx.core.permissions import Permission
from chanx.core.protocols import ChannelLayer

__all__ = ["AsyncJsonWebsocketConsumer"]

#: Message types handled without Django's stale-connection cleanup (see ``dispatch``).
_LEAN_HANDLERS: dict[str, str] = {
    "websocket.receive": "websocket_receive",
    "handle_group_message": "handle_group_message",
    "handle_channel_event": "handle_channel_event",
    "handle_topic_event": "handle_topic_event",
}


class AsyncJsonWebsocketConsumer(ChanxConsumerMixin[EventT], ChannelsJsonConsumer):  # type: ignore[misc]
    """A Channels JSON websocket consumer with chanx routing, validation and events.

    Generic in the event type it accepts (``AsyncJsonWebsocketConsumer[MyEvent]``);
    the parameter only informs type checkers.
    """

    settings_source = DJANGO_SETTINGS_SOURCE

    #: Run Django's ``close_old_connections`` (a thread hop) before every frame and
    #: layer message, as Channels does. Off by default: chanx keeps it on connect and
    #: disconnect, and ``channels.db.database_sync_to_async`` does it around every ORM
    #: call; turn it on if handlers use the ORM through plain ``sync_to_async``.
    close_old_connections_per_message: bool = False

    async def dispatch(self, message: dict[str, Any]) -> None:
        """Route an ASGI or channel-layer message to its handler.

        Frames and chanx's own layer messages skip Channels' per-message
        ``aclose_old_connections()`` unless ``close_old_connections_per_message``; every
        other message (connect, disconnect, custom layer types) goes through Channels.
        """
        name = _LEAN_HANDLERS.get(message["type"])
        if name is None or self.close_old_connections_per_message:
            await super().dispatch(message)
            return
        await getattr(self, name)(message)

    @classmethod
    def get_class_channel_layer(cls) -> ChannelLayer | None:
        """The layer of ``CHANNEL_LAYERS[channel_layer_alias]``, if configured."""
        layer: ChannelLayer | None = get_channel_layer(cls.channel_layer_alias)
        return layer

    def get_permission_request(self) -> Any:
        """The handshake's DRF ``Request`` when a ``DjangoAuthenticator`` made one.

        Otherwise the core's ``ConnectionRequest`` (``user`` falls back to the
        ``scope["user"]`` of Channels' ``AuthMiddlewareStack``).
        """
        request = getattr(self.authenticator, "request", None)
        return request if request is not None else super().get_permission_request()

    async def call_permission(self, permission: Permission, request: Any) -> Any:
        """Sync permissions (DRF's, ``HasRoles`` reading ``user.groups``) run in a thread."""
        return await call_permission_off_loop(permission, request, self)

    @classmethod
    def run_sync(cls, func: Callable[..., Coroutine[Any, Any, None]], *args: Any) -> None:
        """Run through asgiref, reusing the server's loop when called from a sync view."""
        async_to_sync(func)(*args)
