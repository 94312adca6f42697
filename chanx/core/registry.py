"""Per-consumer-class handler table and cached ``TypeAdapter``s.

Built once per class (from ``__init_subclass__``) and stored on the class itself:
nothing process-global, so two apps or two tests never see each other's handlers.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter

from chanx.core.decorators import HandlerKind, HandlerSpec, get_handler_spec
from chanx.core.errors import DuplicateHandlerError, HandlerDefinitionError
from chanx.core.permissions import PermissionEntry
from chanx.core.unions import build_union_adapter
from chanx.messages.base import BaseMessage, action_values
from chanx.messages.outgoing import (
    AuthenticationMessage,
    CompleteMessage,
    ErrorMessage,
    EventCompleteMessage,
    GroupCompleteMessage,
)
from chanx.utils.annotations import flatten_message_types, resolve_annotation

__all__ = ["PROTOCOL_FRAMES", "Handler", "HandlerRegistry", "build_registry"]

#: Frames the framework itself may send on any connection.
PROTOCOL_FRAMES: tuple[type[BaseMessage], ...] = (
    ErrorMessage,
    AuthenticationMessage,
    CompleteMessage,
    GroupCompleteMessage,
    EventCompleteMessage,
)


@dataclass(frozen=True, slots=True)
class Handler:
    """A resolved handler: method name, message types, permissions and documentation."""

    name: str
    kind: HandlerKind
    spec: HandlerSpec
    input_type: type[BaseMessage]
    output_types: tuple[type[BaseMessage], ...]
    actions: tuple[str, ...]
    #: Per-handler permissions, checked before the handler runs (empty: no check at all).
    permissions: tuple[PermissionEntry, ...] = ()

    @property
    def operation(self) -> str:
        """AsyncAPI operation name: ``action=`` of the decorator, else the method name."""
        return self.spec.operation or self.name


@dataclass(frozen=True, slots=True)
class HandlerRegistry:
    """Everything routing and documentation need to know about one consumer class."""

    ws_handlers: tuple[Handler, ...]
    event_handlers: tuple[Handler, ...]
    passthrough_events: tuple[type[BaseMessage], ...]
    emits: tuple[type[BaseMessage], ...]
    discriminator: str
    ws_by_action: dict[str, Handler] = field(repr=False)
    event_by_action: dict[str, Handler] = field(repr=False)
    passthrough_by_action: dict[str, type[BaseMessage]] = field(repr=False)
    incoming_message_adapter: TypeAdapter[Any] = field(repr=False)
    #: The same union without the envelope wrap validator, for frames that carry no
    #: envelope key (see :func:`chanx.core.dispatch.submit_validated`).
    bare_message_adapter: TypeAdapter[Any] = field(repr=False)
    incoming_event_adapter: TypeAdapter[Any] = field(repr=False)
    outgoing_message_adapter: TypeAdapter[Any] = field(repr=False)

    @property
    def outgoing_types(self) -> tuple[type[BaseMessage], ...]:
        """Every message class this consumer may send, protocol frames included."""
        return _unique(
            [t for h in (*self.ws_handlers, *self.event_handlers) for t in h.output_types]
            + list(self.passthrough_events)
            + list(self.emits)
            + list(PROTOCOL_FRAMES)
        )


def build_registry(
    cls: type,
    *,
    discriminator: str = "action",
    passthrough_events: Sequence[type[BaseMessage]] = (),
    emits: Sequence[type[BaseMessage]] = (),
) -> HandlerRegistry:
    """Collect the decorated handlers of ``cls`` (and its bases) and build its adapters."""
    handlers = [_resolve(cls, name, spec, discriminator) for name, spec in _collect_specs(cls)]
    ws = tuple(h for h in handlers if h.kind == "ws")
    events = tuple(h for h in handlers if h.kind == "event")
    ws_by_action = _index(ws, "message")
    event_by_action = _index(events, "event")
    passthrough = tuple(
        _require_message(t, f"{cls.__name__}.passthrough_events") for t in passthrough_events
    )
    passthrough_by_action = {a: t for t in passthrough for a in action_values(t, discriminator)}
    registry_emits = tuple(_require_message(t, f"{cls.__name__}.emits") for t in emits)
    partial = HandlerRegistry(
        ws_handlers=ws,
        event_handlers=events,
        passthrough_events=passthrough,
        emits=registry_emits,
        discriminator=discriminator,
        ws_by_action=ws_by_action,
        event_by_action=event_by_action,
        passthrough_by_action=passthrough_by_action,
        incoming_message_adapter=build_union_adapter(
            [h.input_type for h in ws], discriminator, envelope=True
        ),
        bare_message_adapter=build_union_adapter([h.input_type for h in ws], discriminator),
        incoming_event_adapter=build_union_adapter(
            _unique([h.input_type for h in events] + list(passthrough)), discriminator
        ),
        outgoing_message_adapter=build_union_adapter([], discriminator),
    )
    # Replies are always routed on "action": protocol frames have no other key.
    outgoing = build_union_adapter(partial.outgoing_types, "action")
    object.__setattr__(partial, "outgoing_message_adapter", outgoing)
    return partial


def _collect_specs(cls: type) -> list[tuple[str, HandlerSpec]]:
    """Handler specs by method name; a subclass redefining a name replaces the base's."""
    names: dict[str, None] = {}
    for klass in reversed(cls.__mro__):
        for name, value in vars(klass).items():
            if get_handler_spec(value) is not None:
                names[name] = None
    found = []
    for name in names:
        spec = get_handler_spec(inspect.getattr_static(cls, name))
        if spec is not None:
            found.append((name, spec))
    return found


