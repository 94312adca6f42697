"""Test helpers for chanx consumers on Django Channels.

``WebsocketCommunicator`` drives a consumer in-process through the ASGI interface
(no server); ``WebsocketTestCase`` wires communicators into Django's test runner.
"""

from __future__ import annotations

from typing import Any

from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator as ChannelsWebsocketCommunicator
from django.conf import settings
from django.test import TransactionTestCase
from django.utils.module_loading import import_string

from chanx.core.consumer import ChanxConsumerMixin
from chanx.core.testing import (
    CapturedEvent,
    CapturedTopicBroadcast,
    CommunicatorMixin,
    TopicFrame,
    capture_broadcast_events,
    capture_topic_broadcasts,
)

__all__ = [
    "CapturedEvent",
    "CapturedTopicBroadcast",
    "DjangoWebsocketCommunicator",
    "TopicFrame",
    "WebsocketCommunicator",
    "WebsocketTestCase",
    "capture_broadcast_events",
    "capture_topic_broadcasts",
]

Headers = list[tuple[bytes, bytes]]


class WebsocketCommunicator(CommunicatorMixin, ChannelsWebsocketCommunicator):  # type: ignore[misc]
    """Channels' communicator plus chanx's message-level helpers."""

    def __init__(
        self,
        application: Any,
        path: str,
        headers: Headers | None = None,
        subprotocols: list[str] | None = None,
        *,
        consumer: type[ChanxConsumerMixin[Any]],
    ) -> None:
        super().__init__(application, path, headers=headers, subprotocols=subprotocols)
        self.consumer = consumer


class DjangoWebsocketCommunicator(WebsocketCommunicator):
    """A communicator that knows about the authentication frame."""


class WebsocketTestCase(TransactionTestCase):
    """Test case creating communicators for ``ws_path`` and disconnecting them afterwards.

    Set ``ws_path`` and ``consumer``; ``router`` defaults to ``settings.ASGI_APPLICATION``.
    Override :meth:`get_ws_headers` / :meth:`get_subprotocols` to authenticate.
    """

    ws_path: str = ""
    router: Any = None
    consumer: type[ChanxConsumerMixin[Any]]

    def setUp(self) -> None:
        super().setUp()
        self._communicators: list[DjangoWebsocketCommunicator] = []
        self._auth_communicator: DjangoWebsocketCommunicator | None = None

    def _callTestMethod(self, method: Any) -> None:
        # Django runs an async test in its own event loop and cancels the application
        # tasks when that loop ends, so communicators must disconnect inside it.
        awaitable = getattr(method, "awaitable", None)
        if awaitable is None:
            super()._callTestMethod(method)  # type: ignore[misc]
            return

        async def run_then_disconnect() -> None:
            try:
                await awaitable()
            finally:
                await self._disconnect_all()

        super()._callTestMethod(async_to_sync(run_then_disconnect))  # type: ignore[misc]

    async def _disconnect_all(self) -> None:
        for communicator in self._communicators:
            future = getattr(communicator, "_future", None)  # asgiref's app task
            if future is not None and not future.done():
                await communicator.disconnect()
        self._communicators.clear()

    def tearDown(self) -> None:
        async_to_sync(self._disconnect_all)()
        super().tearDown()

    def get_ws_headers(self) -> Headers:
        """Handshake headers of every communicator (e.g. cookies, Authorization)."""
        return []

    def get_subprotocols(self) -> list[str]:
        """Subprotocols the communicators offer."""
        return []

    def get_router(self) -> Any:
        """The ASGI application under test."""
        if self.router is not None:
            return self.router
        return import_string(settings.ASGI_APPLICATION)

    def create_communicator(
        self,
        ws_path: str | None = None,
        headers: Headers | None = None,
        subprotocols: list[str] | None = None,
    ) -> DjangoWebsocketCommunicator:
        """A new communicator, disconnected automatically in ``tearDown``."""
        communicator = DjangoWebsocketCommunicator(
            self.get_router(),
            ws_path if ws_path is not None else self.ws_path,
            headers=headers if headers is not None else self.get_ws_headers(),
            subprotocols=subprotocols if subprotocols is not None else self.get_subprotocols(),
            consumer=self.consumer,
        )
        self._communicators.append(communicator)
        return communicator

    @property
    def auth_communicator(self) -> DjangoWebsocketCommunicator:
        """A communicator with :meth:`get_ws_headers`, created on first use."""
        if self._auth_communicator is None:
            self._auth_communicator = self.create_communicator()
        return self._auth_communicator
