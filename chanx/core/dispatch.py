"""The receive path: raw text → envelope/ref → validated message → handler → reply.

Also relays group messages and routes channel-layer events. Every frame produced
while a client frame with a ``ref`` is being handled carries that ``ref``: the
:data:`current_ref` context variable is set for the duration of the job, and each
job runs in a task of its own context.
"""

from __future__ import annotations

import asyncio
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from pydantic_core import from_json

from chanx.constants import CLOSE_MESSAGE_TOO_LARGE, CLOSE_POLICY_VIOLATION
from chanx.core.envelope import MAX_REF_LENGTH, Envelope
from chanx.core.errors import WsError
from chanx.core.frames import TopicTag, encode_dict, error_detail, json_invalid_errors
from chanx.core.limits import ConnectionGuard, json_too_deep
from chanx.core.registry import Handler
from chanx.messages.base import BaseMessage
from chanx.messages.outgoing import (
    CompleteMessage,
    ErrorMessage,
    EventCompleteMessage,
    GroupCompleteMessage,
)

if TYPE_CHECKING:
    from typing import TypeAlias

    from chanx.core.consumer import ChanxConsumerMixin
    from chanx.core.topic import Topic

    #: What handlers are looked up on (and run with as ``self``): the consumer or a topic.
    HandlerOwner: TypeAlias = ChanxConsumerMixin[Any] | Topic

__all__ = [
    "complete_frame",
    "current_ref",
    "current_topic",
    "dispatch_event",
    "dispatch_text",
    "final_reply",
    "relay_group_message",
    "reply_error",
    "run_ws_handler",
    "submit_validated",
]

#: ``ref`` of the client frame whose handler is running in this context, if any.
current_ref: ContextVar[str | None] = ContextVar("chanx_current_ref", default=None)
#: True while a handler's single return value is being sent: the job ends right after,
#: so ``send_message_immediately`` need not yield to the event loop for it.
final_reply: ContextVar[bool] = ContextVar("chanx_final_reply", default=False)
#: Topic (and broadcast ``seq``) of the subscription whose handler is running, if any.
current_topic: ContextVar[TopicTag | None] = ContextVar("chanx_current_topic", default=None)


_COMPLETE = CompleteMessage()
_GROUP_COMPLETE = GroupCompleteMessage()
_EVENT_COMPLETE = EventCompleteMessage()


def frame_too_large(text: str, limit: int) -> bool:
    """Whether ``text`` encodes to more than ``limit`` UTF-8 bytes (cheap for short frames)."""
    if len(text) * 4 <= limit:
        return False
    return len(text) > limit or len(text.encode("utf-8", "surrogatepass")) > limit


async def dispatch_text(consumer: ChanxConsumerMixin[Any], text: str) -> None:
    """Validate one text frame and schedule its handler (or its error reply).

    Checks run in this order: size, rate limit (and idle bookkeeping), nesting depth,
    then validation. Limits that are off cost one ``is None`` test each.
    """
    settings = consumer.chanx_settings
    if frame_too_large(text, settings.max_message_size):
        await reject_oversized(consumer, settings.max_message_size)
        return
    if consumer.chanx_slots.full:
        await consumer.chanx_slots.wait_for_room()
    guard = consumer.chanx_guard
    if guard is not None and not guard.admit():
        await reject_rate_limited(consumer, guard, text)
        return
    depth = settings.max_json_depth
    if depth is not None and json_too_deep(text, depth):
        too_deep = json_invalid_errors(f"JSON nesting deeper than {depth} levels")
        ref = frame_ref(text)
        if settings.log_websocket_message:
            consumer.chanx_log.info("chanx.message.invalid", ref=ref, reason="too deep")
        consumer.chanx_slots.submit(lambda: reply_error(consumer, too_deep, ref))
        return
    router = consumer.chanx_topic_router
    if router is not None:
        await router.route(consumer, text)
        return
    submit_validated(consumer, consumer, text, Envelope(camelize=settings.camelize), None)


