"""Topics: many typed, parameterised subscriptions multiplexed over one connection.

A :class:`Topic` subclass declares a ``pattern`` such as ``"room:{room_name}"`` and its
own ``@ws_handler``/``@event_handler`` methods. A consumer mounts it with
``topics = [RoomTopic]``; a client then sends ``{"action": "subscribe", "topic":
"room:lobby"}`` and gets one ``RoomTopic`` instance for that subscription, whose
handlers receive the frames carrying ``"topic": "room:lobby"``. Handlers are scoped
per topic class, so two topics may both handle the same action.

``RoomTopic.broadcast("room:lobby", event)`` reaches every subscriber, on any
consumer mounting the topic, through the channel layer.
"""

from __future__ import annotations

import hashlib
import inspect
import re
import sys
import weakref
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

import humps
from pydantic import TypeAdapter

from chanx.constants import MAX_GROUP_NAME_LENGTH
from chanx.core.errors import HandlerDefinitionError, TopicLayerNotFound
from chanx.core.groups import TOPIC_EVENT_TYPE, layer_call
from chanx.core.protocols import ChannelLayer
from chanx.core.registry import HandlerRegistry, build_registry
from chanx.core.topic_pattern import TopicPattern
from chanx.messages.base import BaseMessage
from chanx.messages.topic import SubscribedMessage, UnsubscribedMessage
from chanx.utils.sync import run_sync

if TYPE_CHECKING:
    from chanx.core.consumer import ChanxConsumerMixin

__all__ = ["Topic"]

_GROUP_PREFIX = "chanx.topic."
_UNSAFE_GROUP_CHARACTERS = re.compile(r"[^A-Za-z0-9_.\-]")
_INTEGRATIONS = ("chanx.channels.websocket", "chanx.fast_channels.websocket")


