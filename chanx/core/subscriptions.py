"""Topic subscriptions of one connection, and the routing of topic frames and events.

Every consumer class with ``topics`` gets one :class:`TopicRouter` (built when the
class is created). For such a consumer, each text frame is parsed once, its envelope
read, and then:

* ``subscribe``/``unsubscribe`` run *inline*, in the receive loop, so every later
  frame of the client sees the new subscription state (and the state pushed by
  ``on_subscribe`` reaches the client before the replies to later frames);
* a frame with a ``topic`` goes to that subscription's handlers;
* a frame without ``topic`` goes to the consumer's own handlers, or to the
  connection's default topic when the consumer has no handler for its action.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import humps
from pydantic_core import PydanticCustomError, from_json

from chanx.constants import CLOSE_FORBIDDEN, CLOSE_SERVER_ERROR
from chanx.core import dispatch
from chanx.core.envelope import Envelope, read_envelope
from chanx.core.errors import ChannelLayerUnavailable, HandlerDefinitionError, WsError
from chanx.core.frames import TopicTag, error_detail, topic_error
from chanx.core.groups import layer_call
from chanx.core.topic import Topic
from chanx.core.topic_pattern import TopicPattern
from chanx.messages.outgoing import ErrorMessage
from chanx.messages.topic import SubscribedMessage, UnsubscribedMessage

if TYPE_CHECKING:
    from chanx.core.consumer import ChanxConsumerMixin

__all__ = ["TopicRouter"]

_SUBSCRIBE = "subscribe"
_UNSUBSCRIBE = "unsubscribe"


class TopicRouter:
    """The topics one consumer class mounts, and how its frames reach them."""

    __slots__ = ("default_topic", "topics")

    def __init__(
        self, owner: type, topics: Sequence[type[Topic]], default_topic: str | None
    ) -> None:
        self.topics = tuple(topics)
        for topic in self.topics:
            if not _is_concrete_topic(topic):
                raise HandlerDefinitionError(
                    f"{owner.__name__}.topics: {topic!r} is not a Topic subclass with a pattern"
                )
        patterns = [t.pattern for t in self.topics]
        if len(set(patterns)) != len(patterns):
            raise HandlerDefinitionError(f"{owner.__name__}.topics repeats a pattern: {patterns}")
        self.default_topic = TopicPattern(default_topic) if default_topic is not None else None

    def match(self, name: str) -> tuple[type[Topic], dict[str, str]] | None:
        """The mounted topic class whose pattern ``name`` fits, with its parameters."""
        for topic in self.topics:
            params = topic.chanx_pattern.match(name)
            if params is not None:
                return topic, params
        return None

    def default_topic_name(self, consumer: ChanxConsumerMixin[Any]) -> str | None:
        """The default topic of this connection, its placeholders filled from the URL."""
        if self.default_topic is None:
            return None
        return self.default_topic.format(consumer.url_params)

    # ------------------------------------------------------------------ frames

    async def route(self, consumer: ChanxConsumerMixin[Any], text: str) -> None:
        """Route one (size/rate/depth-checked) text frame of a topic-enabled consumer."""
        try:
            frame = from_json(text)
        except ValueError:
            frame = None
        if type(frame) is not dict:
            # The consumer's own path answers exactly like consumers without topics.
            envelope = Envelope(camelize=consumer.chanx_settings.camelize)
            dispatch.submit_validated(consumer, consumer, text, envelope, None)
            return
        if consumer.chanx_settings.camelize:
            frame = humps.decamelize(frame)
        envelope = Envelope()
        try:
            read_envelope(frame, envelope)
        except PydanticCustomError as exc:
            payload = [{"type": exc.type, "loc": [], "msg": exc.message()}]
            ref = envelope.ref
            consumer.chanx_slots.submit(lambda: dispatch.reply_error(consumer, payload, ref))
            return
        action = frame.get("action")
        name = envelope.topic
        if name is None and (
            action in (_SUBSCRIBE, _UNSUBSCRIBE)
            or action not in consumer.chanx_registry.ws_by_action
        ):
            name = consumer.chanx_default_topic
        if name is None:
            if action in (_SUBSCRIBE, _UNSUBSCRIBE):
                self._refuse(consumer, envelope.ref, None, "unknown_topic", "No topic given")
                return
            dispatch.submit_validated(consumer, consumer, frame, envelope, None)
            return
        if action == _SUBSCRIBE:
            await self.subscribe(consumer, name, envelope.ref)
        elif action == _UNSUBSCRIBE:
            await self.unsubscribe(consumer, name, envelope.ref)
        else:
            self._to_subscription(consumer, name, frame, envelope)

    def _to_subscription(
        self,
        consumer: ChanxConsumerMixin[Any],
        name: str,
        frame: dict[str, Any],
        envelope: Envelope,
    ) -> None:
        subscription = consumer.chanx_subscriptions.get(name)
        if subscription is None:
            self._refuse_unsubscribed(consumer, name, envelope.ref)
            return
        dispatch.submit_validated(consumer, subscription, frame, envelope, (name, None))

    def _refuse_unsubscribed(
        self, consumer: ChanxConsumerMixin[Any], name: str, ref: str | None
    ) -> None:
        if self.match(name) is None:
            self._refuse(consumer, ref, name, "unknown_topic", f"Unknown topic {name!r}")
        else:
            self._refuse(consumer, ref, name, "not_subscribed", f"Not subscribed to {name!r}")

    @staticmethod
    def _refuse(
        consumer: ChanxConsumerMixin[Any],
        ref: str | None,
        name: str | None,
        reason: str,
        detail: str,
    ) -> None:
        tag: TopicTag | None = (name, None) if name is not None else None
        if consumer.chanx_settings.log_websocket_message:
            consumer.chanx_log.info("chanx.topic.refused", topic=name, reason=reason, ref=ref)
        payload = topic_error(reason, detail)
        consumer.chanx_slots.submit(lambda: dispatch.reply_error(consumer, payload, ref, tag))

    # ------------------------------------------------------------------ subscribe

    async def subscribe(
        self, consumer: ChanxConsumerMixin[Any], name: str, ref: str | None
    ) -> bool:
        """Subscribe this connection to ``name``; ``True`` once subscribed (or already)."""
        subscriptions = consumer.chanx_subscriptions
        tag: TopicTag = (name, None)
        if name in subscriptions:
            await _answer(consumer, SubscribedMessage(), ref, tag)
            return True
        found = self.match(name)
        if found is None:
            await dispatch.reply_error(
                consumer, topic_error("unknown_topic", f"Unknown topic {name!r}"), ref, tag
            )
            return False
        limit = consumer.chanx_settings.max_topic_subscriptions
        if len(subscriptions) >= limit:
            detail = f"At most {limit} topic subscriptions per connection"
            await dispatch.reply_error(
                consumer, topic_error("too_many_subscriptions", detail), ref, tag
            )
            return False
        topic_cls, params = found
        subscription = topic_cls(consumer, name, params)
        if not await _authorized(consumer, subscription, ref, tag):
            return False
        subscriptions[name] = subscription
        try:
            await _join(consumer, subscription)
        except ChannelLayerUnavailable:
            subscriptions.pop(name, None)
            consumer.chanx_log.exception("chanx.topic.join_failed", topic=name)
            detail = "Failed to process message for subscribe"
            await dispatch.reply_error(consumer, error_detail("handler_error", detail), ref, tag)
            return False
        consumer.chanx_log.debug("chanx.topic.subscribed", topic=name)
        await _answer(consumer, SubscribedMessage(), ref, tag, complete=False)
        await _run_hook(consumer, subscription, "on_subscribe")
        await _answer(consumer, None, ref, tag)
        return True

    async def unsubscribe(
        self, consumer: ChanxConsumerMixin[Any], name: str, ref: str | None
    ) -> None:
        """End this connection's subscription to ``name`` (``not_subscribed`` if none)."""
        subscription = consumer.chanx_subscriptions.pop(name, None)
        if subscription is None:
            self._refuse_unsubscribed(consumer, name, ref)
            return
        await _leave(consumer, subscription)
        await _answer(consumer, UnsubscribedMessage(), ref, (name, None))

    async def subscribe_default(self, consumer: ChanxConsumerMixin[Any]) -> bool:
        """Subscribe a new connection to its default topic; close it when that fails."""
        try:
            name = self.default_topic_name(consumer)
        except (KeyError, ValueError) as exc:
            consumer.chanx_log.error("chanx.topic.default_invalid", error=str(exc))
            await consumer.close(code=CLOSE_SERVER_ERROR)
            return False
        if name is None:
            return True
        consumer.chanx_default_topic = name
        if await self.subscribe(consumer, name, None):
            return True
        await consumer.close(code=CLOSE_FORBIDDEN)
        return False

    async def leave_all(self, consumer: ChanxConsumerMixin[Any]) -> None:
        """On disconnect: run every ``on_unsubscribe`` and leave every topic group."""
        subscriptions = consumer.chanx_subscriptions
        while subscriptions:
            _, subscription = subscriptions.popitem()
            await _leave(consumer, subscription)

    # ------------------------------------------------------------------ events

    async def dispatch_event(self, consumer: ChanxConsumerMixin[Any], body: dict[str, Any]) -> None:
        """A ``handle_topic_event`` from the layer: route it to the subscription, if any."""
        name = body.get("topic")
        subscription = consumer.chanx_subscriptions.get(name) if type(name) is str else None
        if subscription is None:
            return  # unsubscribed meanwhile (or a foreign group message)
        seq = body.get("seq")
        tag: TopicTag = (subscription.topic, seq if type(seq) is int else None)
        await dispatch.dispatch_event(
            consumer, body.get("event_data"), owner=subscription, topic=tag
        )