def submit_validated(
    consumer: ChanxConsumerMixin[Any],
    owner: HandlerOwner,
    frame: str | dict[str, Any],
    envelope: Envelope,
    topic: TopicTag | None,
) -> None:
    """Validate ``frame`` (raw text, or an already parsed object) against ``owner``'s
    incoming union and schedule its handler, or the error reply.

    ``owner`` is the consumer itself or one of its topic subscriptions; its handler
    runs with ``owner`` as ``self``.
    """
    try:
        if type(frame) is not str:
            message = owner.incoming_message_adapter.validate_python(frame, context=envelope)
        elif envelope.camelize or _may_carry_envelope(frame):
            message = owner.incoming_message_adapter.validate_json(frame, context=envelope)
        else:
            message = _validate_bare(owner, frame, envelope)
    except ValidationError as exc:
        error, ref = exc, envelope.ref
        if consumer.chanx_settings.log_websocket_message:
            consumer.chanx_log.info("chanx.message.invalid", ref=ref)
        consumer.chanx_slots.submit(lambda: _reply_invalid(consumer, error, ref, topic))
        return
    registry = owner.chanx_registry
    handler = registry.ws_by_action[getattr(message, registry.discriminator)]
    ref = envelope.ref
    consumer.chanx_slots.submit(
        lambda: run_ws_handler(consumer, handler, message, ref, owner=owner, topic=topic)
    )


def _may_carry_envelope(text: str) -> bool:
    """Whether ``text`` may have a ``ref``/``topic``/``version`` key (or escapes hiding one)."""
    return '"ref"' in text or '"topic"' in text or '"version"' in text or "\\" in text


def _validate_bare(owner: HandlerOwner, text: str, envelope: Envelope) -> Any:
    """Validate a frame without envelope keys through the union alone (no Python
    callback per frame); an invalid one is validated again with the envelope wrap so
    that its errors are exactly those of the full path."""
    try:
        return owner.chanx_registry.bare_message_adapter.validate_json(text)
    except ValidationError:
        return owner.incoming_message_adapter.validate_json(text, context=envelope)


async def dispatch_binary(consumer: ChanxConsumerMixin[Any]) -> None:
    """Binary frames are not part of the protocol: answer ``json_invalid``."""
    if consumer.chanx_slots.full:
        await consumer.chanx_slots.wait_for_room()
    guard = consumer.chanx_guard
    if guard is not None and not guard.admit():
        await reject_rate_limited(consumer, guard, None)
        return
    consumer.chanx_slots.submit(lambda: _reply_binary(consumer))


def frame_ref(text: str) -> str | None:
    """The ``ref`` of a frame that will not be validated (best effort; ``None`` if unreadable)."""
    if '"ref"' not in text:
        return None
    try:
        frame = from_json(text)
    except ValueError:
        return None
    ref = frame.get("ref") if type(frame) is dict else None
    return ref if type(ref) is str and len(ref) <= MAX_REF_LENGTH else None


async def reject_rate_limited(
    consumer: ChanxConsumerMixin[Any], guard: ConnectionGuard, text: str | None
) -> None:
    """Answer ``rate_limited``; after ``rate_limit_close_after`` in a row, close with 1008."""
    settings = consumer.chanx_settings
    detail = f"Rate limit of {settings.rate_limit} exceeded; slow down"
    payload = error_detail("rate_limited", detail)
    ref = frame_ref(text) if text is not None else None
    if guard.strikes < settings.rate_limit_close_after:
        if guard.strikes == 1:  # once per burst, not once per frame
            consumer.chanx_log.warning("chanx.message.rate_limited", limit=str(settings.rate_limit))
        consumer.chanx_slots.submit(lambda: reply_error(consumer, payload, ref))
        return
    consumer.chanx_log.warning(
        "chanx.connection.rate_limit_closed",
        limit=str(settings.rate_limit),
        strikes=guard.strikes,
    )
    token = current_ref.set(ref)
    try:
        await consumer.send_message(ErrorMessage(payload=payload))
    finally:
        current_ref.reset(token)
    await consumer.close(code=CLOSE_POLICY_VIOLATION)


