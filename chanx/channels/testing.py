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
from chanx.core.testing import CapturedEvent, CommunicatorMixin, capture_broadcast_events
from chanx.messages.outgoing import AuthenticationMessage

__all__ = [
    "CapturedEvent",
    "DjangoWebsocketCommunicator",
    "WebsocketCommunicator",
    "WebsocketTestCase",
    "capture_broadcast_events",
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

    async def wait_for_auth(self, timeout: float = 1) -> AuthenticationMessage:
        """The authentication frame the consumer sends after its authenticator ran."""
        frame = await self.receive_json(timeout)
        return AuthenticationMessage.model_validate(frame)

    async def assert_authenticated_status_ok(self, timeout: float = 1) -> None:
        """Read the authentication frame and assert it reports 200."""
        message = await self.wait_for_auth(timeout)
        if message.payload.status_code != 200:
            raise AssertionError(f"Authentication failed: {message.payload!r}")


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

    def tearDown(self) -> None:
        for communicator in self._communicators:
            async_to_sync(communicator.disconnect)()
        self._communicators.clear()
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
