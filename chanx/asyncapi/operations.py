"""The operations of one channel: receive (handlers, with replies) and send."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from chanx.asyncapi.plan import ChannelPlan, own_doc, protocol_frames, safe_key
from chanx.asyncapi.schemas import SchemaSet
from chanx.core.permissions import describe_permission
from chanx.core.registry import Handler
from chanx.messages.base import BaseMessage, action_values

__all__ = ["build_operations"]


def build_operations(plan: ChannelPlan, schema_set: SchemaSet) -> list[tuple[str, dict[str, Any]]]:
    channel_ref = {"$ref": f"#/channels/{plan.key}"}

    def refs(types: Sequence[type[BaseMessage]]) -> list[dict[str, str]]:
        names = dict.fromkeys(schema_set.name(t, plan.camelize) for t in types)
        return [{"$ref": f"#/channels/{plan.key}/messages/{n}"} for n in names]

    def send(summary: str, types: Sequence[type[BaseMessage]], description: str) -> dict[str, Any]:
        return {
            "action": "send",
            "channel": dict(channel_ref),
            "summary": summary,
            "description": description,
            "messages": refs(types),
        }

    ops: list[tuple[str, dict[str, Any]]] = []
    for handler in plan.registry.ws_handlers:
        op = handler_operation(handler, "receive", channel_ref, refs([handler.input_type]))
        if handler.output_types:
            op["reply"] = {"channel": dict(channel_ref), "messages": refs(handler.output_types)}
        ops.append((f"{plan.key}.{safe_key(handler.operation)}", op))
    for handler in plan.registry.event_handlers:
        if handler.output_types:
            op = handler_operation(handler, "send", channel_ref, refs(handler.output_types))
            ops.append((f"{plan.key}.event.{safe_key(handler.name)}", op))
    for message in plan.registry.passthrough_events:
        action = "_".join(action_values(message))
        text = f"The `{action}` channel-layer event, forwarded to the client unchanged."
        ops.append(
            (
                f"{plan.key}.passthrough.{safe_key(action)}",
                send(f"Forward `{action}` events", [message], own_doc(message) or text),
            )
        )
    for message in plan.registry.emits:
        action = "_".join(action_values(message))
        text = f"The consumer sends `{action}` frames on its own initiative."
        ops.append(
            (
                f"{plan.key}.emits.{safe_key(action)}",
                send(f"Send `{action}`", [message], own_doc(message) or text),
            )
        )
    for message, _ in protocol_frames(plan.route.consumer):
        action = action_values(message)[0]
        summary, text = PROTOCOL_DOCS[action]
        ops.append((f"{plan.key}.{action}", send(summary, [message], text)))
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
) -> dict[str, Any]:
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