async def reply_error(
    consumer: ChanxConsumerMixin[Any], payload: Any, ref: str | None, topic: TopicTag | None = None
) -> None:
    """Send an error frame (then ``complete``) as the answer to a client frame."""
    token = current_ref.set(ref)
    topic_token = current_topic.set(topic)
    try:
        await consumer.send_message(ErrorMessage(payload=payload))
        await _complete(consumer, _COMPLETE)
    finally:
        current_topic.reset(topic_token)
        current_ref.reset(token)


async def reject_oversized(consumer: ChanxConsumerMixin[Any], limit: int) -> None:
    """Send ``message_too_large`` and close with 1009 (inline: nothing after it matters)."""
    consumer.chanx_log.warning("chanx.message.too_large", limit=limit)
    detail = f"Message exceeds the maximum size of {limit} bytes"
    await consumer.send_message(ErrorMessage(payload=error_detail("message_too_large", detail)))
    await consumer.close(code=CLOSE_MESSAGE_TOO_LARGE)


async def _reply_invalid(
    consumer: ChanxConsumerMixin[Any],
    error: ValidationError,
    ref: str | None,
    topic: TopicTag | None,
) -> None:
    token = current_ref.set(ref)
    topic_token = current_topic.set(topic)
    try:
        await consumer.handle_validation_error(error)
        await _complete(consumer, _COMPLETE)
    finally:
        current_topic.reset(topic_token)
        current_ref.reset(token)


async def _reply_binary(consumer: ChanxConsumerMixin[Any]) -> None:
    await consumer.send_message(
        ErrorMessage(payload=json_invalid_errors("Binary frames are not supported; send JSON text"))
    )
    await _complete(consumer, _COMPLETE)


async def run_ws_handler(
    consumer: ChanxConsumerMixin[Any],
    handler: Handler,
    message: BaseMessage,
    ref: str | None,
    *,
    owner: HandlerOwner | None = None,
    topic: TopicTag | None = None,
) -> None:
    """Run one message handler with ``ref`` (and ``topic``) in context; map its failures
    to error frames. The handler's ``self`` is ``owner`` (default: the consumer)."""
    target: HandlerOwner = consumer if owner is None else owner
    token = current_ref.set(ref)
    topic_token = current_topic.set(topic) if topic is not None else None
    action = (
        handler.actions[0]
        if len(handler.actions) == 1
        else str(getattr(message, target.chanx_registry.discriminator))
    )
    try:
        settings = consumer.chanx_settings
        if settings.log_websocket_message and action not in settings.log_ignored_actions:
            consumer.chanx_log.info("chanx.message.received", action=action, ref=ref)
        try:
            if not handler.permissions or await _authorized(consumer, handler, message, action):
                result = await handler.spec.func(target, message)
                await _handle_result(consumer, result)
        except WsError as exc:
            await consumer.send_message(ErrorMessage(payload=error_detail(exc.code, exc.detail)))
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            consumer.chanx_log.exception("chanx.handler.failed", action=action, ref=ref)
            await consumer.handle_message_handler_error(exc, action, message)
        await _complete(consumer, _COMPLETE)
    finally:
        if topic_token is not None:
            current_topic.reset(topic_token)
        current_ref.reset(token)


async def _authorized(
    consumer: ChanxConsumerMixin[Any], handler: Handler, message: BaseMessage, action: str
) -> bool:
    """Run the handler's permissions; ``False`` once a refusal (or failure) was answered.

    A ``WsError`` raised by a permission propagates (sent like a handler's); any other
    exception is logged and answered with the generic ``handler_error`` frame.
    """
    ref = current_ref.get()
    try:
        denial = await consumer.check_permissions(handler, message)
    except (WsError, asyncio.CancelledError):
        raise
    except Exception as exc:
        consumer.chanx_log.exception("chanx.permission.failed", action=action, ref=ref)
        await consumer.handle_message_handler_error(exc, action, message)
        return False
    if denial is None:
        return True
    consumer.chanx_log.info(
        "chanx.permission.denied", action=action, ref=ref, permission=denial.permission
    )
    await consumer.handle_permission_denied(denial, action, message)
    return False


