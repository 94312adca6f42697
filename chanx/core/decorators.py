"""``@ws_handler``, ``@event_handler`` and ``@channel``.

The method decorators attach one frozen :class:`HandlerSpec` to the function and return
the function itself, so handlers stay plain, directly callable methods. The consumer's
registry collects the specs once, when the consumer class is created.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar, overload

from chanx.core.errors import MissingInputTypeError
from chanx.core.permissions import PermissionEntry, validate_permission_entries
from chanx.utils.annotations import resolve_hints

__all__ = [
    "ChannelInfo",
    "HandlerKind",
    "HandlerSpec",
    "channel",
    "channel_info",
    "event_handler",
    "get_handler_spec",
    "ws_handler",
]

HandlerKind = Literal["ws", "event"]
F = TypeVar("F", bound=Callable[..., Awaitable[Any]])
C = TypeVar("C", bound=type)

SPEC_ATTRIBUTE = "__chanx_handler__"
CHANNEL_ATTRIBUTE = "__chanx_channel__"
_MISSING_INPUT = "Must provide input type either by annotate function or input_type parameter"


@dataclass(frozen=True, slots=True)
class HandlerSpec:
    """What a decorator recorded about one handler method.

    ``input_annotation``/``output_annotation`` may still be unresolved strings when the
    module uses ``from __future__ import annotations``; the registry resolves them.
    """

    kind: HandlerKind
    func: Callable[..., Awaitable[Any]]
    operation: str | None
    input_annotation: Any
    output_annotation: Any
    output_given: bool
    summary: str | None
    description: str | None
    tags: tuple[str, ...]
    #: ``permission_classes=`` of ``@ws_handler`` (see :mod:`chanx.core.permissions`).
    permissions: tuple[PermissionEntry, ...] = ()


@dataclass(frozen=True, slots=True)
class ChannelInfo:
    """AsyncAPI metadata of a consumer class."""

    name: str
    description: str | None
    tags: tuple[str, ...]


def get_handler_spec(obj: object) -> HandlerSpec | None:
    """The spec a handler decorator attached to ``obj``, if any."""
    spec = getattr(obj, SPEC_ATTRIBUTE, None)
    return spec if isinstance(spec, HandlerSpec) else None


def _first_parameter_annotation(func: Callable[..., Any]) -> Any:
    params = list(inspect.signature(func).parameters.values())
    if len(params) < 2 or params[1].annotation is inspect.Parameter.empty:
        return None
    hints = resolve_hints(func)
    return hints.get(params[1].name, params[1].annotation)


def _return_annotation(func: Callable[..., Any]) -> Any:
    annotation = inspect.signature(func).return_annotation
    if annotation is inspect.Signature.empty:
        return None
    return resolve_hints(func).get("return", annotation)


def _build_spec(
    kind: HandlerKind,
    func: Callable[..., Awaitable[Any]],
    *,
    operation: str | None,
    input_type: Any,
    output_type: Any,
    summary: str | None,
    description: str | None,
    tags: Sequence[str] | None,
    permissions: tuple[PermissionEntry, ...] = (),
) -> HandlerSpec:
    input_annotation = input_type if input_type is not None else _first_parameter_annotation(func)
    if input_annotation is None:
        raise MissingInputTypeError(_MISSING_INPUT)
    output_given = output_type is not None
    return HandlerSpec(
        kind=kind,
        func=func,
        operation=operation,
        input_annotation=input_annotation,
        output_annotation=output_type if output_given else _return_annotation(func),
        output_given=output_given,
        summary=summary,
        description=description if description is not None else _docstring(func),
        tags=tuple(tags or ()),
        permissions=permissions,
    )


def _docstring(obj: object) -> str | None:
    doc = inspect.getdoc(obj)
    return doc or None


def _decorator(kind: HandlerKind, func: F | None, **options: Any) -> F | Callable[[F], F]:
    """Attach a spec to ``func`` (bare form) or return the decorator (called form)."""

    def decorate(fn: F) -> F:
        setattr(fn, SPEC_ATTRIBUTE, _build_spec(kind, fn, **options))
        return fn

    return decorate(func) if func is not None else decorate


@overload
def ws_handler(func: F, /) -> F: ...
@overload
def ws_handler(
    func: None = None,
    /,
    *,
    action: str | None = None,
    input_type: Any = None,
    output_type: Any = None,
    description: str | None = None,
    summary: str | None = None,
    tags: Sequence[str] | None = None,
    permission_classes: Sequence[PermissionEntry] | None = None,
) -> Callable[[F], F]: ...
def ws_handler(
    func: F | None = None,
    /,
    *,
    action: str | None = None,
    input_type: Any = None,
    output_type: Any = None,
    description: str | None = None,
    summary: str | None = None,
    tags: Sequence[str] | None = None,
    permission_classes: Sequence[PermissionEntry] | None = None,
) -> F | Callable[[F], F]:
    """Route client frames whose ``action`` matches the input message to this method.

    The input type is ``input_type`` or the annotation of the first parameter after
    ``self``; what the method returns (a message, a list of messages or ``None``) is
    sent back to the client that sent the frame. ``action`` names the AsyncAPI
    operation (default: the method name); the wire routing key is always the input
    message's ``action`` literal.

    ``permission_classes`` (DRF permission classes, ``HasRoles(...)`` or any object
    with ``has_permission(request, view)``) are checked in order before the handler
    runs; a refusal answers ``permission_denied`` and the handler never runs (see
    :mod:`chanx.core.permissions`).
    """

    permissions = (
        validate_permission_entries(permission_classes, getattr(func, "__qualname__", "handler"))
        if permission_classes is not None
        else ()
    )
    return _decorator(
        "ws",
        func,
        operation=action,
        input_type=input_type,
        output_type=output_type,
        summary=summary,
        description=description,
        tags=tags,
        permissions=permissions,
    )


@overload
def event_handler(func: F, /) -> F: ...
@overload
def event_handler(
    func: None = None,
    /,
    *,
    input_type: Any = None,
    output_type: Any = None,
    description: str | None = None,
    summary: str | None = None,
    tags: Sequence[str] | None = None,
) -> Callable[[F], F]: ...
def event_handler(
    func: F | None = None,
    /,
    *,
    input_type: Any = None,
    output_type: Any = None,
    description: str | None = None,
    summary: str | None = None,
    tags: Sequence[str] | None = None,
) -> F | Callable[[F], F]:
    """Handle events arriving through the channel layer (``send_event``/``broadcast_event``).

    The return value is sent to this connection's client.
    """

    return _decorator(
        "event",
        func,
        operation=None,
        input_type=input_type,
        output_type=output_type,
        summary=summary,
        description=description,
        tags=tags,
        permissions=(),
    )


def channel(
    *,
    name: str | None = None,
    description: str | None = None,
    tags: Sequence[str] | None = None,
) -> Callable[[C], C]:
    """Attach AsyncAPI channel metadata to a consumer class.

    ``name`` defaults to the class name without ``Consumer``, snake_cased;
    ``description`` defaults to the class docstring.
    """

    def decorate(cls: C) -> C:
        info = ChannelInfo(
            name=name or default_channel_name(cls),
            description=description if description is not None else _own_docstring(cls),
            tags=tuple(tags or ()),
        )
        setattr(cls, CHANNEL_ATTRIBUTE, info)
        return cls

    return decorate


def channel_info(cls: type) -> ChannelInfo:
    """The channel metadata of ``cls``: from ``@channel`` on this very class, or defaults."""
    info = vars(cls).get(CHANNEL_ATTRIBUTE)
    if isinstance(info, ChannelInfo):
        return info
    return ChannelInfo(name=default_channel_name(cls), description=_own_docstring(cls), tags=())


def default_channel_name(cls: type) -> str:
    """``RoomChatConsumer`` → ``room_chat``."""
    base = cls.__name__.removesuffix("Consumer") or cls.__name__
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", base).lower()


def _own_docstring(cls: type) -> str | None:
    doc = vars(cls).get("__doc__")
    return inspect.cleandoc(doc) if isinstance(doc, str) and doc.strip() else None
