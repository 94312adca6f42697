"""Topic handles: one subscription multiplexed over a client's connection.

Wire protocol (CONTRACT §10): ``{"action": "subscribe", "topic": "room:lobby", "ref": ...}``
is answered by ``subscribed`` (``unsubscribe`` by ``unsubscribed``) or by an ``error``
frame whose payload has a ``reason`` (``unknown_topic``, ``unauthorized``,
``not_subscribed``); every frame of the topic carries ``"topic"``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from chanx.client.errors import ServerError, TopicError
from chanx.client.handlers import Handler, HandlerTable
from chanx.client.logging import get_logger

__all__ = ["TopicHandle"]

In = TypeVar("In", bound=BaseModel)
Out = TypeVar("Out", bound=BaseModel)

_logger = get_logger()


class TopicHost(Protocol):
    """What a topic handle needs from its client."""

    incoming_adapter: ClassVar[TypeAdapter[Any]]

    async def request_frame(
        self,
        frame: Mapping[str, Any],
        *,
        accept: frozenset[str] | None = None,
        topic: str | None = None,
        timeout: float | None = None,
    ) -> dict[str, Any]: ...

    async def send_frame(
        self, frame: Mapping[str, Any], *, ref: str | None = None, topic: str | None = None
    ) -> None: ...


class TopicHandle(Generic[In, Out]):
    """Subscribe to, send to and receive from one topic (e.g. ``room:lobby``).

    After a reconnect the client subscribes again every handle whose last call was
    :meth:`subscribe` (:attr:`wanted`).
    """

    #: Validates the topic's frames (generated handles set their own union).
    incoming_adapter: ClassVar[TypeAdapter[Any] | None] = None
    #: Outgoing action -> reply actions, as on the client.
    reply_actions: ClassVar[Mapping[str, frozenset[str]]] = {}

    def __init__(self, client: TopicHost, name: str) -> None:
        self.client = client
        self.name = name
        #: True between :meth:`subscribe` and :meth:`unsubscribe` (drives resubscription).
        self.wanted = False
        #: True once the server confirmed the current subscription.
        self.subscribed = False
        #: ``seq`` of the last server broadcast received for this topic (gap detection).
        self.last_seq: int | None = None
        self.handlers: HandlerTable[In] = HandlerTable()

    async def subscribe(self, *, timeout: float | None = None) -> None:
        """Subscribe (raises :class:`TopicError` when refused)."""
        self.wanted = True
        await self._control("subscribe", "subscribed", timeout)
        self.subscribed = True

    async def unsubscribe(self, *, timeout: float | None = None) -> None:
        """Unsubscribe (raises :class:`TopicError`, e.g. ``not_subscribed``)."""
        self.wanted = False
        self.subscribed = False
        await self._control("unsubscribe", "unsubscribed", timeout)

    async def _control(self, action: str, answer: str, timeout: float | None) -> None:
        try:
            await self.client.request_frame(
                {"action": action, "topic": self.name},
                accept=frozenset({answer}),
                topic=self.name,
                timeout=timeout,
            )
        except TopicError:
            raise
        except ServerError as exc:
            raise TopicError(exc.frame) from None

    async def send(self, message: Out, *, ref: str | None = None) -> None:
        """Send ``message`` to the topic (the frame carries ``"topic"``)."""
        await self.client.send_frame(
            message.model_dump(mode="json", by_alias=True), ref=ref, topic=self.name
        )

    async def request(self, message: Out, *, timeout: float | None = None) -> In:
        """Send ``message`` to the topic and return its correlated reply."""
        action = str(getattr(message, "action", ""))
        answer = await self.client.request_frame(
            message.model_dump(mode="json", by_alias=True),
            accept=self.reply_actions.get(action),
            topic=self.name,
            timeout=timeout,
        )
        parsed: In = self._adapter().validate_python(answer)
        return parsed

    def add_handler(self, action: str, handler: Handler[Any]) -> Callable[[], None]:
        """Register ``handler`` for frames of this topic with ``action``."""
        return self.handlers.add(action, handler)

    async def receive(self, timeout: float | None = None) -> In:
        """The next frame of this topic that no handler took."""
        return await self.handlers.receive(timeout)

    def _adapter(self) -> TypeAdapter[Any]:
        return self.incoming_adapter or self.client.incoming_adapter

    async def dispatch(self, frame: Mapping[str, Any]) -> None:
        """Validate a frame of this topic and hand it to the handlers (or the inbox)."""
        seq = frame.get("seq")
        if isinstance(seq, int):
            self.last_seq = seq
        try:
            message: In = self._adapter().validate_python(frame)
        except ValidationError as exc:
            _logger.warning(
                "chanx.client.frame_invalid",
                topic=self.name,
                action=frame.get("action"),
                errors=exc.error_count(),
            )
            return
        await self.handlers.dispatch(str(frame.get("action", "")), message)
