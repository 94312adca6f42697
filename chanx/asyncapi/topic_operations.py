"""The operations of one topic channel: subscribe, unsubscribe, handlers, sends."""

from __future__ import annotations

from typing import Any

from chanx.asyncapi.operations import PROTOCOL_DOCS, OperationBuilder, RegistryTexts
from chanx.asyncapi.schemas import SchemaSet
from chanx.asyncapi.topics import TopicPlan
from chanx.core.errors import TOPIC_ERROR_REASONS
from chanx.core.registry import Handler
from chanx.messages.base import BaseMessage
from chanx.messages.outgoing import CompleteMessage, ErrorMessage, EventCompleteMessage
from chanx.messages.topic import (
    SubscribedMessage,
    SubscribeMessage,
    UnsubscribedMessage,
    UnsubscribeMessage,
)

__all__ = ["build_topic_operations"]


def build_topic_operations(
    plan: TopicPlan, schema_set: SchemaSet
) -> list[tuple[str, dict[str, Any]]]:
    """``subscribe``/``unsubscribe``, the topic's handlers and sends, its error frame."""
    builder = OperationBuilder(plan.key, plan.camelize, schema_set)
    pattern = plan.topic.pattern
    subscribe_text = (
        f"Subscribes the connection to the topic named by the frame's `topic` (fitting "
        f"`{pattern}`). Answered by `subscribed`, then by what the topic sends from "
        f"`on_subscribe`; refused with an `error` frame whose payload `reason` is "
        f"{_reasons('unknown_topic', 'unauthorized', 'too_many_subscriptions')}. "
        "Subscribing again to a subscribed topic is answered by `subscribed` again."
    )
    if plan.default_topic is not None:
        subscribe_text += " On this route the connection is subscribed on connect already."
    unsubscribe_text = (
        "Ends the subscription named by the frame's `topic` (`on_unsubscribe` runs). "
        "Answered by `unsubscribed`; refused with an `error` frame whose payload "
        f"`reason` is {_reasons('unknown_topic', 'not_subscribed')}."
    )
    ops = [
        (
            f"{plan.key}.subscribe",
            _request(builder, "subscribe", subscribe_text, SubscribeMessage, SubscribedMessage),
        ),
        (
            f"{plan.key}.unsubscribe",
            _request(
                builder, "unsubscribe", unsubscribe_text, UnsubscribeMessage, UnsubscribedMessage
            ),
        ),
    ]
    ops += builder.registry_operations(
        plan.registry,
        texts=_TopicTexts(plan),
        skip_emits=(SubscribedMessage, UnsubscribedMessage),
    )
    reasons = " ".join(f"`{r}`: {m}" for r, m in TOPIC_ERROR_REASONS.items())
    error_text = (
        "Sent with the frame's `topic` (and `ref`) when a frame for this topic is invalid "
        "(payload: the validation errors), its handler failed (payload: `{detail, code}`) "
        "or the topic refused it (payload: `{reason, code, detail}`, `code` equal to "
        f"`reason`). Reasons: {reasons}"
    )
    ops.append((f"{plan.key}.error", builder.send("Topic error frame", [ErrorMessage], error_text)))
    if getattr(plan.parent.route.consumer, "send_completion", False):
        for message in (CompleteMessage, EventCompleteMessage):
            action = "complete" if message is CompleteMessage else "event_complete"
            summary, text = PROTOCOL_DOCS[action]
            ops.append((f"{plan.key}.{action}", builder.send(summary, [message], text)))
    return ops


def _reasons(*reasons: str) -> str:
    return ", ".join(f"`{r}`" for r in reasons[:-1]) + f" or `{reasons[-1]}`"


def _request(
    builder: OperationBuilder,
    action: str,
    description: str,
    request: type[BaseMessage],
    reply: type[BaseMessage],
) -> dict[str, Any]:
    return {
        "action": "receive",
        "channel": dict(builder.channel_ref),
        "title": action,
        "summary": "Subscribe to the topic" if action == "subscribe" else "Leave the topic",
        "description": description,
        "messages": builder.refs([request]),
        "reply": {"channel": dict(builder.channel_ref), "messages": builder.refs([reply])},
    }


class _TopicTexts(RegistryTexts):
    """Descriptions of a topic's handler and send operations."""

    def __init__(self, plan: TopicPlan) -> None:
        self.topic = plan.topic
        self.has_default = plan.default_topic is not None

    def receive(self, handler: Handler) -> str:
        actions = " | ".join(f"`{a}`" for a in handler.actions)
        where = "its `topic` names a subscription"
        if self.has_default:
            where += " (or it has none: the route's default topic)"
        return f"Handles the client's {actions} frames for this topic: {where}."

    def event(self, handler: Handler) -> str:
        actions = " | ".join(f"`{a}`" for a in handler.actions)
        return (
            f"Sent to each subscriber when a {actions} event is broadcast to the topic "
            f"(`{self.topic.__name__}.broadcast`)."
        )

    def passthrough(self, action: str) -> tuple[str, str]:
        text = f"A `{action}` event broadcast to the topic, forwarded to each subscriber unchanged."
        return f"Forward `{action}` broadcasts", text

    def emits(self, action: str) -> str:
        return (
            f"The topic sends `{action}` frames on its own initiative (e.g. from `on_subscribe`)."
        )
