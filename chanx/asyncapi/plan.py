"""Which messages each routed consumer uses, and how (the generator's first pass)."""

from __future__ import annotations

import inspect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from chanx.core.authenticator import BaseAuthenticator
from chanx.core.decorators import channel_info
from chanx.core.registry import HandlerRegistry
from chanx.messages.base import BaseMessage
from chanx.messages.outgoing import (
    AuthenticationMessage,
    CompleteMessage,
    ErrorMessage,
    EventCompleteMessage,
    GroupCompleteMessage,
)
from chanx.routing import RouteInfo

__all__ = [
    "ChannelPlan",
    "Usage",
    "authenticator_of",
    "own_doc",
    "plan_channels",
    "protocol_frames",
    "route_parameters",
    "safe_key",
    "unique_key",
]

_KEY_UNSAFE = re.compile(r"[^\w.\-]")


@dataclass(slots=True)
class Usage:
    """A message class used by one channel, and how.

    ``correlated``: it may carry the client's ``ref``; ``sequenced``: on a topic
    channel, it may carry the ``seq`` of the broadcast that caused it.
    """

    message: type[BaseMessage]
    correlated: bool
    sequenced: bool = False


@dataclass(slots=True)
class ChannelPlan:
    """One route as a channel: its unique key, the consumer's registry and messages."""

    key: str
    route: RouteInfo
    registry: HandlerRegistry
    camelize: bool
    usages: list[Usage] = field(default_factory=list)


def plan_channels(
    routes: Sequence[RouteInfo], *, camelize: bool | None = None
) -> list[ChannelPlan]:
    """A channel per route, keyed by the ``@channel`` name (``_2``... on repeats).

    ``camelize`` overrides every consumer's own setting when not ``None``.
    """
    plans: list[ChannelPlan] = []
    taken: dict[str, Any] = {}
    for route in routes:
        consumer = route.consumer
        registry = getattr(consumer, "chanx_registry", None)
        if not isinstance(registry, HandlerRegistry):
            raise TypeError(f"{consumer!r} routed at {route.path!r} is not a chanx consumer")
        key = unique_key(safe_key(channel_info(consumer).name), taken)
        taken[key] = None
        camelized = bool(getattr(consumer, "camelize", False)) if camelize is None else camelize
        plan = ChannelPlan(key, route, registry, camelized)
        plan.usages = usages(consumer, registry)
        plans.append(plan)
    return plans


def usages(consumer: type, registry: HandlerRegistry) -> list[Usage]:
    """Every message class the consumer receives or sends; ``correlated`` if it may carry ``ref``."""
    found: dict[type[BaseMessage], bool] = {}

    def use(message: type[BaseMessage], correlated: bool) -> None:
        found[message] = found.get(message, False) or correlated

    for handler in registry.ws_handlers:
        use(handler.input_type, True)
        for output in handler.output_types:
            use(output, True)
    for handler in registry.event_handlers:
        for output in handler.output_types:
            use(output, False)
    for message in (*registry.passthrough_events, *registry.emits):
        use(message, False)
    for message, correlated in protocol_frames(consumer):
        use(message, correlated)
    return [Usage(m, c) for m, c in found.items()]


def protocol_frames(consumer: type) -> list[tuple[type[BaseMessage], bool]]:
    """Framework frames this consumer may send, with whether they carry the client's ``ref``."""
    frames: list[tuple[type[BaseMessage], bool]] = [(ErrorMessage, True)]
    if authenticator_of(consumer) is not None and getattr(
        consumer, "send_authentication_message", True
    ):
        frames.append((AuthenticationMessage, False))
    if getattr(consumer, "send_completion", False):
        frames += [(CompleteMessage, True), (GroupCompleteMessage, False)]
        frames.append((EventCompleteMessage, False))
    return frames


def authenticator_of(consumer: type) -> type[BaseAuthenticator] | None:
    """The consumer's ``authenticator_class``, if it is a chanx authenticator."""
    candidate = getattr(consumer, "authenticator_class", None)
    if isinstance(candidate, type) and issubclass(candidate, BaseAuthenticator):
        return candidate
    return None


def route_parameters(route: RouteInfo) -> dict[str, dict[str, Any]]:
    """The channel ``parameters`` of ``route``'s path placeholders (empty without any)."""
    return {p.name: _parameter(p.name, p.description, p.pattern) for p in route.params}


def _parameter(name: str, description: str | None, pattern: str | None) -> dict[str, Any]:
    text = description or f"Path parameter `{name}`."
    if pattern and not description:
        text += f" Matches `{pattern}`."
    param: dict[str, Any] = {"description": text}
    if pattern:
        param["x-pattern"] = pattern
    return param


def safe_key(text: str) -> str:
    """``text`` usable as a component/channel/operation key (``[\\w.-]``)."""
    return _KEY_UNSAFE.sub("_", text) or "_"


def unique_key(candidate: str, taken: Mapping[str, Any]) -> str:
    """``candidate``, or ``candidate_2``, ``candidate_3``... whichever is free."""
    key, n = candidate, 2
    while key in taken:
        key, n = f"{candidate}_{n}", n + 1
    return key


def own_doc(cls: type) -> str | None:
    """The class's own docstring (not an inherited one), cleaned."""
    doc = vars(cls).get("__doc__")
    return inspect.cleandoc(doc) if isinstance(doc, str) and doc.strip() else None