def _is_concrete_topic(candidate: object) -> bool:
    return (
        isinstance(candidate, type)
        and issubclass(candidate, Topic)
        and hasattr(candidate, "chanx_pattern")
    )


async def _answer(
    consumer: ChanxConsumerMixin[Any],
    message: Any,
    ref: str | None,
    tag: TopicTag,
    *,
    complete: bool = True,
) -> None:
    """Send ``message`` (if any) and then ``complete`` with ``ref`` and the topic."""
    ref_token = dispatch.current_ref.set(ref)
    topic_token = dispatch.current_topic.set(tag)
    try:
        if message is not None:
            await consumer.send_message(message)
        if complete:
            await dispatch.complete_frame(consumer)
    finally:
        dispatch.current_topic.reset(topic_token)
        dispatch.current_ref.reset(ref_token)


async def _authorized(
    consumer: ChanxConsumerMixin[Any], subscription: Topic, ref: str | None, tag: TopicTag
) -> bool:
    try:
        allowed = await subscription.authorize(**subscription.params)
    except WsError as exc:
        await dispatch.reply_error(consumer, error_detail(exc.code, exc.detail), ref, tag)
        return False
    except Exception:
        consumer.chanx_log.exception("chanx.topic.authorize_failed", topic=subscription.topic)
        detail = "Failed to process message for subscribe"
        await dispatch.reply_error(consumer, error_detail("handler_error", detail), ref, tag)
        return False
    if not allowed:
        consumer.chanx_log.info("chanx.topic.unauthorized", topic=subscription.topic)
        detail = f"Not allowed to subscribe to {subscription.topic!r}"
        await dispatch.reply_error(consumer, topic_error("unauthorized", detail), ref, tag)
        return False
    return True


