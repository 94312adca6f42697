"""Framework-free test helpers: the communicator mixin and ``capture_broadcast_events``.

The integrations combine :class:`CommunicatorMixin` with their ASGI test communicator
(Channels' or fast-channels'), which provides ``send_json_to``, ``receive_json_from``,
``receive_output``, ``receive_nothing``, ``connect`` and ``disconnect``.
"""

from __future__ import annotations

import json
from collections.abc import Generator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import humps

from chanx.core.settings import resolve_settings
from chanx.messages.base import BaseMessage
from chanx.messages.outgoing import AuthenticationMessage

if TYPE_CHECKING:
    from chanx.core.consumer import ChanxConsumerMixin

__all__ = ["CapturedEvent", "CommunicatorMixin", "capture_broadcast_events"]


class CommunicatorMixin:
    """chanx-aware methods for an ASGI websocket test communicator."""

    consumer: type[ChanxConsumerMixin[Any]]

    if TYPE_CHECKING:

        async def send_to(
            self, text_data: str | None = None, bytes_data: bytes | None = None
        ) -> None: ...
        async def receive_from(self, timeout: float = 1) -> str | bytes: ...
        async def receive_output(self, timeout: float = 1) -> dict[str, Any]: ...
        async def receive_nothing(self, timeout: float = 0.1, interval: float = 0.01) -> bool: ...
        async def connect(self, timeout: float = 1) -> Any: ...
        async def disconnect(self, code: int = 1000, timeout: float = 1) -> None: ...

    @property
    def camelize(self) -> bool:
        """Whether the consumer under test camelizes (resolved now, like a connection)."""
        return resolve_settings(self.consumer).camelize

    async def send_message(
        self, message: BaseMessage, *, topic: str | None = None, ref: str | None = None
    ) -> None:
        """Send ``message`` as a client would, with optional envelope ``topic``/``ref``."""
        frame: dict[str, Any] = message.model_dump(mode="json")
        if self.camelize:
            frame = humps.camelize(frame)
        if topic is not None:
            frame["topic"] = topic
        if ref is not None:
            frame["ref"] = ref
        await self.send_to(text_data=json.dumps(frame))

    async def receive_json(self, timeout: float = 1) -> Any:
        """The next text frame, decoded (fails if it is binary)."""
        data = await self.receive_from(timeout)
        if not isinstance(data, str):
            raise AssertionError(f"Expected a text frame, got binary data {data!r}")
        return json.loads(data)

    async def receive_all_json(self, timeout: float = 1) -> list[Any]:
        """Every frame that arrives until nothing more comes within ``timeout`` seconds."""
        frames: list[Any] = []
        while not await self.receive_nothing(timeout):
            frames.append(await self.receive_json(timeout))
        return frames

    async def receive_all_messages(
        self, stop_action: str = "complete", timeout: float = 1
    ) -> list[BaseMessage]:
        """Frames up to (not including) one whose action is ``stop_action``, validated.

        Each frame is validated against the consumer's outgoing union, so a reply the
        consumer does not declare fails the test.
        """
        messages: list[BaseMessage] = []
        while True:
            frame = await self.receive_json(timeout)
            if self.camelize and isinstance(frame, dict):
                frame = humps.decamelize(frame)
            if (
                isinstance(frame, dict)
                and frame.get(self.consumer.discriminator_field) == stop_action
            ):
                return messages
            messages.append(
                cast(BaseMessage, self.consumer.outgoing_message_adapter.validate_python(frame))
            )

    async def wait_for_auth(self, timeout: float = 1) -> AuthenticationMessage:
        """The authentication frame the consumer sends after its authenticator ran."""
        return AuthenticationMessage.model_validate(await self.receive_json(timeout))

    async def assert_authenticated_status_ok(self, timeout: float = 1) -> None:
        """Read the authentication frame and assert it reports 200."""
        message = await self.wait_for_auth(timeout)
        if message.payload.status_code != 200:
            raise AssertionError(f"Authentication failed: {message.payload!r}")

    async def assert_closed(self, code: int | None = None, timeout: float = 1) -> None:
        """Assert the server closed the connection (with ``code`` when given)."""
        output = await self.receive_output(timeout)
        if output.get("type") != "websocket.close":
            raise AssertionError(f"Expected the connection to close, got {output!r}")
        if code is not None and output.get("code") != code:
            raise AssertionError(f"Expected close code {code}, got {output.get('code')!r}")

    async def __aenter__(self) -> Any:
        connected = await self.connect()
        if isinstance(connected, tuple) and not connected[0]:
            raise AssertionError(f"Connection refused: {connected!r}")
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.disconnect()


@dataclass(frozen=True, slots=True)
class CapturedEvent:
    """One ``broadcast_event`` call seen by :func:`capture_broadcast_events`."""

    event: BaseMessage
    groups: list[str]


@contextmanager
def capture_broadcast_events(
    consumer_cls: type[ChanxConsumerMixin[Any]], suppress: bool = True
) -> Generator[list[CapturedEvent]]:
    """Record ``consumer_cls.broadcast_event`` (and ``_sync``) calls made inside the block.

    With ``suppress=True`` (default) the events are not sent; otherwise they are
    recorded and delivered as usual.
    """
    from chanx.core.groups import normalize_groups

    captured: list[CapturedEvent] = []
    had_own = "broadcast_event" in vars(consumer_cls)
    original = vars(consumer_cls).get("broadcast_event")
    original_function = consumer_cls.broadcast_event.__func__  # type: ignore[attr-defined]

    async def recording(
        cls: type[ChanxConsumerMixin[Any]],
        event: BaseMessage,
        groups: str | Sequence[str] | None = None,
    ) -> None:
        captured.append(CapturedEvent(event, normalize_groups(groups, cls.groups)))
        if not suppress:
            await original_function(cls, event, groups)

    type.__setattr__(consumer_cls, "broadcast_event", classmethod(recording))
    try:
        yield captured
    finally:
        if had_own:
            type.__setattr__(consumer_cls, "broadcast_event", original)
        else:
            type.__delattr__(consumer_cls, "broadcast_event")