async def dispatch_event(
    consumer: ChanxConsumerMixin[Any],
    event_data: Any,
    *,
    owner: HandlerOwner | None = None,
    topic: TopicTag | None = None,
) -> None:
    """Validate a channel-layer event and run its handler or pass it through.

    ``owner`` (default: the consumer) supplies the event union and handlers; frames
    sent for a topic subscription carry ``topic``.
    """
    target: HandlerOwner = consumer if owner is None else owner
    registry = target.chanx_registry
    try:
        event = target.incoming_event_adapter.validate_python(event_data)
    except ValidationError as exc:
        consumer.chanx_log.warning("chanx.event.invalid", errors=exc.errors(include_url=False))
        await _complete(consumer, _EVENT_COMPLETE)
        return
    action = str(getattr(event, registry.discriminator))
    handler = registry.event_by_action.get(action)
    if handler is None:
        if action in registry.passthrough_by_action:
            consumer.chanx_slots.submit(lambda: _pass_through(consumer, event, topic))
        else:
            consumer.chanx_log.warning("chanx.event.unhandled", action=action)
            await _complete(consumer, _EVENT_COMPLETE)
        return
    consumer.chanx_slots.submit(
        lambda: _run_event_handler(consumer, handler, event, action, target, topic)
    )


async def _pass_through(
    consumer: ChanxConsumerMixin[Any], event: BaseMessage, topic: TopicTag | None
) -> None:
    token = current_topic.set(topic) if topic is not None else None
    try:
        await consumer.send_message(event)
        await _complete(consumer, _EVENT_COMPLETE)
    finally:
        if token is not None:
            current_topic.reset(token)


async def _run_event_handler(
    consumer: ChanxConsumerMixin[Any],
    handler: Handler,
    event: BaseMessage,
    action: str,
    owner: HandlerOwner,
    topic: TopicTag | None,
) -> None:
    token = current_topic.set(topic) if topic is not None else None
    try:
        try:
            result = await handler.spec.func(owner, event)
            await _handle_result(consumer, result)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            consumer.chanx_log.exception("chanx.event.failed", action=action)
            await consumer.handle_event_handler_error(exc, action, event)
        await _complete(consumer, _EVENT_COMPLETE)
    finally:
        if token is not None:
            current_topic.reset(token)


async def relay_group_message(consumer: ChanxConsumerMixin[Any], body: dict[str, Any]) -> None:
    """Forward a ``broadcast_message`` to this client unless it asked to exclude itself."""
    if body.get("exclude_current") and body.get("from_channel") == consumer.channel_name:
        return
    message = body.get("message")
    if not isinstance(message, dict):
        consumer.chanx_log.warning("chanx.event.invalid", reason="group message without body")
        return
    await consumer.send_text(
        encode_dict(message, camelize=consumer.chanx_settings.camelize, ref=None)
    )
    await _complete(consumer, _GROUP_COMPLETE)


async def _handle_result(consumer: ChanxConsumerMixin[Any], result: Any) -> None:
    """``consumer.handle_result(result)``; a single message is sent as the final reply."""
    if not isinstance(result, BaseMessage) or consumer.chanx_settings.send_completion:
        await consumer.handle_result(result)
        return
    token = final_reply.set(True)
    try:
        await consumer.handle_result(result)
    finally:
        final_reply.reset(token)


async def complete_frame(consumer: ChanxConsumerMixin[Any]) -> None:
    """Send ``complete`` (when ``send_completion`` is on): a client frame is done."""
    await _complete(consumer, _COMPLETE)


async def _complete(consumer: ChanxConsumerMixin[Any], frame: BaseMessage) -> None:
    if consumer.chanx_settings.send_completion:
        await consumer.send_message(frame)