class Topic:
    """Base class of topics; subclass it with a ``pattern`` and handlers.

    In handlers and hooks, ``self.topic`` is the subscribed topic name (``"room:lobby"``),
    ``self.params`` its parameters (``{"room_name": "lobby"}``) and ``self.consumer``
    the connection's consumer (``self.user`` its authenticated user).
    """

    #: ``"prefix:{param}"``; each parameter matches one or more characters except ``:``.
    pattern: ClassVar[str]
    #: Name in the AsyncAPI document and logs (default: class name without ``Topic``, snake_cased).
    name: ClassVar[str]
    #: Event classes forwarded to subscribers unchanged when broadcast to the topic.
    passthrough_events: ClassVar[Sequence[type[BaseMessage]]] = ()
    #: Messages sent outside handlers (e.g. from ``on_subscribe``), for documentation.
    emits: ClassVar[Sequence[type[BaseMessage]]] = ()

    # Class-level metadata, built once per concrete topic class.
    chanx_pattern: ClassVar[TopicPattern]
    chanx_registry: ClassVar[HandlerRegistry]
    incoming_message_adapter: ClassVar[TypeAdapter[Any]]
    incoming_event_adapter: ClassVar[TypeAdapter[Any]]
    outgoing_message_adapter: ClassVar[TypeAdapter[Any]]
    chanx_mounts: ClassVar[weakref.WeakSet[type[Any]]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "pattern" not in vars(cls):
            return  # an abstract intermediate base; concrete topics set a pattern
        cls.chanx_pattern = TopicPattern(cls.pattern)
        if "name" not in vars(cls):
            cls.name = humps.decamelize(cls.__name__.removesuffix("Topic") or cls.__name__)
        registry = build_registry(
            cls,
            passthrough_events=cls.passthrough_events,
            emits=[*cls.emits, SubscribedMessage, UnsubscribedMessage],
        )
        cls.chanx_registry = registry
        cls.incoming_message_adapter = registry.incoming_message_adapter
        cls.incoming_event_adapter = registry.incoming_event_adapter
        cls.outgoing_message_adapter = registry.outgoing_message_adapter
        cls.chanx_mounts = weakref.WeakSet()

    def __init__(
        self, consumer: ChanxConsumerMixin[Any], topic: str, params: Mapping[str, str]
    ) -> None:
        self.consumer = consumer
        self.topic = topic
        self.params: dict[str, str] = dict(params)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.topic!r}>"

    @property
    def user(self) -> Any:
        """The connection's authenticated user (``None`` without an authenticator)."""
        return self.consumer.user

    # ------------------------------------------------------------------ hooks

    async def authorize(self, **params: str) -> bool:
        """Whether this connection may subscribe; ``params`` are the topic's parameters.

        Return ``False`` to refuse with ``unauthorized``; raise ``WsError`` to refuse
        with your own code. The default allows everyone.
        """
        return True

    async def on_subscribe(self) -> None:
        """Runs after ``subscribed`` was sent: push the topic's current state from here."""

    async def on_unsubscribe(self) -> None:
        """Runs on ``unsubscribe`` and when the connection closes while subscribed."""

    # ------------------------------------------------------------------ sending

    async def send_message(self, message: BaseMessage) -> None:
        """Send ``message`` to this subscriber, tagged with ``self.topic``."""
        await self.consumer.send_topic_message(message, self.topic)

    @classmethod
    async def broadcast(cls, topic: str, event: BaseMessage, *, seq: int | None = None) -> None:
        """Deliver ``event`` to every subscriber of ``topic`` (on any consumer mounting it).

        The event goes through the channel layer as ``handle_topic_event`` and is routed
        to this topic's ``@event_handler`` (or forwarded if it is a passthrough event);
        ``seq``, when given, is carried on the frames sent to clients.
        Raises :class:`~chanx.core.errors.TopicLayerNotFound` (a ``LookupError``) when
        no mounting consumer has a channel layer, ``ValueError`` when ``topic`` does not
        fit the pattern.
        """
        cls.require_topic(topic)
        body = {
            "type": TOPIC_EVENT_TYPE,
            "topic": topic,
            "seq": seq,
            "event_data": event.model_dump(mode="json"),
        }
        group = cls.group_name(topic)
        for layer in cls.channel_layers():
            await layer_call("group_send", group, layer.group_send(group, body))

    @classmethod
    def broadcast_sync(cls, topic: str, event: BaseMessage, *, seq: int | None = None) -> None:
        """:meth:`broadcast` for sync code (views, Celery tasks, management commands).

        Runs through the sync bridge of a mounting consumer's integration (on Django,
        asgiref's ``async_to_sync``, which reuses the server's loop from a sync view),
        like the consumers' own ``broadcast_event_sync``.
        """
        mounts = cls._mounts()
        bridge = mounts[0].run_sync if mounts else run_sync
        bridge(cls._broadcast_kw, topic, event, seq)

    @classmethod
    async def _broadcast_kw(cls, topic: str, event: BaseMessage, seq: int | None) -> None:
        await cls.broadcast(topic, event, seq=seq)

    # ------------------------------------------------------------------ names and layers

    @classmethod
    def topic_for(cls, **params: object) -> str:
        """The topic name for ``params``: ``RoomTopic.topic_for(room_name="lobby")``."""
        return cls.chanx_pattern.format(params)

    @classmethod
    def match(cls, topic: str) -> dict[str, str] | None:
        """The parameters of ``topic`` when it fits this topic's pattern, else ``None``."""
        return cls.chanx_pattern.match(topic)

    @classmethod
    def group_name(cls, topic: str) -> str:
        """The channel-layer group of ``topic``: only safe characters, at most 99 long.

        A digest of the exact topic name keeps names that differ only in unsafe or
        truncated characters apart.
        """
        digest = hashlib.blake2b(topic.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
        room = MAX_GROUP_NAME_LENGTH - len(_GROUP_PREFIX) - 1 - len(digest)
        safe = _UNSAFE_GROUP_CHARACTERS.sub("_", topic)[:room]
        return f"{_GROUP_PREFIX}{safe}.{digest}"

    @classmethod
    def channel_layers(cls) -> list[ChannelLayer]:
        """The distinct channel layers of the consumers mounting this topic.

        Raises :class:`~chanx.core.errors.TopicLayerNotFound` when there is none.
        """
        layers: list[ChannelLayer] = []
        for consumer in cls._mounts():
            layer = consumer.get_class_channel_layer()
            if layer is not None and all(layer is not seen for seen in layers):
                layers.append(layer)
        if not layers:
            mounted = ", ".join(sorted(c.__name__ for c in cls.chanx_mounts)) or "no consumer"
            raise TopicLayerNotFound(
                f"{cls.__name__}.broadcast needs a channel layer: it is mounted on {mounted}. "
                "Import the module of a consumer listing it in `topics` and configure a "
                "channel layer for that consumer."
            )
        return layers

    @classmethod
    def _mounts(cls) -> list[type[Any]]:
        """The consumer classes listing this topic, in a stable order."""
        return sorted(cls.chanx_mounts, key=lambda c: c.__qualname__)

    @classmethod
    def require_topic(cls, topic: str) -> None:
        """Raise ``ValueError`` unless ``topic`` fits this topic's pattern."""
        if cls.chanx_pattern.match(topic) is None:
            raise ValueError(f"{topic!r} does not match {cls.__name__}.pattern {cls.pattern!r}")

    # ------------------------------------------------------------------ standalone route

    @classmethod
    def as_consumer(cls, base: type[Any] | None = None) -> type[Any]:
        """A consumer serving only this topic, subscribed on connect from the URL.

        The route's path parameters fill the pattern (``room:{room_name}`` needs a
        ``room_name`` path parameter); frames need no ``topic`` key. ``base`` is the
        integration's ``AsyncJsonWebsocketConsumer`` (or a subclass carrying your
        authenticator and settings); it may be omitted when exactly one integration
        is imported. The class is created once per ``(topic, base)``.
        """
        from chanx.core.decorators import channel

        base = base if base is not None else _integration_base(cls)
        cache: dict[type[Any], type[Any]] = cls.__dict__.get("_chanx_standalone") or {}
        if base in cache:
            return cache[base]
        name = f"{cls.__name__}Consumer"
        namespace = {
            "__module__": cls.__module__,
            "__qualname__": name,
            "__doc__": inspect.getdoc(cls),
            "topics": [cls],
            "default_topic": cls.pattern,
        }
        consumer = channel(name=cls.name)(type(name, (base,), namespace))
        cache[base] = consumer
        type.__setattr__(cls, "_chanx_standalone", cache)
        return consumer


def _integration_base(topic: type[Topic]) -> type[Any]:
    loaded = [sys.modules[name] for name in _INTEGRATIONS if name in sys.modules]
    if len(loaded) != 1:
        raise HandlerDefinitionError(
            f"{topic.__name__}.as_consumer() cannot tell which integration to use; pass "
            "base=AsyncJsonWebsocketConsumer from chanx.channels.websocket or "
            "chanx.fast_channels.websocket"
        )
    base: type[Any] = loaded[0].AsyncJsonWebsocketConsumer
    return base
