"""The consumer runtime shared by every integration.

:class:`ChanxConsumerMixin` sits in front of an integration's JSON websocket consumer
(Channels or fast-channels) and wires the pieces of ``chanx.core``: settings, the
per-class registry, dispatch, handler slots, groups and events, authentication.
Users never subclass it directly; they subclass ``chanx.channels.websocket`` or
``chanx.fast_channels.websocket``'s ``AsyncJsonWebsocketConsumer``.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, cast

from pydantic import TypeAdapter, ValidationError

from chanx.constants import (
    CLOSE_IDLE_TIMEOUT,
    CLOSE_TOO_MANY_CONNECTIONS,
    DEFAULT_MAX_CONCURRENT_HANDLERS,
    DEFAULT_MAX_JSON_DEPTH,
    DEFAULT_MAX_MESSAGE_SIZE,
    DEFAULT_MAX_TOPIC_SUBSCRIPTIONS,
    DEFAULT_RATE_LIMIT_CLOSE_AFTER,
)
from chanx.core import dispatch
from chanx.core.access import PermissionHooks
from chanx.core.authenticator import BaseAuthenticator
from chanx.core.concurrency import HandlerSlots
from chanx.core.connection_cap import UserConnections, user_key
from chanx.core.errors import ChannelLayerNotConfigured, HandlerDefinitionError
from chanx.core.events import EventSender, EventT
from chanx.core.frames import encode_message, error_detail, validation_errors
from chanx.core.limits import ConnectionGuard, parse_rate_limit
from chanx.core.logging import get_logger
from chanx.core.membership import GroupMembership
from chanx.core.protocols import ChannelLayer, SettingsSource
from chanx.core.registry import HandlerRegistry, build_registry
from chanx.core.resilience import transient_layer_errors
from chanx.core.settings import EMPTY_SOURCE, ResolvedSettings, consumer_setting, resolve_settings
from chanx.core.subscriptions import TopicRouter
from chanx.core.topic import Topic
from chanx.messages.base import BaseMessage
from chanx.messages.outgoing import ErrorMessage

if TYPE_CHECKING:
    import structlog

__all__ = ["ChanxConsumerMixin", "EventT"]

_NO_SUBSCRIPTIONS: dict[str, Topic] = {}


class ChanxConsumerMixin(PermissionHooks, GroupMembership, EventSender[EventT]):
    """Decorator-routed, validated JSON websocket consumer behaviour."""

    # Settings: a class attribute wins over the integration's setting, then the default.
    send_completion: bool = consumer_setting("SEND_COMPLETION", False)
    send_message_immediately: bool = consumer_setting("SEND_MESSAGE_IMMEDIATELY", True)
    send_authentication_message: bool = consumer_setting("SEND_AUTHENTICATION_MESSAGE", True)
    camelize: bool = consumer_setting("CAMELIZE", False)
    log_websocket_message: bool = consumer_setting("LOG_WEBSOCKET_MESSAGE", False)
    log_ignored_actions: Sequence[str] = consumer_setting("LOG_IGNORED_ACTIONS", ())
    max_message_size: int = consumer_setting("MAX_MESSAGE_SIZE", DEFAULT_MAX_MESSAGE_SIZE)
    max_concurrent_handlers: int = consumer_setting(
        "MAX_CONCURRENT_HANDLERS", DEFAULT_MAX_CONCURRENT_HANDLERS
    )
    #: Token bucket per connection, e.g. ``"100/10s"``; ``None`` = no limit.
    rate_limit: str | None = consumer_setting("RATE_LIMIT", None)
    #: Consecutive rate-limited frames after which the connection closes with 1008.
    rate_limit_close_after: int = consumer_setting(
        "RATE_LIMIT_CLOSE_AFTER", DEFAULT_RATE_LIMIT_CLOSE_AFTER
    )
    #: Deeper arrays/objects are answered with ``json_invalid``; ``None`` = no check.
    max_json_depth: int | None = consumer_setting("MAX_JSON_DEPTH", DEFAULT_MAX_JSON_DEPTH)
    #: Seconds without a client frame before closing with 4408; ``None`` = never.
    idle_timeout: float | None = consumer_setting("IDLE_TIMEOUT", None)
    #: Topic subscriptions one connection may hold (``too_many_subscriptions`` beyond).
    max_topic_subscriptions: int = consumer_setting(
        "MAX_TOPIC_SUBSCRIPTIONS", DEFAULT_MAX_TOPIC_SUBSCRIPTIONS
    )
    #: Open connections one authenticated user may hold to this consumer class in this
    #: process; more are refused with ``too_many_connections`` and 4429. ``None`` = off.
    max_connections_per_user: int | None = consumer_setting("MAX_CONNECTIONS_PER_USER", None)

    # Plain class attributes.
    discriminator_field: ClassVar[str] = "action"
    authenticator_class: ClassVar[type[BaseAuthenticator] | None] = None
    # ``groups`` and ``channel_layer_alias`` are declared on EventSender.
    passthrough_events: ClassVar[Sequence[type[BaseMessage]]] = ()
    emits: ClassVar[Sequence[type[BaseMessage]]] = ()
    #: Topic classes clients may subscribe to over this connection (CONTRACT §10).
    topics: ClassVar[Sequence[type[Topic]]] = ()
    #: Topic subscribed on connect (``{param}`` filled from the URL) and used by frames
    #: without ``topic`` whose action the consumer itself does not handle.
    default_topic: ClassVar[str | None] = None

    #: Filled by the integration: where settings come from.
    settings_source: ClassVar[SettingsSource] = EMPTY_SOURCE
    #: Filled by the integration: the exception that ends its consumer cleanly.
    stop_consumer_error: ClassVar[type[Exception] | None] = None

    # Class-level metadata, built once per class.
    chanx_registry: ClassVar[HandlerRegistry]
    incoming_message_adapter: ClassVar[TypeAdapter[Any]]
    incoming_event_adapter: ClassVar[TypeAdapter[Any]]
    outgoing_message_adapter: ClassVar[TypeAdapter[Any]]
    chanx_topic_router: ClassVar[TopicRouter | None]
    #: Open connections per user of this class (``max_connections_per_user``).
    chanx_user_connections: ClassVar[UserConnections]

    # Per-connection state.
    authenticator: BaseAuthenticator | None
    user: Any
    chanx_settings: ResolvedSettings
    chanx_slots: HandlerSlots
    chanx_guard: ConnectionGuard | None
    #: Topic subscriptions of this connection, by topic name.
    chanx_subscriptions: dict[str, Topic]
    chanx_default_topic: str | None

    if TYPE_CHECKING:  # provided by the integration's websocket consumer
        scope: dict[str, Any]
        channel_name: str
        channel_layer: ChannelLayer | None

        async def accept(self, subprotocol: str | None = None) -> None: ...

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        registry = build_registry(
            cls,
            discriminator=cls.discriminator_field,
            passthrough_events=cls.passthrough_events,
            emits=cls.emits,
        )
        cls.chanx_registry = registry
        cls.incoming_message_adapter = registry.incoming_message_adapter
        cls.incoming_event_adapter = registry.incoming_event_adapter
        cls.outgoing_message_adapter = registry.outgoing_message_adapter
        cls.chanx_topic_router = _topic_router(cls)
        cls.chanx_user_connections = UserConnections()
        rate_limit = cls.__dict__.get("rate_limit")
        if isinstance(rate_limit, str):  # fail at import time, not at the first connection
            try:
                parse_rate_limit(rate_limit)
            except ValueError as exc:
                raise ValueError(f"{cls.__name__}.rate_limit: {exc}") from None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.groups = list(type(self).groups or ())
        self.authenticator = None
        self.user = None
        self.chanx_settings = resolve_settings(type(self))
        self.chanx_slots = HandlerSlots(self.chanx_settings.max_concurrent_handlers)
        settings = self.chanx_settings
        self.chanx_guard = (
            ConnectionGuard(settings.rate_limit)
            if settings.rate_limit is not None or settings.idle_timeout is not None
            else None
        )
        self.chanx_idle_task: asyncio.Task[None] | None = None
        self.chanx_closed = False
        # Consumers without topics share one empty table (only the router writes to it).
        self.chanx_subscriptions = {} if self.chanx_topic_router is not None else _NO_SUBSCRIPTIONS
        self.chanx_default_topic = None
        self.chanx_user_slot: Hashable | None = None

    @property
    def chanx_log(self) -> structlog.stdlib.BoundLogger:
        """The connection's logger (consumer class and path bound), made on first use."""
        log: structlog.stdlib.BoundLogger | None = self.__dict__.get("_chanx_log")
        if log is None:
            scope = getattr(self, "scope", None) or {}
            log = get_logger().bind(consumer=type(self).__name__, path=scope.get("path"))
            self.__dict__["_chanx_log"] = log
        return log

    @chanx_log.setter
    def chanx_log(self, log: structlog.stdlib.BoundLogger) -> None:
        self.__dict__["_chanx_log"] = log

    # ------------------------------------------------------------------ lifecycle

    async def websocket_connect(self, message: dict[str, Any]) -> None:
        """ASGI ``websocket.connect``: run :meth:`connect`."""
        await self.connect()

    async def connect(self) -> None:
        """Accept, authenticate, join ``groups``, then call :meth:`post_authentication`."""
        await self.accept(self.chanx_subprotocol())
        idle_timeout = self.chanx_settings.idle_timeout
        if idle_timeout is not None:
            self.chanx_idle_task = asyncio.get_running_loop().create_task(
                self._close_when_idle(idle_timeout)
            )
        if not await self._authenticate() or not await self._take_user_slot():
            return
        layer = self.channel_layer
        if self.groups:
            if layer is None:
                raise ChannelLayerNotConfigured(
                    f"{type(self).__name__}.groups needs a channel layer; none is configured"
                )
            for group in self.groups:
                await layer.group_add(group, self.channel_name)
        router = self.chanx_topic_router
        if router is not None and not await router.subscribe_default(self):
            return
        if self.chanx_settings.log_websocket_message:
            self.chanx_log.info("chanx.connection.opened")
        await self.post_authentication()

    async def _close_when_idle(self, timeout: float) -> None:
        """Close with 4408 once no client frame arrived for ``timeout`` seconds."""
        guard = self.chanx_guard
        assert guard is not None
        # Sleeps until the deadline the last frame set; not polling.
        while (remaining := timeout - guard.idle_for()) > 0:  # noqa: ASYNC110
            await asyncio.sleep(remaining)
        self.chanx_idle_task = None  # closing must not cancel this task
        self.chanx_log.info("chanx.connection.idle_timeout", timeout=timeout)
        await self.close(code=CLOSE_IDLE_TIMEOUT)

    def chanx_subprotocol(self) -> str | None:
        """The subprotocol to accept with: the authenticator's credential marker
        (``chanx.bearer``) when the client offered a token that way, else ``None``."""
        authenticator_class = self.authenticator_class
        if authenticator_class is None:
            return None
        return authenticator_class.credential_sources.chosen_subprotocol(self.scope)

    def _stop_idle_watch(self) -> None:
        task = self.chanx_idle_task
        if task is not None:
            self.chanx_idle_task = None
            task.cancel()

    async def _authenticate(self) -> bool:
        authenticator_class = self.authenticator_class
        if authenticator_class is None:
            return True
        authenticator = authenticator_class(self.send_message)
        self.authenticator = authenticator
        try:
            allowed = await authenticator.authenticate(self.scope)
        except Exception:
            self.chanx_log.exception("chanx.auth.failed", reason="authenticator raised")
            allowed = authenticator.deny(500, "Internal server error")
        if self.chanx_settings.send_authentication_message:
            await authenticator.send_authentication_message()
        if not allowed:
            credential = authenticator.credential
            self.chanx_log.warning(
                "chanx.auth.failed",
                reason=authenticator.failure_reason,
                source=credential.source if credential is not None else None,
                status_code=authenticator.status_code,
                close_code=authenticator.close_code,
            )
            await self.close(code=authenticator.close_code)
            return False
        self.user = authenticator.user
        return True

    def chanx_user_key(self) -> Hashable | None:
        """Who counts for ``max_connections_per_user``; ``None`` (anonymous) is not counted.

        The authenticated ``user``, else the scope's (Channels' ``AuthMiddlewareStack``).
        """
        user = self.user if self.user is not None else self.scope.get("user")
        return user_key(user)

    async def _take_user_slot(self) -> bool:
        limit = self.chanx_settings.max_connections_per_user
        key = self.chanx_user_key() if limit is not None else None
        if limit is None or key is None:
            return True
        if type(self).chanx_user_connections.acquire(key, limit):
            self.chanx_user_slot = key
            return True
        self.chanx_log.warning("chanx.connection.too_many", limit=limit)
        detail = f"Too many open connections for this user (limit {limit})"
        await self.send_message(ErrorMessage(payload=error_detail("too_many_connections", detail)))
        await self.close(code=CLOSE_TOO_MANY_CONNECTIONS)
        return False

    def _release_user_slot(self) -> None:
        key, self.chanx_user_slot = self.chanx_user_slot, None
        if key is not None:
            type(self).chanx_user_connections.release(key)

    async def __call__(self, *args: Any, **kwargs: Any) -> None:
        """Run the integration's ASGI application; the user's connection slot is given
        back however the connection ends (also when the consumer dies)."""
        try:
            await cast(Any, super()).__call__(*args, **kwargs)
        finally:
            self._release_user_slot()

    async def websocket_receive(self, message: dict[str, Any]) -> None:
        """ASGI ``websocket.receive``: text goes to dispatch, binary gets ``json_invalid``."""
        if self.chanx_closed:
            return
        text = message.get("text")
        if text is not None:
            await dispatch.dispatch_text(self, text)
        else:
            await dispatch.dispatch_binary(self)

    async def websocket_disconnect(self, message: dict[str, Any]) -> None:
        """ASGI ``websocket.disconnect``: cancel in-flight handlers, then leave groups.

        The integration's base class leaves ``groups``, calls ``disconnect(code)`` and
        stops the consumer.
        """
        self.chanx_closed = True
        self._stop_idle_watch()
        self._release_user_slot()
        await self.chanx_slots.close()
        router = self.chanx_topic_router
        if router is not None:
            await router.leave_all(self)
        if self.chanx_settings.log_websocket_message:
            self.chanx_log.info("chanx.connection.closed", code=message.get("code"))
        try:
            await cast(Any, super()).websocket_disconnect(message)
        except transient_layer_errors() as exc:
            stop = self.stop_consumer_error
            if stop is None:
                raise
            # Leaving the groups failed because the layer is down (a restarted Redis
            # forgets them anyway): still run the disconnect hook and stop cleanly.
            self.chanx_log.warning("chanx.layer.leave_failed", error=type(exc).__name__)
            await cast(Any, self).disconnect(message.get("code", 1000))
            raise stop from None

    async def close(self, code: int | None = None, reason: str | None = None) -> None:
        """Close the websocket; nothing is sent on this connection afterwards."""
        if self.chanx_closed:
            return
        self.chanx_closed = True
        self._stop_idle_watch()
        await cast(Any, super()).close(code=code, reason=reason)

    # ------------------------------------------------------------------ hooks

    async def post_authentication(self) -> None:
        """Called once the connection is authenticated and has joined its groups."""

    async def handle_result(self, result: Any) -> None:
        """Send what a handler returned: a message, a list/tuple of messages or ``None``."""
        if result is None:
            return
        if isinstance(result, BaseMessage):
            await self.send_message(result)
        elif isinstance(result, list | tuple):
            for item in result:
                await self.handle_result(item)
        else:
            raise TypeError(
                f"Handlers must return BaseMessage instances, lists of them or None, "
                f"not {type(result).__name__}"
            )

    async def handle_validation_error(self, error: ValidationError) -> None:
        """Send the pydantic errors of an invalid frame (without input, ctx or url)."""
        camelize = self.chanx_settings.camelize
        await self.send_message(ErrorMessage(payload=validation_errors(error, camelize=camelize)))

    async def handle_message_handler_error(
        self, error: Exception, action: str, message: BaseMessage
    ) -> None:
        """Tell the client its message failed, without exception details."""
        detail = f"Failed to process message for {action}"
        await self.send_message(ErrorMessage(payload=error_detail("handler_error", detail)))

    async def handle_event_handler_error(
        self, error: Exception, action: str, event: BaseMessage
    ) -> None:
        """Event-handler failures are logged only; override to notify the client."""

    # ------------------------------------------------------------------ sending

    async def send_message(self, message: BaseMessage, *, validate: bool = False) -> None:
        """Send ``message`` to this client (camelized if configured, with the current ``ref``)."""
        if validate:
            self.outgoing_message_adapter.validate_python(message.model_dump())
        ref = dispatch.current_ref.get()
        topic = dispatch.current_topic.get()
        await self.send_text(
            encode_message(message, camelize=self.chanx_settings.camelize, ref=ref, topic=topic)
        )

    async def send_topic_message(self, message: BaseMessage, topic: str) -> None:
        """Send ``message`` to this client tagged with ``topic`` (and the current ``ref``)."""
        ref = dispatch.current_ref.get()
        await self.send_text(
            encode_message(
                message, camelize=self.chanx_settings.camelize, ref=ref, topic=(topic, None)
            )
        )

    async def send(
        self, text_data: str | None = None, bytes_data: bytes | None = None, close: bool = False
    ) -> None:
        """Send a raw frame unless the connection has closed (then it is dropped)."""
        if self.chanx_closed:
            self.chanx_log.debug("chanx.send.after_close")
            return
        await cast(Any, super()).send(text_data=text_data, bytes_data=bytes_data, close=close)

    async def send_json(self, content: Any, close: bool = False) -> None:
        """Send ``content`` as JSON text unless the connection has closed."""
        await self.send(text_data=json.dumps(content), close=close)

    async def send_text(self, text: str) -> None:
        """Send one text frame unless the connection has closed."""
        await self.send(text_data=text)
        if self.chanx_settings.log_websocket_message:
            self.chanx_log.info("chanx.message.sent", size=len(text))
        if self.chanx_settings.send_message_immediately and not dispatch.final_reply.get():
            # Let other connections run between the frames of a handler that sends
            # several; a handler's single returned reply ends its job anyway.
            await asyncio.sleep(0)

    async def handle_group_message(self, message: dict[str, Any]) -> None:
        """Channel-layer type ``handle_group_message``: relay a broadcast to the client."""
        await dispatch.relay_group_message(self, message)

    async def handle_channel_event(self, message: dict[str, Any]) -> None:
        """Channel-layer type ``handle_channel_event``: validate and route an event."""
        await dispatch.dispatch_event(self, message.get("event_data"))

    async def handle_topic_event(self, message: dict[str, Any]) -> None:
        """Channel-layer type ``handle_topic_event``: a ``Topic.broadcast`` to a subscription."""
        router = self.chanx_topic_router
        if router is not None:
            await router.dispatch_event(self, message)


def _topic_router(cls: type[ChanxConsumerMixin[Any]]) -> TopicRouter | None:
    """Build the class's topic router and record the mount on each topic class."""
    topics = tuple(cls.topics or ())
    if not topics:
        if cls.default_topic is not None:
            raise HandlerDefinitionError(f"{cls.__name__}.default_topic needs `topics`")
        return None
    router = TopicRouter(cls, topics, cls.default_topic)
    for topic in topics:
        topic.chanx_mounts.add(cls)
    return router
