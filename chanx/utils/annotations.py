"""Resolving annotations that may be strings (``from __future__ import annotations``)."""

from __future__ import annotations

import sys
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, Union

__all__ = ["flatten_message_types", "resolve_annotation", "resolve_hints"]


def resolve_hints(
    func: Callable[..., Any], localns: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """``typing.get_type_hints`` that returns ``{}`` instead of raising on unknown names."""
    try:
        return typing.get_type_hints(func, localns=dict(localns) if localns else None)
    except (NameError, TypeError, AttributeError):
        return {}


def resolve_annotation(annotation: Any, module: str, localns: Mapping[str, Any]) -> Any:
    """Evaluate a string annotation in its module's globals and the class namespace."""
    if not isinstance(annotation, str):
        return annotation
    globalns = vars(sys.modules[module]) if module in sys.modules else {}
    return eval(annotation, dict(globalns), dict(localns))


def flatten_message_types(annotation: Any) -> tuple[type, ...]:
    """``A | B``, ``list[A]``, ``tuple[A, B]``, ``[A, B]`` or ``A`` → ``(A, B)``; ``None`` → ()."""
    if annotation is None or annotation is type(None):
        return ()
    if isinstance(annotation, list | tuple | set | frozenset):
        return _unique(t for item in annotation for t in flatten_message_types(item))
    origin = typing.get_origin(annotation)
    if origin in (Union, types.UnionType, list, tuple, set, frozenset, typing.Annotated):
        args = typing.get_args(annotation)
        if origin is typing.Annotated:
            args = args[:1]
        return _unique(t for arg in args if arg is not Ellipsis for t in flatten_message_types(arg))
    if isinstance(annotation, type):
        return (annotation,)
    return ()


def _unique(items: typing.Iterable[type]) -> tuple[type, ...]:
    return tuple(dict.fromkeys(items))
