"""The operations of one channel: receive (handlers, with replies) and send."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from chanx.asyncapi.plan import ChannelPlan, own_doc, protocol_frames, safe_key
from chanx.asyncapi.schemas import SchemaSet
from chanx.core.permissions import describe_permission
from chanx.core.registry import Handler, HandlerRegistry
from chanx.messages.base import BaseMessage, action_values

__all__ = [
    "PROTOCOL_DOCS",
    "OperationBuilder",
    "RegistryTexts",
    "build_operations",
    "handler_operation",
]


class OperationBuilder:
    """Operations of one channel ``key``: message refs and the per-registry operations."""

    def __init__(self, key: str, camelize: bool, schema_set: SchemaSet) -> None:
        self.key = key
        self.camelize = camelize
        self.schema_set = schema_set
        self.channel_ref = {"$ref": f"#/channels/{key}"}

    def refs(self, types: Sequence[type[BaseMessage]]) -> list[dict[str, str]]:
        """Channel-local references to the messages of ``types``."""
        names = dict.fromkeys(self.schema_set.name(t, self.camelize) for t in types)
        return [{"$ref": f"#/channels/{self.key}/messages/{n}"} for n in names]

    def send(
        self, summary: str, types: Sequence[type[BaseMessage]], description: str
    ) -> dict[str, Any]:
        """A ``send`` operation of ``types``."""
        return {
            "action": "send",
            "channel": dict(self.channel_ref),
            "summary": summary,
            "description": description,
            "messages": self.refs(types),
        }

    def receive(self, handler: Handler, default_text: str | None = None) -> dict[str, Any]:
        """The ``receive`` operation of a ``@ws_handler``, with its ``reply``."""
        op = handler_operation(
            handler, "receive", self.channel_ref, self.refs([handler.input_type]), default_text
        )
        if handler.output_types:
            op["reply"] = {
                "channel": dict(self.channel_ref),
                "messages": self.refs(handler.output_types),
            }
        return op

    def registry_operations(
        self,
        registry: HandlerRegistry,
        *,
        texts: RegistryTexts,
        skip_emits: Sequence[type[BaseMessage]] = (),
    ) -> list[tuple[str, dict[str, Any]]]:
        """Handlers' receive operations, then sends for events, passthrough and emits."""
        key = self.key
        ops: list[tuple[str, dict[str, Any]]] = []
        for handler in registry.ws_handlers:
            op = self.receive(handler, texts.receive(handler))
            ops.append((f"{key}.{safe_key(handler.operation)}", op))
        for handler in registry.event_handlers:
            if handler.output_types:
                op = handler_operation(
                    handler,
                    "send",
                    self.channel_ref,
                    self.refs(handler.output_types),
                    texts.event(handler),
                )
                ops.append((f"{key}.event.{safe_key(handler.name)}", op))
        for message in registry.passthrough_events:
            action = "_".join(action_values(message))
            summary, text = texts.passthrough(action)
            op = self.send(summary, [message], own_doc(message) or text)
            ops.append((f"{key}.passthrough.{safe_key(action)}", op))
        for message in registry.emits:
            if message in skip_emits:
                continue
            action = "_".join(action_values(message))
            op = self.send(f"Send `{action}`", [message], own_doc(message) or texts.emits(action))
            ops.append((f"{key}.emits.{safe_key(action)}", op))
        return ops


class RegistryTexts:
    """Default descriptions of a consumer's operations (topics override some)."""

    def receive(self, handler: Handler) -> str | None:
        """Description of a ``@ws_handler`` without one (``None``: the generic text)."""
        return None

    def event(self, handler: Handler) -> str | None:
        """Description of an ``@event_handler`` without one (``None``: the generic text)."""
        return None

    def passthrough(self, action: str) -> tuple[str, str]:
        """Summary and description of a passthrough event without a docstring."""
        text = f"The `{action}` channel-layer event, forwarded to the client unchanged."
        return f"Forward `{action}` events", text

    def emits(self, action: str) -> str:
        """Description of an ``emits`` message without a docstring."""
        return f"The consumer sends `{action}` frames on its own initiative."


def build_operations(plan: ChannelPlan, schema_set: SchemaSet) -> list[tuple[str, dict[str, Any]]]:
    """The operations of a consumer's own channel."""
    builder = OperationBuilder(plan.key, plan.camelize, schema_set)
    ops = builder.registry_operations(plan.registry, texts=RegistryTexts())
    for message, _ in protocol_frames(plan.route.consumer):
        action = action_values(message)[0]
        summary, text = PROTOCOL_DOCS[action]
        ops.append((f"{plan.key}.{action}", builder.send(summary, [message], text)))
    return ops


PROTOCOL_DOCS: dict[str, tuple[str, str]] = {
    "error": (
        "Error frame",
        "Sent when a client frame is invalid (payload: the validation errors) or its "
        "handler failed (payload: `{detail, code}`). Carries the frame's `ref`; the "
        "connection stays open.",
    ),
    "authentication": (
        "Authentication result",
        "Sent once after the handshake authentication ran. On failure the connection "
        "closes with code 4000 + status_code.",
    ),
    "complete": ("Message processed", "Sent after each client frame was processed."),
    "group_complete": ("Group message relayed", "Sent after each relayed group message."),
    "event_complete": ("Event processed", "Sent after each channel-layer event."),
}


def handler_operation(
    handler: Handler,
    action: Literal["send", "receive"],
    channel_ref: dict[str, str],
    messages: list[dict[str, str]],
    default_text: str | None = None,
) -> dict[str, Any]:
    """The operation of ``handler``: title, summary, description, permissions, tags."""
    spec = handler.spec
    op: dict[str, Any] = {
        "action": action,
        "channel": dict(channel_ref),
        "title": handler.operation,
    }
    if spec.summary:
        op["summary"] = spec.summary
    actions = " | ".join(f"`{a}`" for a in handler.actions)
    if spec.description:
        op["description"] = spec.description
    elif default_text:
        op["description"] = default_text
    elif action == "receive":
        op["description"] = f"Handles the client's {actions} frames."
    else:
        op["description"] = f"Sent when the server handles a {actions} channel-layer event."
    if handler.permissions:
        described = [describe_permission(p) for p in handler.permissions]
        op["description"] = f"{op['description']}\n\n{permissions_sentence(described)}"
        op["x-permissions"] = described
    if spec.tags:
        op["tags"] = [{"name": t} for t in spec.tags]
    op["messages"] = messages
    return op


def permissions_sentence(described: Sequence[dict[str, Any]]) -> str:
    """``Requires: `IsAdminUser`, `HasRoles` (roles: `admin`, `editor`). ...``"""
    parts = []
    for item in described:
        text = f"`{item['name']}`"
        if item.get("roles"):
            text += " (roles: " + ", ".join(f"`{r}`" for r in item["roles"]) + ")"
        parts.append(text)
    return (
        f"Requires: {', '.join(parts)}. A refused frame gets an `error` frame with code "
        "`permission_denied` and the handler does not run."
    )
