"""``AsyncJsonWebsocketConsumer`` for FastAPI / Starlette, on fast-channels."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from asgiref.sync import async_to_sync
from fast_channels.consumer.websocket import AsyncJsonWebsocketConsumer as FastJsonConsumer
from fast_channels.exceptions import StopConsumer
from fast_channels.layers import BaseChannelLayer, get_channel_layer
from fast_channels.type_defs import ChannelHeaders

from chanx.core.consumer import ChanxConsumerMixin, EventT
from chanx.core.protocols import ChannelLayer

__all__ = ["AsyncJsonWebsocketConsumer"]


class AsyncJsonWebsocketConsumer(ChanxConsumerMixin[EventT], FastJsonConsumer):
    """A fast-channels JSON websocket consumer with chanx routing, validation and events.

    Generic in the event type it accepts (``AsyncJsonWebsocketConsumer[MyEvent]``);
    the parameter only informs type checkers. Settings come from class attributes
    (there is no settings module): a subclass sets ``send_completion = True`` etc.
    """

    if TYPE_CHECKING:
        # fast-channels is typed and declares these differently from the core mixin.
        # mypy checks a class with several bases against the *first* definition of each
        # name, so declaring them here keeps ``class C(MyMixin, AsyncJsonWebsocketConsumer)``
        # free of "incompatible definition in base class" errors. Runtime: unchanged.
        scope: dict[str, Any]  # pyright: ignore[reportIncompatibleVariableOverride]
        channel_layer: BaseChannelLayer | None  # pyright: ignore[reportIncompatibleVariableOverride]
        channel_layer_alias: str  # pyright: ignore[reportIncompatibleVariableOverride]

        async def accept(
            self, subprotocol: str | None = None, headers: ChannelHeaders | None = None
        ) -> None: ...
        async def send(  # type: ignore[override]
            self, text_data: str | None = None, bytes_data: bytes | None = None, close: bool = False
        ) -> None: ...
        async def websocket_connect(self, message: Any) -> None: ...
        async def websocket_receive(self, message: Any) -> None: ...
        async def websocket_disconnect(self, message: Any) -> None: ...

    stop_consumer_error = StopConsumer

    @classmethod
    def get_class_channel_layer(cls) -> ChannelLayer | None:
        """The layer registered under ``channel_layer_alias``, if any."""
        layer: ChannelLayer | None = get_channel_layer(cls.channel_layer_alias)
        return layer

    @classmethod
    def run_sync(cls, func: Callable[..., Coroutine[Any, Any, None]], *args: Any) -> None:
        """Run through asgiref (a fast-channels dependency), like the Django integration.

        From a worker thread started by ``sync_to_async`` the coroutine runs on the
        server's loop; from plain sync code on a fresh loop in a helper thread.
        From a thread running an event loop it raises ``RuntimeError``.
        """
        async_to_sync(func)(*args)