def _resolve(cls: type, name: str, spec: HandlerSpec, discriminator: str) -> Handler:
    owner = next(k for k in cls.__mro__ if name in vars(k))
    localns = {**vars(owner), owner.__name__: owner}
    module = spec.func.__module__
    where = f"{owner.__name__}.{name}"
    try:
        input_type = resolve_annotation(spec.input_annotation, module, localns)
        output = resolve_annotation(spec.output_annotation, module, localns)
    except NameError as exc:
        raise HandlerDefinitionError(
            f"Cannot resolve the annotations of {where}: {exc}. Define the message classes "
            "at module level or pass input_type=/output_type= explicitly."
        ) from exc
    input_type = _require_message(input_type, f"Input type of {where}")
    _require_discriminator(input_type, discriminator, where)
    outputs = tuple(
        _require_message(t, f"Output type of {where}") for t in flatten_message_types(output)
    )
    return Handler(
        name=name,
        kind=spec.kind,
        spec=spec,
        input_type=input_type,
        output_types=outputs,
        actions=action_values(input_type, discriminator),
        permissions=spec.permissions,
    )


def _require_discriminator(message: type[BaseMessage], field: str, where: str) -> None:
    info = message.model_fields.get(field)
    if info is None or typing.get_origin(info.annotation) is not typing.Literal:
        raise HandlerDefinitionError(
            f"Input type of {where} ({message.__name__}) must declare '{field}' as a "
            "Literal field: it is the consumer's discriminator_field"
        )


def _require_message(candidate: Any, what: str) -> type[BaseMessage]:
    if not (isinstance(candidate, type) and issubclass(candidate, BaseMessage)):
        raise HandlerDefinitionError(f"{what} {candidate!r} must be a BaseMessage subclass.")
    return candidate


def _index(handlers: Iterable[Handler], noun: str) -> dict[str, Handler]:
    table: dict[str, Handler] = {}
    for handler in handlers:
        for action in handler.actions:
            other = table.get(action)
            if other is not None and other.name != handler.name:
                raise DuplicateHandlerError(
                    f"Found two {noun} handlers for action '{action}': "
                    f"'{other.name}' and '{handler.name}'"
                )
            table[action] = handler
    return table


def _unique(types: Iterable[type[BaseMessage]]) -> tuple[type[BaseMessage], ...]:
    return tuple(dict.fromkeys(types))