async def _join(consumer: ChanxConsumerMixin[Any], subscription: Topic) -> None:
    layer = consumer.channel_layer
    if layer is not None:
        group = subscription.group_name(subscription.topic)
        await layer_call("group_add", group, layer.group_add(group, consumer.channel_name))


async def _leave(consumer: ChanxConsumerMixin[Any], subscription: Topic) -> None:
    """``on_unsubscribe`` then leave the group; failures are logged, never raised."""
    await _run_hook(consumer, subscription, "on_unsubscribe")
    layer = consumer.channel_layer
    if layer is None:
        return
    group = subscription.group_name(subscription.topic)
    try:
        await layer_call("group_discard", group, layer.group_discard(group, consumer.channel_name))
    except ChannelLayerUnavailable:
        consumer.chanx_log.warning("chanx.topic.leave_failed", topic=subscription.topic)


_HOOK_FAILED = {
    "on_subscribe": "chanx.topic.on_subscribe_failed",
    "on_unsubscribe": "chanx.topic.on_unsubscribe_failed",
}


async def _run_hook(consumer: ChanxConsumerMixin[Any], subscription: Topic, hook: str) -> None:
    """Run ``on_subscribe``/``on_unsubscribe``; frames it sends carry the topic, no ``ref``."""
    ref_token = dispatch.current_ref.set(None)
    topic_token = dispatch.current_topic.set((subscription.topic, None))
    try:
        await getattr(subscription, hook)()
    except WsError as exc:
        await consumer.send_message(ErrorMessage(payload=error_detail(exc.code, exc.detail)))
    except Exception:
        consumer.chanx_log.exception(_HOOK_FAILED[hook], topic=subscription.topic)
    finally:
        dispatch.current_topic.reset(topic_token)
        dispatch.current_ref.reset(ref_token)
