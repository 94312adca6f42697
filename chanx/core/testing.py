"""Framework-free test helpers: the communicator mixin and ``capture_broadcast_events``.

The integrations combine :class:`CommunicatorMixin` with their ASGI test communicator
(Channels' or fast-channels'), which provides ``send_json_to``, ``receive_json_from``,
``receive_output``, ``receive_nothing``, ``connect`` and ``disconnect``.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Generator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import humps

from chanx.core.settings import resolve_settings
from chanx.core.topic import Topic
from chanx.messages.base import BaseMessage
from chanx.messages.outgoing import AuthenticationMessage, ErrorMessage
from chanx.messages.topic import (
    SubscribedMessage,
    SubscribeMessage,
    UnsubscribedMessage,
    UnsubscribeMessage,
)

if TYPE_CHECKING:
    from chanx.core.consumer import ChanxConsumerMixin

__all__ = [
    "CapturedEvent",
    "CapturedTopicBroadcast",
    "CommunicatorMixin",
    "TopicFrame",
    "capture_broadcast_events",
    "capture_topic_broadcasts",
]


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

    @property
    def _held(self) -> deque[Any]:
        """Frames read past by :meth:`subscribe`/:meth:`receive_topic_frame`, kept in order."""
        held: deque[Any] | None = self.__dict__.get("_chanx_held")
        if held is None:
            held = self.__dict__["_chanx_held"] = deque()
        return held

    async def _receive_wire_json(self, timeout: float) -> Any:
        data = await self.receive_from(timeout)
        if not isinstance(data, str):
            raise AssertionError(f"Expected a text frame, got binary data {data!r}")
        return json.loads(data)

    async def receive_json(self, timeout: float = 1) -> Any:
        """The next text frame, decoded (fails if it is binary)."""
        held = self._held
        if held:
            return held.popleft()
        return await self._receive_wire_json(timeout)

    async def receive_all_json(self, timeout: float = 1) -> list[Any]:
        """Every frame that arrives until nothing more comes within ``timeout`` seconds."""
        frames: list[Any] = list(self._held)
        self._held.clear()
        while not await self.receive_nothing(timeout):
            frames.append(await self._receive_wire_json(timeout))
        return frames

    # ------------------------------------------------------------------ topics

    async def subscribe(
        self, topic: str, *, ref: str | None = None, timeout: float = 1
    ) -> SubscribedMessage | ErrorMessage:
        """Subscribe to ``topic``; the ``subscribed`` reply, or the error refusing it.

        Frames that arrive first are kept for the next ``receive_*`` call, and state the
        topic pushes from ``on_subscribe`` follows the reply.
        """
        await self.send_message(SubscribeMessage(), topic=topic, ref=ref)
        frame = await self._receive_topic_reply(topic, "subscribed", timeout)
        if frame.get("action") == "subscribed":
            return SubscribedMessage.model_validate(frame)
        return ErrorMessage.model_validate(frame)

    async def unsubscribe(
        self, topic: str, *, ref: str | None = None, timeout: float = 1
    ) -> UnsubscribedMessage | ErrorMessage:
        """Unsubscribe from ``topic``; the ``unsubscribed`` reply, or the error."""
        await self.send_message(UnsubscribeMessage(), topic=topic, ref=ref)
        frame = await self._receive_topic_reply(topic, "unsubscribed", timeout)
        if frame.get("action") == "unsubscribed":
            return UnsubscribedMessage.model_validate(frame)
        return ErrorMessage.model_validate(frame)

    async def _receive_topic_reply(self, topic: str, action: str, timeout: float) -> Any:
        while True:
            frame = self._client_view(await self._receive_wire_json(timeout))
            if (
                isinstance(frame, dict)
                and frame.get("topic") == topic
                and frame.get("action") in (action, "error")
            ):
                return frame
            self._held.append(frame)

    def _client_view(self, frame: Any) -> Any:
        return humps.decamelize(frame) if self.camelize and isinstance(frame, dict) else frame

    async def receive_topic_frame(
        self, topic_class: type[Topic], *, topic: str | None = None, timeout: float = 1
    ) -> TopicFrame:
        """The next frame for a subscription of ``topic_class`` (of ``topic`` if given).

        Other frames are kept for later ``receive_*`` calls. The message is validated
        against the topic's outgoing union.
        """

        def wanted(frame: Any) -> bool:
            name = frame.get("topic") if isinstance(frame, dict) else None
            if not isinstance(name, str) or (topic is not None and name != topic):
                return False
            return topic_class.match(name) is not None

        held = self._held
        for index, frame in enumerate(held):
            if wanted(frame):
                del held[index]
                return _topic_frame(topic_class, frame)
        while True:
            frame = self._client_view(await self._receive_wire_json(timeout))
            if wanted(frame):
                return _topic_frame(topic_class, frame)
            held.append(frame)

    async def receive_topic_message(
        self, topic_class: type[Topic], *, topic: str | None = None, timeout: float = 1
    ) -> BaseMessage:
        """The message of :meth:`receive_topic_frame` (validated against ``topic_class``)."""
        return (await self.receive_topic_frame(topic_class, topic=topic, timeout=timeout)).message

    async def receive_all_messages(
        self, stop_action: str = "complete", timeout: float = 1
    ) -> list[BaseMessage]:
        """Frames up to (not including) one whose action is ``stop_action``, validated.

        Each frame is validated against the consumer's outgoing union, so a reply the
        consumer does not declare fails the test.
        """
        messages: list[BaseMessage] = []
        while True:
            frame = self._client_view(await self.receive_json(timeout))
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
    original_function = consumer_cls.broadcast_event.__func__  # type: ignore[attr-defined]

    async def recording(
        cls: type[ChanxConsumerMixin[Any]],
        event: BaseMessage,
        groups: str | Sequence[str] | None = None,
    ) -> None:
        captured.append(CapturedEvent(event, normalize_groups(groups, cls.groups)))
        if not suppress:
            await original_function(cls, event, groups)

    with _replaced_classmethod(consumer_cls, "broadcast_event", recording):
        yield captured


@contextmanager
def _replaced_classmethod(owner: type, name: str, function: Any) -> Generator[None]:
    """Install ``function`` as classmethod ``name`` of ``owner``; restore it on exit."""
    had_own = name in vars(owner)
    original = vars(owner).get(name)
    type.__setattr__(owner, name, classmethod(function))
    try:
        yield
    finally:
        if had_own:
            type.__setattr__(owner, name, original)
        else:
            type.__delattr__(owner, name)


@dataclass(frozen=True, slots=True)
class TopicFrame:
    """A frame received for a topic subscription: its envelope and validated message."""

    topic: str
    seq: int | None
    ref: str | None
    message: BaseMessage


def _topic_frame(topic_class: type[Topic], frame: dict[str, Any]) -> TopicFrame:
    message = cast(BaseMessage, topic_class.outgoing_message_adapter.validate_python(frame))
    seq = frame.get("seq")
    ref = frame.get("ref")
    return TopicFrame(
        topic=frame["topic"],
        seq=seq if isinstance(seq, int) else None,
        ref=ref if isinstance(ref, str) else None,
        message=message,
    )


@dataclass(frozen=True, slots=True)
class CapturedTopicBroadcast:
    """One ``Topic.broadcast`` call seen by :func:`capture_topic_broadcasts`."""

    topic: str
    event: BaseMessage
    seq: int | None


@contextmanager
def capture_topic_broadcasts(
    topic_cls: type[Topic], suppress: bool = True
) -> Generator[list[CapturedTopicBroadcast]]:
    """Record ``topic_cls.broadcast`` (and ``broadcast_sync``) calls made inside the block.

    With ``suppress=True`` (default) nothing is sent; otherwise the broadcasts are
    recorded and delivered as usual. Topics that fail the pattern still raise.
    """
    captured: list[CapturedTopicBroadcast] = []
    original_function = topic_cls.broadcast.__func__  # type: ignore[attr-defined]

    async def recording(
        cls: type[Topic], topic: str, event: BaseMessage, *, seq: int | None = None
    ) -> None:
        cls.require_topic(topic)
        captured.append(CapturedTopicBroadcast(topic, event, seq))
        if not suppress:
            await original_function(cls, topic, event, seq=seq)

    with _replaced_classmethod(topic_cls, "broadcast", recording):
        yield captured
