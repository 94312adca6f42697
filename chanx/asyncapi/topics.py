"""Topic channels: one AsyncAPI channel per topic a routed consumer mounts.

A topic channel shares its consumer's ``address`` and ``parameters`` (it is the same
WebSocket) and is keyed ``<consumer channel>.topic.<Topic.name>``. It lists what a
subscription exchanges: ``subscribe``/``subscribed``, ``unsubscribe``/``unsubscribed``,
the topic's handler inputs and outputs, event outputs, passthrough events, ``emits``
and the error frame (plus completion frames with ``send_completion`` on). Its
``x-topic`` extension names the topic, its pattern and the pattern's parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chanx.asyncapi.plan import ChannelPlan, Usage, own_doc, route_parameters, safe_key, unique_key
from chanx.asyncapi.schemas import SchemaSet
from chanx.asyncapi.spec import TopicExtension
from chanx.core.decorators import channel_info
from chanx.core.registry import HandlerRegistry
from chanx.core.subscriptions import TopicRouter
from chanx.core.topic import Topic
from chanx.messages.base import BaseMessage
from chanx.messages.outgoing import CompleteMessage, ErrorMessage, EventCompleteMessage
from chanx.messages.topic import (
    SubscribedMessage,
    SubscribeMessage,
    UnsubscribedMessage,
    UnsubscribeMessage,
)

__all__ = ["TopicPlan", "plan_topics", "topic_channel_object", "topic_usages"]


@dataclass(slots=True)
class TopicPlan:
    """One topic mounted on one routed consumer, as a channel."""

    key: str
    topic: type[Topic]
    parent: ChannelPlan
    #: The consumer's ``default_topic`` when it names this topic (standalone routes).
    default_topic: str | None
    usages: list[Usage] = field(default_factory=list)

    @property
    def camelize(self) -> bool:
        return self.parent.camelize

    @property
    def registry(self) -> HandlerRegistry:
        return self.topic.chanx_registry


def plan_topics(parent: ChannelPlan, taken: dict[str, Any]) -> list[TopicPlan]:
    """A plan per topic ``parent``'s consumer mounts; keys are added to ``taken``."""
    router = getattr(parent.route.consumer, "chanx_topic_router", None)
    if not isinstance(router, TopicRouter):
        return []
    default = router.default_topic.text if router.default_topic is not None else None
    default_owner = next(
        (t for t in router.topics if default is not None and t.match(default) is not None), None
    )
    plans: list[TopicPlan] = []
    for topic in router.topics:
        key = unique_key(f"{parent.key}.topic.{safe_key(topic.name)}", taken)
        taken[key] = None
        plan = TopicPlan(key, topic, parent, default if topic is default_owner else None)
        plan.usages = topic_usages(parent.route.consumer, topic)
        plans.append(plan)
    return plans


def topic_usages(consumer: type, topic: type[Topic]) -> list[Usage]:
    """Every message a subscription to ``topic`` exchanges, and how."""
    found: dict[type[BaseMessage], tuple[bool, bool]] = {}

    def use(message: type[BaseMessage], correlated: bool = False, sequenced: bool = False) -> None:
        was_correlated, was_sequenced = found.get(message, (False, False))
        found[message] = (was_correlated or correlated, was_sequenced or sequenced)

    registry = topic.chanx_registry
    requests: tuple[type[BaseMessage], ...] = (
        SubscribeMessage,
        SubscribedMessage,
        UnsubscribeMessage,
        UnsubscribedMessage,
    )
    for request in requests:
        use(request, correlated=True)
    for handler in registry.ws_handlers:
        for message in (handler.input_type, *handler.output_types):
            use(message, correlated=True)
    for handler in registry.event_handlers:
        for output in handler.output_types:
            use(output, sequenced=True)
    for event in registry.passthrough_events:
        use(event, sequenced=True)
    for emitted in registry.emits:
        use(emitted)
    use(ErrorMessage, correlated=True)
    if getattr(consumer, "send_completion", False):
        use(CompleteMessage, correlated=True)
        use(EventCompleteMessage, sequenced=True)
    return [Usage(m, c, s) for m, (c, s) in found.items()]


def topic_channel_object(plan: TopicPlan, schema_set: SchemaSet) -> dict[str, Any]:
    """The channel of ``plan``: the consumer's address, the topic's messages, ``x-topic``."""
    topic, route = plan.topic, plan.parent.route
    info = channel_info(route.consumer)
    obj: dict[str, Any] = {
        "address": route.path,
        "title": f"Topic {topic.name} on {info.name}",
        "description": topic_description(plan),
    }
    parameters = route_parameters(route)
    if parameters:
        obj["parameters"] = parameters
    names = sorted({schema_set.name(u.message, plan.camelize) for u in plan.usages})
    obj["messages"] = {n: {"$ref": f"#/components/messages/{n}"} for n in names}
    if info.tags:
        obj["tags"] = [{"name": t} for t in info.tags]
    x_topic: TopicExtension = {
        "name": topic.name,
        "pattern": topic.pattern,
        "parameters": list(topic.chanx_pattern.parameters),
    }
    if plan.default_topic is not None:
        x_topic["defaultTopic"] = plan.default_topic
    obj["x-topic"] = x_topic
    return obj


def topic_description(plan: TopicPlan) -> str:
    """The topic's docstring, then how its frames are addressed on this route."""
    topic = plan.topic
    params = topic.chanx_pattern.parameters
    lines = [own_doc(topic) or f"The `{topic.pattern}` topic."]
    where = f"Topic `{topic.name}`: names fitting `{topic.pattern}`"
    if params:
        where += " (parameters " + ", ".join(f"`{p}`" for p in params) + ")"
    lines.append(
        f'{where}. Subscribe with `{{"action": "subscribe", "topic": <name>}}`; '
        "frames for the subscription carry its `topic`, and so does every frame the "
        "server sends about it. Frames caused by a broadcast carry its `seq` when it "
        "had one."
    )
    if plan.default_topic is not None:
        lines.append(
            f"This route subscribes each connection on connect to `{plan.default_topic}` "
            "(placeholders filled from the URL): `subscribed` arrives without a request, "
            "and frames without `topic` whose action the consumer itself does not handle "
            "go to that subscription."
        )
    return "\n\n".join(lines)
